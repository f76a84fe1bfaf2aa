package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.cli.Cli;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.testing.MiniJson;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeView;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import dev.ariel.wiring.VolumeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's 3D side over real HTTP: {@code /render3d} answers {@code ariel render3d}'s bytes
 * and the wiring's, under {@code /render}'s limits and statuses, and tiles take the slice {@code z}.
 */
class ServeVolumeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** A sphere of radius 0.8 less a bump in x, so that turns and slices show. */
    static final String SPHERE = """
            _x var-x
            _y var-y
            _z var-z
            _xx square _x
            _yy square _y
            _zz square _z
            _s0 add _xx _yy
            _s1 add _s0 _zz
            _r sqrt _s1
            _k const 0.8
            _d sub _r _k
            _t mul _x _y
            _e sub _d _t
            """;
    private static ArielServer server;
    private static String sphere;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ArielServer.start(base(), System.err);
        sphere = post(server, SPHERE).get("id").toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static ServeConfig base() {
        return ServeConfig.defaults().withPort(0).withModels(List.of())
                .withLimits(1 << 20, 20_000, 2048, 12, 30_000).withEngine(EngineKind.AUTO, ServeConfig.defaults().compile(), false);
    }

    @Test
    void render3dAnswersTheCliBytesAndTheWiringsBytes() throws Exception {
        Path file = tmp.resolve("sphere.vm");
        Files.writeString(file, SPHERE);
        String m = "models/" + sphere + "/render3d";
        assertSameBytes(get(server, m + "?w=48&h=40"), cli(file, "png", "--width", "48", "--height", "40"));
        assertSameBytes(get(server, m + "?w=40&h=40&depth=300&mode=heightmap&format=pgm"),
                cli(file, "pgm", "-s", "40", "--depth", "300", "--mode", "heightmap"));
        assertSameBytes(get(server, m + "?w=50&h=30&mode=normals&yaw=30&pitch=-25&cx=0.1&cy=-0.05&cz=0.02&scale=0.9&format=ppm"),
                cli(file, "ppm", "--width", "50", "--height", "30", "--mode", "normals", "--yaw", "30", "--pitch", "-25",
                        "--center", "0.1,-0.05,0.02", "--scale", "0.9"));
        assertSameBytes(get(server, m + "?w=32&h=32&ssao=true&yaw=200"), cli(file, "png", "-s", "32", "--ssao", "--yaw", "200"));
        assertSameBytes(get(server, m), cli(file, "png"));

        // A 2D model is drawn as a prism, and the answer says so, as the CLI's stderr does.
        Path flat = tmp.resolve("flat.vm");
        Files.writeString(flat, "_x var-x\n_y var-y\n_xx square _x\n_yy square _y\n_s add _xx _yy\n_k const 0.5\n_d sub _s _k\n");
        String flatId = post(server, Files.readString(flat)).get("id").toString();
        HttpResponse<byte[]> prism = get(server, "models/" + flatId + "/render3d?w=32&h=32&yaw=30&pitch=20");
        assertSameBytes(prism, cli(flat, "png", "-s", "32", "--yaw", "30", "--pitch", "20"));
        assertEquals("reads no var-z: rendering it as a prism (every column is filled where the 2D model is)",
                header(prism, "X-Ariel-Note"));
        assertEquals(null, header(get(server, m + "?w=48&h=40"), "X-Ariel-Note"), "a solid needs no note");

        VolumeView view = new VolumeView(36, 28, 50, 0, 0.1, 0, 1.1, -40, 15);
        try (VolumeSource s = VolumeSource.open(RenderSettings.of(EngineKind.INTERP, Strategy.PRUNED).withThreads(1),
                Model.parse(SPHERE, "sphere.vm"), view, VolumeMode.SHADED, false)) {
            assertSameBytes(get(server, m + "?w=36&h=28&depth=50&cy=0.1&scale=1.1&yaw=-40&pitch=15"),
                    ImageFiles.encode(s.next().image(), ImageFormat.PNG));
        }
    }

    @Test
    void aCompilingServiceAnswersTheSameBytesFromCompiledCodeAndKeepsItsEngineOpen() throws Exception {
        Path file = tmp.resolve("sphere.vm");
        Files.writeString(file, SPHERE);
        ServeConfig c = base().withEngine(EngineKind.JIT, ServeConfig.defaults().compile(), false);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = post(s, SPHERE).get("id").toString();
            for (String yaw : List.of("0", "35", "-120")) {
                HttpResponse<byte[]> r = get(s, "models/" + id + "/render3d?w=40&h=40&mode=normals&yaw=" + yaw);
                assertSameBytes(r, cli(file, "png", "-s", "40", "--mode", "normals", "--yaw", yaw, "--engine", "interp"));
                assertEquals("jit", header(r, "X-Ariel-Tier"), "--engine jit compiles the undecided boxes' tapes");
                assertTrue(header(r, "X-Ariel-Voxels").matches("interp=[0-9]+,jit=[1-9][0-9]*"), header(r, "X-Ariel-Voxels"));
            }
            // One request's source closed; the service's engine, which every request shares, still compiles.
            assertEquals(200, get(s, "models/" + id + "/tiles/1/0/0.png").statusCode());
        }
    }

    @Test
    void render3dHeadersSayWhatTheTiersDidAndRepeatsComeFromTheCache() {
        String path = "models/" + sphere + "/render3d?w=24&h=24&yaw=11";
        HttpResponse<byte[]> first = get(server, path);
        assertEquals(200, first.statusCode());
        assertEquals("image/png", header(first, "Content-Type"));
        String voxels = header(first, "X-Ariel-Voxels");
        assertNotNull(voxels, "a fresh 3D render names the voxels each tier evaluated");
        assertTrue(voxels.matches("interp=[0-9]+,jit=[0-9]+"), voxels);
        assertTrue(List.of("interp", "jit", "interval").contains(header(first, "X-Ariel-Tier")));
        HttpResponse<byte[]> again = get(server, path);
        assertEquals("cache", header(again, "X-Ariel-Tier"));
        assertArrayEquals(first.body(), again.body());
        assertEquals(header(first, "ETag"), header(again, "ETag"));
        // −0 is 0: the same image, found under the same key.
        assertEquals("cache", header(get(server, "models/" + sphere + "/render3d?w=24&h=24&yaw=11&pitch=-0"), "X-Ariel-Tier"));
    }

    @Test
    void badRender3dParametersGetTheirStatusAndOneLine() {
        String m = "models/" + sphere + "/render3d";
        assertError(get(server, m + "?depth=1"), 400, "depth must be at least 2, not 1");
        assertError(get(server, m + "?depth=0"), 400, "depth must be at least 2, not 0");
        assertError(get(server, m + "?w=8&h=8&depth=16385"), 422, "depth 16385 is more than the limit of 16384 z samples");
        assertError(get(server, m + "?yaw=nan"), 400, "yaw must be a finite number, not 'nan'");
        assertError(get(server, m + "?pitch=Infinity"), 400, "pitch must be a finite number, not 'Infinity'");
        assertError(get(server, m + "?mode=mono"), 400, "mode must be heightmap, normals or shaded, not 'mono'");
        assertError(get(server, m + "?ssao=yes"), 400, "ssao must be true, false, 1 or 0, not 'yes'");
        assertError(get(server, m + "?format=jpg"), 400, "format must be png, pgm or ppm, not 'jpg'");
        assertError(get(server, m + "?scale=0"), 400, "scale must be > 0, not 0");
        assertError(get(server, m + "?w=0"), 400, "w and h must be at least 1, not 0x512");
        assertError(get(server, m + "?w=4000&h=10"), 422,
                "the image 4000x10 is larger than the limit of 2048 pixels a side (--max-image)");
        assertError(get(server, m + "?z=0.5"), 400, "unknown parameter 'z'; this path takes w, h, depth, mode, ssao, yaw, "
                + "pitch, cx, cy, cz, scale, format");
        assertError(get(server, "models/0123456789abcdef0123456789abcdef/render3d"), 404,
                "no model with id '0123456789abcdef0123456789abcdef' (it may have expired: post it again)");
    }

    @Test
    void aDeepRenderPastItsBudgetGets422AndAFullQueue503() throws Exception {
        ServeConfig c = base().withLimits(1 << 20, 20_000, 4096, 12, 40).withConcurrency(2, 1, 0);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = post(s, SPHERE).get("id").toString();
            // Small in pixels, but 2048 z samples a column: the depth is what runs past the budget.
            assertError(get(s, "models/" + id + "/render3d?w=1024&h=1024&depth=16384&mode=normals"), 422,
                    "the render ran past its time budget of 40 ms (--budget-ms): ask for a smaller image or view");
            assertEquals(1, ServeApiTest.counter(metrics(s), "ariel_render_timeouts_total"));
            assertEquals(200, get(s, "models/" + id + "/render3d?w=16&h=16").statusCode(), "the next request is served");
        }
        c = base().withConcurrency(2, 1, 0);
        try (ArielServer s = ArielServer.start(c, System.err)) {
            String id = post(s, SPHERE).get("id").toString();
            CompletableFuture<HttpResponse<byte[]>> slow = CompletableFuture.supplyAsync(
                    () -> get(s, "models/" + id + "/render3d?w=1024&h=1024&depth=16384&mode=normals&ssao=1"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ServeApiTest.counter(metrics(s), "ariel_renders_running") < 1) {
                assertTrue(System.nanoTime() < deadline, "no render started within 30 s");
                Thread.sleep(5);
            }
            HttpResponse<byte[]> away = get(s, "models/" + id + "/render3d?w=8&h=8");
            assertError(away, 503, "the render queue is full (0 waiting): try again shortly");
            assertEquals("1", header(away, "Retry-After"));
            assertEquals(200, slow.join().statusCode(), "the render that held the slot finishes");
        }
    }

    @Test
    void aFrameOverTheMemoryBudgetGets413AndOneThatFitsHoldsItsBytesUntilDone() throws Exception {
        MemoryBudget b = MemoryBudget.of(256L << 20, 16L << 20);
        ServedModel m = new ServedModel("0".repeat(32), "sphere.vm", Model.parse(SPHERE, "sphere.vm"), false, null, null, 0);
        VolumeView big = new VolumeView(2048, 2048, 2, 0, 0, 0, 1, 0, 0);
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> b.admitVolume(m, 2, ServeConfig.defaults().tiles(), big));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().startsWith("a 2048x2048 3D image needs about 177 MB of memory, more than the service's "),
                e.getMessage());
        VolumeView fits = big.withSize(512, 512);
        long before = b.workInUse();
        try (MemoryBudget.Hold h = b.admitVolume(m, 2, ServeConfig.defaults().tiles(), fits)) {
            assertTrue(b.workInUse() >= before + MemoryBudget.volumeFrameBytes(fits), "the frame's bytes are held");
        }
        assertTrue(b.workInUse() < before + MemoryBudget.volumeFrameBytes(fits), "and given back");
    }

    @Test
    void tilesTakeTheSliceZWhichChangesTheImageAndItsEtag() throws Exception {
        Path file = tmp.resolve("sphere.vm");
        Files.writeString(file, SPHERE);
        String t = "models/" + sphere + "/tiles/0/0/0.png";
        HttpResponse<byte[]> none = get(server, t), zero = get(server, t + "?z=0"), high = get(server, t + "?z=0.7");
        assertEquals(200, high.statusCode(), () -> new String(high.body(), StandardCharsets.UTF_8));
        assertArrayEquals(none.body(), zero.body(), "z=0 is the default");
        assertEquals(header(none, "ETag"), header(zero, "ETag"));
        assertFalse(java.util.Arrays.equals(none.body(), high.body()), "the slice at z = 0.7 is a smaller disc");
        assertNotEquals(header(none, "ETag"), header(high, "ETag"));
        assertSameBytes(high, cli2d(file, "-s", "256", "--scale", "0.99609375", "--z", "0.7"));
        assertSameBytes(get(server, "models/" + sphere + "/tiles/2/1/2.png?z=-0.25&mode=sdf"),
                cli2d(file, "-s", "256", "--center", "-0.25,-0.25", "--scale", "0.2490234375", "--z", "-0.25", "--mode", "sdf"));
        assertError(get(server, t + "?z=abc"), 400, "z must be a finite number, not 'abc'");
        assertError(get(server, t + "?z=1e999"), 400, "z must be a finite number, not '1e999'");
        Map<String, Object> json = json(new String(get(server, "models/" + sphere).body(), StandardCharsets.UTF_8));
        assertEquals(List.of("x", "y", "z"), json.get("variables"), "the viewer learns from this that the model is a solid");
    }

    // ---- helpers ----

    private byte[] cli(Path model, String ext, String... args) throws IOException {
        return run(model, "render3d", ext, args);
    }

    private byte[] cli2d(Path model, String... args) throws IOException {
        return run(model, "render", "png", args);
    }

    private byte[] run(Path model, String command, String ext, String... args) throws IOException {
        Path out = tmp.resolve("cli-" + System.nanoTime() + "." + ext);
        List<String> all = new ArrayList<>(List.of(command, model.toString(), "-o", out.toString(), "-q"));
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

    private static void assertError(HttpResponse<byte[]> r, int status, String message) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), body);
        assertEquals("application/json", header(r, "Content-Type"));
        Map<String, Object> j = json(body);
        assertEquals(message, j.get("error"));
        assertEquals(status, ((Number) j.get("status")).intValue());
    }

    static HttpResponse<byte[]> get(ArielServer s, String path) {
        return ServeApiTest.get(s, path);
    }

    private static String metrics(ArielServer s) {
        return new String(get(s, "metrics").body(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> post(ArielServer s, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(s.uri().resolve("models?name=sphere.vm"))
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) MiniJson.parse(text);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
