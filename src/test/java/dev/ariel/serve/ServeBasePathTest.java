package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --base-path}: the service under a prefix, as a proxy that passes the prefix on sees it. */
class ServeBasePathTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects

    private static HttpResponse<String> get(ArielServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteAndLinkIsUnderThePrefix() throws Exception {
        ServeConfig c = ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("showcase.vm")))
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false).withBasePath("/ariel");
        try (ArielServer s = ArielServer.start(c, System.err)) {
            HttpResponse<String> bare = get(s, "ariel");
            assertEquals(308, bare.statusCode());
            assertEquals(Optional.of("/ariel/"), bare.headers().firstValue("Location"));
            HttpResponse<String> page = get(s, "ariel/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("src=\"viewer/viewer.js\""), "the page's links are relative");
            assertEquals(200, get(s, "ariel/viewer/viewer.js").statusCode());
            assertEquals(200, get(s, "ariel/health").statusCode());
            assertEquals(200, get(s, "ariel/models/" + s.modelIds().getFirst() + "/tiles/0/0/0.png").statusCode());
            HttpResponse<String> outside = get(s, "health");
            assertEquals(404, outside.statusCode());
            assertTrue(outside.body().contains("this service is served under /ariel/"), outside.body());
            assertEquals(404, get(s, "arielx/health").statusCode());
            HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(s.uri().resolve("ariel/models?name=c.vm"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(SharedModels.ours("circle.vm")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, posted.statusCode(), posted.body());
            assertTrue(posted.headers().firstValue("Location").orElse("").startsWith("/ariel/models/"));
        }
        // The viewer's own script asks for models/... relative to its page, never /models/...
        String js = Files.readString(java.nio.file.Path.of("src/main/resources/dev/ariel/serve/viewer/viewer.js"));
        assertTrue(!js.contains("'/models") && !js.contains("\"/models") && !js.contains("`/models"), "an absolute path in viewer.js");
    }

    @Test
    void badPrefixesAreRefusedByName() {
        for (String bad : List.of("ariel", "/ariel/", "/a b", "/a/../b", "/..")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServeConfig.defaults().withBasePath(bad));
            assertTrue(e.getMessage().startsWith("--base-path takes a path such as /ariel"), e.getMessage());
        }
    }
}
