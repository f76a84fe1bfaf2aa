package dev.ariel.serve;

/**
 * Entity tags of the service's immutable images, and the {@code If-None-Match} test of RFC 9110
 * (section 13.1.2): a strong tag from a hash of the bytes, matched against a header that may
 * list several tags, hold {@code *}, or carry weak ({@code W/}) tags, by weak comparison.
 */
final class EntityTags {
    private EntityTags() {}

    /**
     * The strong tag of {@code body}: the first 128 bits of its SHA-256, quoted. Equal bytes give
     * equal tags in every replica and release, and different bytes practically never share one
     * (a 32-bit hash and a length, as before, would let a cache keep an old image).
     */
    static String of(byte[] body) {
        return "\"" + ModelStore.id(body) + "\""; // the same 128 bits of SHA-256 that name a model
    }

    /**
     * Whether an {@code If-None-Match} header value matches {@code etag}, so that the answer is
     * 304: {@code *} matches any current entity; otherwise a listed tag whose opaque part equals
     * the tag's (weak comparison: {@code W/"a"} matches {@code "a"}). A value that does not parse
     * matches nothing, so the client gets the full answer rather than a wrong 304.
     */
    static boolean noneMatchHits(String header, String etag) {
        if (header == null) return false;
        String opaque = opaque(etag);
        int i = 0, n = header.length();
        while (i < n) {
            i = skipSpaceAndCommas(header, i);
            if (i >= n) break;
            if (header.charAt(i) == '*') return true;
            if (header.startsWith("W/", i)) i += 2;
            if (i >= n || header.charAt(i) != '"') return false;
            int close = header.indexOf('"', i + 1);
            if (close < 0) return false;
            int next = close + 1;
            // A tag ends at a comma or white space; anything else makes the whole value malformed.
            if (next < n && header.charAt(next) != ',' && header.charAt(next) != ' ' && header.charAt(next) != '\t') return false;
            if (header.substring(i, next).equals(opaque)) return true;
            i = next;
        }
        return false;
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    private static int skipSpaceAndCommas(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) i++;
        return i;
    }
}
