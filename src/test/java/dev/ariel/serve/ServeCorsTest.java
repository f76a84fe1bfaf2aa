package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --cors}: listed origins read tiles across origins, others and uploads get nothing more. */
class ServeCorsTest {
    // The JDK's client refuses to set Origin unless told that it is allowed to.
    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin,host");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ArielServer start(List<String> origins) throws Exception {
        ServeConfig c = ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("showcase.vm")))
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false)
                .withClients(ServeConfig.Clients.defaults().withCorsOrigins(origins));
        return ArielServer.start(c, System.err);
    }

    private static HttpResponse<byte[]> send(ArielServer s, String method, String path, String origin, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) b.header("Origin", origin);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    @Test
    void aListedOriginReadsTilesAndItsPreflightIsAnswered() throws Exception {
        try (ArielServer s = start(List.of("https://Maps.Example.org:443", "http://localhost:3000"))) {
            String tile = "models/" + s.modelIds().getFirst() + "/tiles/1/0/0.png";
            HttpResponse<byte[]> r = send(s, "GET", tile, "https://maps.example.org");
            assertEquals(200, r.statusCode());
            assertEquals(Optional.of("https://maps.example.org"), header(r, "Access-Control-Allow-Origin"));
            assertTrue(header(r, "Access-Control-Expose-Headers").orElse("").contains("ETag"));
            assertTrue(r.headers().allValues("Vary").contains("Origin"), r.headers().toString());
            HttpResponse<byte[]> other = send(s, "GET", tile, "https://evil.example.com");
            assertEquals(200, other.statusCode(), "a page's request still works; the browser hides the answer");
            assertEquals(Optional.empty(), header(other, "Access-Control-Allow-Origin"));
            HttpResponse<byte[]> pre = send(s, "OPTIONS", tile, "http://localhost:3000", "Access-Control-Request-Method", "GET");
            assertEquals(204, pre.statusCode());
            assertEquals(Optional.of("GET, HEAD"), header(pre, "Access-Control-Allow-Methods"));
            // An error answer is readable too, so a page can show why.
            HttpResponse<byte[]> missing = send(s, "GET", "models/0123/render", "http://localhost:3000");
            assertEquals(404, missing.statusCode());
            assertEquals(Optional.of("http://localhost:3000"), header(missing, "Access-Control-Allow-Origin"));
            // Uploads from a listed origin stay refused: CORS opens reads only.
            HttpResponse<byte[]> post = HTTP.send(HttpRequest.newBuilder(s.uri().resolve("models?name=x.vm"))
                    .header("Origin", "https://maps.example.org").POST(HttpRequest.BodyPublishers.ofString("_0 var-x\n")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, post.statusCode());
        }
    }

    @Test
    void noOriginIsListedByDefaultAndStarListsEvery() throws Exception {
        try (ArielServer s = start(List.of())) {
            HttpResponse<byte[]> r = send(s, "GET", "health", "https://maps.example.org");
            assertEquals(Optional.empty(), header(r, "Access-Control-Allow-Origin"));
            assertFalse(r.headers().allValues("Vary").contains("Origin"));
            assertEquals(405, send(s, "OPTIONS", "health", "https://maps.example.org", "Access-Control-Request-Method", "GET").statusCode());
        }
        try (ArielServer s = start(List.of("*"))) {
            assertEquals(Optional.of("*"), header(send(s, "GET", "health", "https://anyone.example"), "Access-Control-Allow-Origin"));
        }
    }

    @Test
    void badOriginsAreRefusedByName() {
        for (String bad : List.of("maps.example.org", "https://maps.example.org/viewer", "ftp://x.org", "https://u@x.org")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServeConfig.Clients.defaults().withCorsOrigins(List.of(bad)));
            assertEquals("--cors takes origins such as https://maps.example.org or *, not '" + bad + "'", e.getMessage());
        }
    }
}
