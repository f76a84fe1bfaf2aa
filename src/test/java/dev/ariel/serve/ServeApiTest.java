package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.cli.Cli;
import dev.ariel.testing.MiniJson;
import dev.ariel.testing.SharedModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's API end to end over real HTTP on loopback: images equal the CLI's byte for byte,
 * posting is idempotent, and every error status comes with its JSON body and exact message.
 */
class ServeApiTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Path SHOWCASE = SharedModels.ours("showcase.vm");
    private static ArielServer server;
    private static String showcaseId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ArielServer.start(base(), System.err);
        showcaseId = ModelStore.id(Files.readAllBytes(SHOWCASE));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // Small limits, so that each can be passed cheaply; the showcase model is loaded at start.
    private static ServeConfig base() {
        return ServeConfig.defaults().withPort(0).withModels(List.of(SHOWCASE))
                .withLimits(1 << 20, 20_000, 2048, 12, 30_000).withEngine(dev.ariel.wiring.EngineKind.AUTO, ServeConfig.defaults().compile(), false);
    }

    // ---- images ----

    @Test
    void tilesAndRendersEqualTheCliByteForByte() throws Exception {
        Path prospero = SharedModels.require("prospero.vm");
        String id = post(server, Files.readAllBytes(prospero), "prospero.vm").get("id").toString();
        // Tile (0,0,0) is the 256-px grid of pixel centres over [-1,1]^2; (3,2,5) a deeper one, in SDF.
        assertSameBytes(get(server, "models/" + id + "/tiles/0/0/0.png"),
                cli(prospero, "-s", "256", "--scale", "0.99609375"));
        assertSameBytes(get(server, "models/" + id + "/tiles/3/2/5.png?mode=sdf"),
                cli(prospero, "-s", "256", "--center", "-0.375,-0.375", "--scale", "0.12451171875", "--mode", "sdf"));
        assertSameBytes(get(server, "models/" + id + "/render?w=300&h=200&cx=0.1&cy=-0.2&scale=0.7&format=pgm"),
                cli(prospero, "--width", "300", "--height", "200", "--center", "0.1,-0.2", "--scale", "0.7", "--format", "pgm"));
        assertSameBytes(get(server, "models/" + id + "/render"), cli(prospero));
    }

    @Test
    void debugTilesShowHowPixelsWereDecidedAsTheCliDoes() throws Exception {
        // Nothing is compiled for one render of a tile, so the debug colours are the interpreter's.
        assertSameBytes(get(server, "models/" + showcaseId + "/tiles/1/0/1.png?mode=debug"),
                cli(SHOWCASE, "-s", "256", "--center", "-0.5,-0.5", "--scale", "0.498046875", "--mode", "debug",
                        "--tiles", "512,128,32", "--engine", "interp"));
    }

    @Test
    void imagesReportTheirTierAndAreCachedUnlessTheyShowTiers() throws Exception {
        String path = "models/" + showcaseId + "/tiles/2/1/2.png";
        HttpResponse<byte[]> first = get(server, path);
        HttpResponse<byte[]> second = get(server, path);
        assertEquals(200, first.statusCode());
        assertTrue(List.of("interval", "interp", "jit").contains(header(first, "X-Ariel-Tier")), () -> header(first, "X-Ariel-Tier"));
        assertTrue(Pattern.matches("interval=\\d+,interp=\\d+,jit=\\d+", header(first, "X-Ariel-Pixels")));
        assertEquals("cache", header(second, "X-Ariel-Tier"));
        assertArrayEquals(first.body(), second.body());
        assertEquals("public, max-age=31536000, immutable", header(first, "Cache-Control"));
        // A client that holds the tile revalidates for nothing.
        HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .header("If-None-Match", header(first, "ETag")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode());
        assertEquals(header(first, "ETag"), header(again, "ETag"));
        // RFC 9110: a list, a weak tag and * revalidate too; another tag gets the image.
        for (String value : List.of("\"00\", " + header(first, "ETag"), "W/" + header(first, "ETag"), "*", "\"00\"")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path))
                    .header("If-None-Match", value).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(value.equals("\"00\"") ? 200 : 304, r.statusCode(), value);
        }
        HttpResponse<byte[]> debug = get(server, path + "?mode=debug");
        assertEquals("no-store", header(debug, "Cache-Control"));
        assertFalse(header(get(server, path + "?mode=debug"), "X-Ariel-Tier").equals("cache"));
    }

    @Test
    void concurrentClientsGetTheSameTilesAndEachIsRenderedOnce() throws Exception {
        String id = post(server, Files.readAllBytes(SharedModels.ours("circle.vm")), "circle.vm").get("id").toString();
        List<String> paths = new ArrayList<>();
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) paths.add("models/" + id + "/tiles/2/" + x + "/" + y + ".png?mode=sdf");
        }
        Map<String, byte[]> seen = new ConcurrentHashMap<>();
        List<String> mismatches = new ArrayList<>();
        long rendersBefore = counter(metrics(server), "ariel_renders_total{tier=\"interp\"}")
                + counter(metrics(server), "ariel_renders_total{tier=\"interval\"}")
                + counter(metrics(server), "ariel_renders_total{tier=\"jit\"}");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                List<String> mine = new ArrayList<>(paths);
                java.util.Collections.shuffle(mine, new java.util.Random(c));
                all.add(CompletableFuture.runAsync(() -> {
                    for (String p : mine) {
                        HttpResponse<byte[]> r = get(server, p);
                        byte[] before = seen.putIfAbsent(p, r.body());
                        if (r.statusCode() != 200 || before != null && !java.util.Arrays.equals(before, r.body())) {
                            synchronized (mismatches) {
                                mismatches.add(p + " " + r.statusCode());
                            }
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        assertEquals(List.of(), mismatches);
        String m = metrics(server);
        long renders = counter(m, "ariel_renders_total{tier=\"interp\"}") + counter(m, "ariel_renders_total{tier=\"interval\"}")
                + counter(m, "ariel_renders_total{tier=\"jit\"}") - rendersBefore;
        assertEquals(16, renders, "each of the 16 tiles should be rendered once, whatever the clients' order");
    }

    // ---- models ----

    @Test
    void postingTheSameModelTwiceIsIdempotent() throws Exception {
        byte[] text = Files.readAllBytes(SharedModels.ours("dense.vm"));
        Map<String, Object> first = post(server, text, "dense.vm");
        long compiled = counter(metrics(server), "ariel_tapes_compiled_total");
        HttpResponse<String> again = postRaw(server, text, "dense.vm");
        Map<String, Object> second = json(again.body());
        String id = first.get("id").toString();
        assertEquals(ModelStore.id(text), id);
        assertTrue(Pattern.matches("[0-9a-f]{32}", id));
        assertEquals(200, again.statusCode(), "a second post finds the model");
        assertEquals(id, second.get("id"));
        assertEquals(false, second.get("created"));
        assertEquals("/models/" + id, again.headers().firstValue("Location").orElse(null));
        assertEquals(compiled, counter(metrics(server), "ariel_tapes_compiled_total"), "a second post compiles nothing");
        assertTrue(getText(server, "models").contains("\"id\": \"" + id + "\""));
        Map<String, Object> one = json(getText(server, "models/" + id));
        assertEquals("dense.vm", one.get("name"));
        assertEquals(List.of("x", "y"), one.get("variables"));
    }

    @Test
    void aModelLoadedAtStartIsPinnedAndFoundByItsContent() throws Exception {
        HttpResponse<String> r = postRaw(server, Files.readAllBytes(SHOWCASE), "other-name.vm");
        assertEquals(200, r.statusCode());
        Map<String, Object> m = json(r.body());
        assertEquals(showcaseId, m.get("id"));
        assertEquals(true, m.get("pinned"));
        assertEquals("showcase.vm", m.get("name"));
    }

    @Test
    void unusedUploadsExpire() throws Exception {
        ServeConfig c = base().withModels(List.of()).withMemory(4, 1, 1 << 20, 1 << 20);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = post(s, "_0 var-x\n_1 var-y\n_2 add _0 _1\n".getBytes(StandardCharsets.UTF_8), "a.vm").get("id").toString();
            assertEquals(200, get(s, "models/" + id + "/tiles/0/0/0.png").statusCode());
            // The list does not count as use: asking for the model itself would keep it alive.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (getText(s, "models").contains(id) && System.nanoTime() < deadline) Thread.sleep(250);
            assertError(get(s, "models/" + id), 404, "no model with id '" + id + "' (it may have expired: post it again)");
            assertEquals(1, counter(metrics(s), "ariel_models_expired_total"));
            assertEquals(0, counter(metrics(s), "ariel_tile_cache_entries"), "an expired model's tiles go with it");
        }
    }

    @Test
    void pastTheModelLimitTheLeastRecentlyUsedUploadGoes() throws Exception {
        ServeConfig c = base().withModels(List.of()).withMemory(2, 3600, 1 << 20, 1 << 20);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String a = post(s, "_0 var-x\n".getBytes(StandardCharsets.UTF_8), "a.vm").get("id").toString();
            String b = post(s, "_0 var-y\n".getBytes(StandardCharsets.UTF_8), "b.vm").get("id").toString();
            assertEquals(200, get(s, "models/" + a).statusCode()); // a is now more recent than b
            String cId = post(s, "_0 var-x\n_1 neg _0\n".getBytes(StandardCharsets.UTF_8), "c.vm").get("id").toString();
            assertEquals(200, get(s, "models/" + a).statusCode());
            assertEquals(200, get(s, "models/" + cId).statusCode());
            assertEquals(404, get(s, "models/" + b).statusCode());
        }
    }

    // ---- errors ----

    @Test
    void badRequestsGet400WithTheirProblemNamed() throws Exception {
        String m = "models/" + showcaseId;
        assertError(get(server, m + "/render?w=abc"), 400, "w must be an integer, not 'abc'");
        assertError(get(server, m + "/render?cx=nan"), 400, "cx must be a finite number, not 'nan'");
        assertError(get(server, m + "/render?scale=0"), 400, "scale must be > 0, not 0");
        assertError(get(server, m + "/render?w=0"), 400, "w and h must be at least 1, not 0x1024");
        assertError(get(server, m + "/render?mode=pretty"), 400, "mode must be mono, sdf or debug, not 'pretty'");
        assertError(get(server, m + "/render?format=gif"), 400, "format must be png, pgm or ppm, not 'gif'");
        assertError(get(server, m + "/render?wdth=3"), 400,
                "unknown parameter 'wdth'; this path takes w, h, cx, cy, scale, z, mode, format");
        assertError(get(server, m + "/render?w=3&w=4"), 400, "parameter 'w' is given twice");
        assertError(get(server, m + "/ir?stage=middle"), 400, "stage must be before or after, not 'middle'");
        assertError(get(server, m + "/tiles/-1/0/0.png"), 400, "the zoom level must be at least 0, not -1");
        assertError(get(server, "health?verbose=1"), 400, "unknown parameter 'verbose': this path takes none");
        assertError(postRaw(server, "_0 var-x".getBytes(StandardCharsets.UTF_8), "../etc/passwd"), 400,
                "name must be 1 to 100 characters with no '/', '\\' or control character, not '../etc/passwd'");
        assertError(postRaw(server, new byte[0], "empty.vm"), 400, "the body is empty: post the text of a .vm model");
    }

    @Test
    void unknownThingsGet404AndWrongMethods405() throws Exception {
        assertError(get(server, "models/0123456789abcdef0123456789abcdef"), 404,
                "no model with id '0123456789abcdef0123456789abcdef' (it may have expired: post it again)");
        assertError(get(server, "nowhere"), 404, "no such path: /nowhere (see docs/serve.md)");
        assertError(get(server, "models/" + showcaseId + "/tiles/1/2.png"), 404,
                "no such tile: /tiles/1/2.png (tiles are /tiles/Z/X/Y.png)");
        assertError(get(server, "viewer/..%2F..%2Fetc%2Fpasswd"), 404, "no such viewer file: /viewer/..%2F..%2Fetc%2Fpasswd");
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("models")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(delete, 405, "DELETE is not allowed here; use GET, POST");
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> postTile = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("models/" + showcaseId
                + "/tiles/0/0/0.png")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(postTile, 405, "POST is not allowed here; use GET");
    }

    @Test
    void tooLargeGets413() throws Exception {
        byte[] big = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(big, (byte) '#');
        assertError(postRaw(server, big, "big.vm"), 413, "the body is over the limit of 1048576 bytes (--max-body-mb)");
        StringBuilder many = new StringBuilder("_0 var-x\n");
        for (int i = 1; i <= 20_000; i++) many.append('_').append(i).append(" neg _").append(i - 1).append('\n');
        assertError(postRaw(server, many.toString().getBytes(StandardCharsets.UTF_8), "many.vm"), 413,
                "many.vm:20001: the model has more than 20000 ops, the limit");
    }

    @Test
    void unservableGets422() throws Exception {
        assertError(postRaw(server, "_0 var-x\n_1 foo _0\n".getBytes(StandardCharsets.UTF_8), "bad.vm"), 422,
                "bad.vm:2: unknown opcode 'foo'");
        assertError(postRaw(server, "# nothing\n".getBytes(StandardCharsets.UTF_8), "none.vm"), 422,
                "none.vm: empty model: no ops, only comments and blank lines");
        String m = "models/" + showcaseId;
        assertError(get(server, m + "/render?w=4000&h=10"), 422,
                "the image 4000x10 is larger than the limit of 2048 pixels a side (--max-image)");
        assertError(get(server, m + "/tiles/13/0/0.png"), 422,
                "zoom 13 is deeper than the limit of 12 (--max-zoom): f32 pixel coordinates run out of precision near 2^-24");
    }

    @Test
    void aRenderPastItsBudgetGets422AndTheServiceGoesOn() throws Exception {
        Path prospero = SharedModels.require("prospero.vm");
        ServeConfig c = base().withModels(List.of(prospero)).withLimits(1 << 20, 20_000, 4096, 12, 50);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = s.modelIds().getFirst();
            assertError(get(s, "models/" + id + "/render?w=4096&h=4096&mode=sdf"), 422,
                    "the render ran past its time budget of 50 ms (--budget-ms): ask for a smaller image or view");
            assertEquals(1, counter(metrics(s), "ariel_render_timeouts_total"));
            assertEquals(200, get(s, "models/" + id + "/tiles/4/3/3.png").statusCode(), "the next request is served");
        }
    }

    @Test
    void aFullQueueGets503WithRetryAfter() throws Exception {
        Path prospero = SharedModels.require("prospero.vm");
        ServeConfig c = base().withModels(List.of(prospero)).withConcurrency(2, 1, 0);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = s.modelIds().getFirst();
            CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(
                    () -> get(s, "models/" + id + "/render?w=2048&h=2048&mode=sdf"));
            awaitRunning(s, 1);
            HttpResponse<String> turnedAway = getText2(s, "models/" + id + "/tiles/1/0/0.png");
            assertError(turnedAway, 503, "the render queue is full (0 waiting): try again shortly");
            assertEquals("1", turnedAway.headers().firstValue("Retry-After").orElse(null));
            assertEquals(200, slow.join().statusCode(), "the render that held the slot finishes");
            assertEquals(1, counter(metrics(s), "ariel_rejected_total{reason=\"queue_full\"}"));
            assertEquals(200, get(s, "models/" + id + "/tiles/1/0/0.png").statusCode(), "and the next one is served");
        }
    }

    @Test
    void closingLetsRequestsInFlightFinishAndRefusesNewOnes() throws Exception {
        Path prospero = SharedModels.require("prospero.vm");
        ArielServer s = ArielServer.start(base().withModels(List.of(prospero)), System.err);
        String id = s.modelIds().getFirst();
        URI uri = s.uri();
        CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(
                () -> get(s, "models/" + id + "/render?w=2048&h=2048&mode=sdf"));
        awaitRunning(s, 1);
        Thread closer = Thread.ofPlatform().start(s::close);
        // While the render finishes, a new request is refused, and told so.
        HttpResponse<String> refused = null;
        for (int i = 0; i < 2000 && (refused == null || refused.statusCode() != 503) && !inFlight.isDone(); i++) {
            refused = getText2(s, "health");
            Thread.sleep(2);
        }
        if (!inFlight.isDone()) {
            assertError(refused, 503, "the service is shutting down");
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        }
        HttpResponse<byte[]> r = inFlight.join();
        closer.join(30_000);
        assertEquals(200, r.statusCode());
        assertEquals("image/png", header(r, "Content-Type"));
        assertTrue(r.body().length > 1000);
        HttpClient fresh = HttpClient.newHttpClient(); // no pooled connection to the old server
        assertThrows(ConnectException.class, () -> fresh.send(HttpRequest.newBuilder(uri.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    // ---- the rest of the API ----

    @Test
    void irIsTheModelsKernelUntilSomethingIsCompiled() throws Exception {
        String before = getText(server, "models/" + showcaseId + "/ir");
        assertTrue(before.startsWith("; the service compiled nothing for this model yet (the cost model kept every tile "
                + "in the interpreter): the whole model's kernel over [-1, 1]^2 follows\n"), before.lines().findFirst().orElse(""));
        assertTrue(before.contains("define "), "IR with a function");
        String after = getText(server, "models/" + showcaseId + "/ir?stage=after");
        assertTrue(after.contains("define "));
        assertFalse(before.equals(after), "the passes change the IR");
    }

    @Test
    void theJitEngineCompilesTileTapesAndShowsTheirIr() throws Exception {
        ServeConfig c = base().withEngine(dev.ariel.wiring.EngineKind.JIT, ServeConfig.defaults().compile(), false);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            HttpResponse<byte[]> tile = get(s, "models/" + showcaseId + "/tiles/0/0/0.png");
            assertEquals("jit", header(tile, "X-Ariel-Tier"));
            assertArrayEquals(get(server, "models/" + showcaseId + "/tiles/0/0/0.png").body(), tile.body(),
                    "compiled code draws the same tile as the interpreter");
            String ir = getText(s, "models/" + showcaseId + "/ir");
            // The same heading as render --emit-llvm's (the README documents that one).
            assertTrue(ir.matches("(?s); tile \\d+x\\d+ px at pixel \\(\\d+, \\d+\\): x in \\[.*"), ir.lines().findFirst().orElse(""));
            String m = metrics(s);
            assertTrue(counter(m, "ariel_tapes_compiled_total") > 0);
            assertTrue(counter(m, "ariel_code_cache_entries") > 0);
            assertTrue(counter(m, "ariel_pixels_total{tier=\"jit\"}") > 0);
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? -?[0-9.e+-]+|[a-z_]+\\{[^}]*le=\"\\+Inf\"\\} [0-9]+");

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        get(server, "models/" + showcaseId + "/tiles/1/1/1.png");
        get(server, "nowhere");
        // A request is counted once its answer is sent, so the client may ask for the metrics a moment
        // before the 404 above is counted: read them again until it is, for a second at most.
        HttpResponse<String> r = getText2(server, "metrics");
        for (int tries = 0; tries < 100 && !r.body().contains("\nariel_requests_total{route=\"other\",status=\"404\"} "); tries++) {
            Thread.sleep(10);
            r = getText2(server, "metrics");
        }
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        String text = r.body();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
            assertTrue(SAMPLE.matcher(line).matches(), () -> "not a Prometheus sample: " + line);
        }
        for (String name : List.of("ariel_requests_total{route=\"tile\",status=\"200\"}",
                "ariel_requests_total{route=\"other\",status=\"404\"}", "ariel_request_seconds_count{route=\"tile\"}",
                "ariel_compile_seconds_total", "ariel_code_cache_entries", "ariel_code_cache_bytes",
                "ariel_code_evictions_total", "ariel_tile_cache_entries", "ariel_queue_depth", "ariel_models",
                "process_resident_memory_bytes")) {
            assertTrue(text.contains("\n" + name + " "), () -> "missing " + name);
        }
        // Buckets are cumulative, ending at the count.
        long last = -1;
        for (String line : text.lines().filter(l -> l.startsWith("ariel_request_seconds_bucket{route=\"tile\"")).toList()) {
            long v = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            assertTrue(v >= last, line);
            last = v;
        }
        assertEquals(counter(text, "ariel_request_seconds_count{route=\"tile\"}"), last);
    }

    @Test
    void healthSaysOk() throws Exception {
        Map<String, Object> h = json(getText(server, "health"));
        assertEquals("ok", h.get("status"));
        assertTrue(((Number) h.get("models")).intValue() >= 1);
        Map<String, Object> r = json(getText(server, "ready"));
        assertEquals("ready", r.get("status"));
        assertEquals(0, ((Number) r.get("renders_waiting")).intValue());
    }

    // ---- helpers ----

    private static void awaitRunning(ArielServer s, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (counter(metrics(s), "ariel_renders_running") < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("no render started within 30 s");
            Thread.sleep(5);
        }
    }

    private byte[] cli(Path model, String... args) throws IOException {
        Path out = tmp.resolve("cli-" + System.nanoTime() + (List.of(args).contains("pgm") ? ".pgm" : ".png"));
        List<String> all = new ArrayList<>(List.of("render", model.toString(), "-o", out.toString(), "-q"));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err::toString);
        return Files.readAllBytes(out);
    }

    private static void assertSameBytes(HttpResponse<byte[]> r, byte[] expected) {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertArrayEquals(expected, r.body(), "the service's image differs from the CLI's for " + r.uri());
    }

    private static void assertError(HttpResponse<?> r, int status, String message) {
        String body = r.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.body().toString();
        assertEquals(status, r.statusCode(), body);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        Map<String, Object> j = json(body);
        assertEquals(message, j.get("error"));
        assertEquals(status, ((Number) j.get("status")).intValue());
    }

    static HttpResponse<byte[]> get(ArielServer s, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> getText2(ArielServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String getText(ArielServer s, String path) throws Exception {
        HttpResponse<String> r = getText2(s, path);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String metrics(ArielServer s) throws Exception {
        return getText(s, "metrics");
    }

    static long counter(String metrics, String series) {
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(series + " ")) return (long) Double.parseDouble(line.substring(series.length() + 1));
        }
        return 0;
    }

    private static HttpResponse<String> postRaw(ArielServer s, byte[] body, String name) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve("models?name=" + java.net.URLEncoder.encode(name,
                StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> post(ArielServer s, byte[] body, String name) throws Exception {
        HttpResponse<String> r = postRaw(s, body, name);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        Object o = MiniJson.parse(text);
        assertNotNull(o);
        return (Map<String, Object>) o;
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
