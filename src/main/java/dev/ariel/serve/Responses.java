package dev.ariel.serve;

import dev.ariel.io.JsonWriter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes the service's responses: JSON, errors in the documented form, images and the viewer's files. */
final class Responses {
    private static final Pattern VIEWER_FILE = Pattern.compile("/viewer/([a-z0-9-]{1,40}\\.(html|js|css|png|svg|ico))");
    private static final String VIEWER_RESOURCES = "/dev/ariel/serve/viewer/";

    private Responses() {}

    static int json(HttpExchange ex, int status, String json) throws IOException {
        return send(ex, status, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    /** The documented error body; a client that went away, or headers already sent, leave nothing to tell. */
    static void error(HttpExchange ex, int status, String message) {
        try {
            json(ex, status, errorJson(status, message));
        } catch (IOException | RuntimeException e) {
            // nothing more to tell it
        }
    }

    /** {@code {"status": S, "error": "..."}}, the one-line body of every error. */
    static String errorJson(int status, String message) {
        return JsonWriter.spaced().beginObject().field("status", status).field("error", message).endObject().text();
    }

    static int send(HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("X-Content-Type-Options", "nosniff");
        headers.forEach(h::set);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    static int image(HttpExchange ex, ImageRenders.Answer a) throws IOException {
        Rendered r = a.rendered();
        Map<String, String> h = new HashMap<>();
        h.put("X-Ariel-Tier", a.fromCache() ? "cache" : r.tier());
        double ms = a.fromCache() ? 0 : r.renderNanos() / 1e6;
        h.put("X-Ariel-Render-Ms", String.format(Locale.ROOT, "%.3f", ms));
        h.put("Server-Timing", String.format(Locale.ROOT, "render;dur=%.3f", ms));
        if (r.note() != null) h.put("X-Ariel-Note", r.note());
        if (!a.fromCache() && r.voxels() != null) {
            h.put("X-Ariel-Voxels", r.voxels());
        } else if (!a.fromCache()) {
            h.put("X-Ariel-Pixels", "interval=" + r.intervalPixels() + ",interp=" + r.interpPixels() + ",jit=" + r.jitPixels());
        }
        if (r.immutable()) {
            String etag = EntityTags.of(r.body());
            h.put("Cache-Control", "public, max-age=31536000, immutable");
            h.put("ETag", etag);
            // Several If-None-Match headers are one list (RFC 9110, section 5.3).
            java.util.List<String> match = ex.getRequestHeaders().get("If-None-Match");
            if (match != null && EntityTags.noneMatchHits(String.join(", ", match), etag)) {
                h.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(304, -1);
                return 304;
            }
        } else {
            h.put("Cache-Control", "no-store");
        }
        return send(ex, 200, r.contentType(), r.body(), h);
    }

    static int viewer(HttpExchange ex, String path) throws IOException {
        Matcher m = VIEWER_FILE.matcher(path);
        if (!m.matches()) throw ApiException.notFound("no such viewer file: " + Params.displayPath(path));
        byte[] bytes;
        try (InputStream in = Responses.class.getResourceAsStream(VIEWER_RESOURCES + m.group(1))) {
            if (in == null) throw ApiException.notFound("no such viewer file: " + Params.displayPath(path));
            bytes = in.readAllBytes();
        }
        String type = switch (m.group(2)) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            default -> "image/x-icon";
        };
        // The viewer ships in the jar: a new jar may change it, so browsers revalidate.
        return send(ex, 200, type, bytes, Map.of("Cache-Control", "no-cache"));
    }
}
