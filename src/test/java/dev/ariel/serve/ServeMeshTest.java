package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.cli.Cli;
import dev.ariel.testing.MiniJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /models/{id}/mesh} over real HTTP: the CLI's bytes, exact JSON errors, and the renders' budget. */
class ServeMeshTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Path TORUS = Path.of("models/torus.vm");
    private static ArielServer server;
    private static String torusId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ArielServer.start(config(30_000), System.err);
        torusId = ModelStore.id(Files.readAllBytes(TORUS));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static ServeConfig config(long budgetMs) {
        return ServeConfig.defaults().withPort(0).withModels(List.of(TORUS)).withConcurrency(2, 2, 4)
                .withLimits(1 << 20, 20_000, 2048, 12, budgetMs)
                .withEngine(dev.ariel.wiring.EngineKind.AUTO, ServeConfig.defaults().compile(), false);
    }

    private static HttpResponse<byte[]> get(ArielServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private byte[] cli(String file, String... extra) throws Exception {
        Path out = tmp.resolve(file);
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"mesh", TORUS.toString(), "-q", "--no-cache", "-o", out.toString()}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(new StringWriter()); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        assertEquals(0, code, err::toString);
        return Files.readAllBytes(out);
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String message) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(body);
        assertEquals(message, j.get("error"));
        assertEquals(status, ((Number) j.get("status")).intValue());
    }

    @Test
    void meshesAreTheCliBytesInEveryFormat() throws Exception {
        String m = "models/" + torusId + "/mesh";
        for (String[] f : new String[][] {{"stl", "model/stl"}, {"obj", "model/obj"}, {"ply", "application/octet-stream"}}) {
            HttpResponse<byte[]> r = get(server, m + "?depth=4&format=" + f[0]);
            assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(f[1], r.headers().firstValue("Content-Type").orElse(null));
            assertEquals("attachment; filename=\"torus." + f[0] + "\"", r.headers().firstValue("Content-Disposition").orElse(null));
            assertArrayEquals(cli("t." + f[0], "--level", "4"), r.body(), f[0]);
        }
        // The defaults: binary STL at depth 7, as the CLI's.
        HttpResponse<byte[]> r = get(server, m);
        assertEquals(200, r.statusCode());
        assertArrayEquals(cli("d.stl"), r.body());
    }

    @Test
    void badParametersGet400Or422WithExactMessages() throws Exception {
        String m = "models/" + torusId + "/mesh";
        // As /render3d's: 400 for a malformed value or one below the least, 422 past a limit.
        assertError(get(server, m + "?depth=0"), 400, "depth must be at least 1, not 0");
        assertError(get(server, m + "?depth=13"), 422, "depth 13 is deeper than the limit of 12 (4,096 cells a side)");
        assertError(get(server, m + "?depth=deep"), 400, "depth must be an integer, not 'deep'");
        assertError(get(server, m + "?format=3mf"), 400, "format must be stl, obj or ply, not '3mf'");
        assertError(get(server, m + "?level=3"), 400, "unknown parameter 'level'; this path takes depth, format");
        HttpResponse<byte[]> big = get(server, m + "?depth=12");
        assertEquals(413, big.statusCode(), () -> new String(big.body(), StandardCharsets.UTF_8));
        assertTrue(new String(big.body(), StandardCharsets.UTF_8).contains("a depth-12 mesh needs about "));
    }

    @Test
    void aMeshPastTheBudgetGets422AndTheServiceGoesOn() throws Exception {
        try (ArielServer s = ArielServer.start(config(200), System.err)) {
            String m = "models/" + s.modelIds().getFirst() + "/mesh";
            assertError(get(s, m + "?depth=8"), 422,
                    "the render ran past its time budget of 200 ms (--budget-ms): ask for a smaller depth");
            assertEquals(200, get(s, m + "?depth=1").statusCode(), "the next request is served");
        }
    }
}
