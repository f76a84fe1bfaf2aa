package dev.ariel.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * A request's line and headers as the {@link HttpFront} read them, checked so that the JDK's
 * server will accept them, and ready to relay: the request target has its non-ASCII bytes
 * percent-encoded (the JDK reads the line as ISO-8859-1, which garbles them).
 *
 * @param bytes the head to relay, blank line included
 * @param contentLength the length of the body that follows
 */
record RequestHead(byte[] bytes, long contentLength) {
    private static final String HEX = "0123456789ABCDEF";

    /** A request the front answers itself, with the documented JSON error. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads one head from {@code in}; null if the connection ended before a request began.
     * {@code started} runs when its first byte arrives.
     */
    static RequestHead read(InputStream in, int maxBytes, int maxHeaders, Runnable started) throws IOException, Refused {
        int first = in.read();
        while (first == '\r' || first == '\n') first = in.read(); // blank lines before a request are allowed
        if (first < 0) return null;
        started.run();
        int[] budget = {maxBytes - 1};
        String line = (char) first + line(in, budget);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(requestLine(line).getBytes(StandardCharsets.ISO_8859_1));
        long length = 0;
        boolean sawLength = false;
        for (int headers = 0; ; headers++) {
            String h = line(in, budget);
            if (h.isEmpty()) break;
            if (headers >= maxHeaders) throw new Refused(431, "the request has more than " + maxHeaders + " headers");
            int colon = h.indexOf(':');
            if (colon <= 0 || !token(h.substring(0, colon))) {
                throw new Refused(400, "a request header is malformed: '" + shorten(h) + "'");
            }
            String name = h.substring(0, colon), value = h.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new Refused(411, "send the body with a Content-Length: the service takes no Transfer-Encoding");
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                if (sawLength) throw new Refused(400, "Content-Length is given twice");
                sawLength = true;
                length = contentLength(value);
            }
            out.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return new RequestHead(out.toByteArray(), length);
    }

    // One line without its CRLF, read as ISO-8859-1 (bytes kept one to one), counting against the budget.
    private static String line(InputStream in, int[] budget) throws IOException, Refused {
        StringBuilder sb = new StringBuilder(64);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) throw new IOException("the client closed the connection inside a request's headers");
            if (--budget[0] < 0) throw new Refused(431, "the request's line and headers are over 64 KB");
            sb.append((char) b);
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
        return sb.toString();
    }

    private static String requestLine(String line) throws Refused {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !token(parts[0]) || !parts[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "the request line is malformed: '" + shorten(line) + "'");
        }
        String target = encodeBytes(parts[1]);
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            if (Params.hexByte(target, i) < 0) {
                throw new Refused(400, "the URL is not valid URL encoding: the '%' at " + (i + 1) + " of '"
                        + shorten(Params.displayPath(target)) + "' is not followed by two hex digits");
            }
        }
        try {
            new URI(target);
        } catch (URISyntaxException e) {
            throw new Refused(400, "the URL '" + shorten(Params.displayPath(target)) + "' is not valid: " + e.getReason());
        }
        return parts[0] + " " + target + " " + parts[2] + "\r\n";
    }

    // Raw bytes above ASCII, controls and characters a URI may not hold, percent-encoded.
    private static String encodeBytes(String latin1) {
        StringBuilder sb = new StringBuilder(latin1.length());
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) sb.append(c);
            else sb.append('%').append(HEX.charAt(c >> 4 & 15)).append(HEX.charAt(c & 15));
        }
        return sb.toString();
    }

    private static long contentLength(String value) throws Refused {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refused(400, "Content-Length is not a number: '" + shorten(value) + "'");
        }
        return Long.parseLong(value);
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
