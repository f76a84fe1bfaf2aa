package dev.ariel.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin reads ({@code --cors ORIGIN,...}): pages of the listed origins (a map page, a
 * viewer on another host, a CDN's) may read the service's answers. Only reads: a state-changing
 * request from another site stays refused by {@link RequestGuard}, so a listed origin can show
 * tiles but not upload models. None is listed by default, and then no CORS header is sent.
 */
final class CrossOrigin {
    // What a page may read of an image answer besides the simple headers.
    private static final String EXPOSED = "ETag, Server-Timing, X-Ariel-Tier, X-Ariel-Render-Ms, X-Ariel-Pixels, "
            + "X-Ariel-Voxels, X-Ariel-Note";
    private final Set<String> origins;
    private final boolean any;

    private CrossOrigin(Set<String> origins, boolean any) {
        this.origins = origins;
        this.any = any;
    }

    /** The policy for {@code listed} origins: each {@code scheme://host[:port]}, or {@code *} for any. */
    static CrossOrigin of(List<String> listed) {
        return new CrossOrigin(Set.copyOf(listed.stream().filter(o -> !o.equals("*")).map(CrossOrigin::normalize).toList()),
                listed.contains("*"));
    }

    /**
     * An origin as browsers send it: lower-case scheme and host, the port only where it is not
     * the scheme's default.
     *
     * @throws IllegalArgumentException for anything else (a path, a missing scheme), naming it
     */
    static String normalize(String origin) {
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null
                    || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("--cors takes origins such as https://maps.example.org or *, not '" + origin + "'");
            }
            int port = u.getPort();
            boolean standard = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (standard ? "" : ":" + port);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cors takes origins such as https://maps.example.org or *, not '" + origin + "'");
        }
    }

    /** Whether no origin is listed. */
    boolean off() {
        return origins.isEmpty() && !any;
    }

    /**
     * Adds the response headers that let the request's origin read the answer, if it is listed.
     * Returns whether the request is a preflight of a listed origin, which the caller answers 204.
     */
    boolean apply(HttpExchange ex) {
        if (off()) return false;
        Headers in = ex.getRequestHeaders();
        Headers out = ex.getResponseHeaders();
        // Caches must keep answers apart by the Origin they were given for.
        if (!any) out.add("Vary", "Origin");
        String origin = in.getFirst("Origin");
        if (origin == null || !allows(origin)) return false;
        out.set("Access-Control-Allow-Origin", any ? "*" : origin);
        out.set("Access-Control-Expose-Headers", EXPOSED);
        boolean preflight = ex.getRequestMethod().equals("OPTIONS") && in.getFirst("Access-Control-Request-Method") != null;
        if (preflight) {
            out.set("Access-Control-Allow-Methods", "GET, HEAD");
            out.set("Access-Control-Allow-Headers", "If-None-Match, Range");
            out.set("Access-Control-Max-Age", "600");
        }
        return preflight;
    }

    private boolean allows(String origin) {
        if (any) return true;
        try {
            return origins.contains(normalize(origin));
        } catch (IllegalArgumentException e) {
            return false; // "null" and other opaque origins
        }
    }
}
