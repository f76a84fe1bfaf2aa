package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.HeadlessChromium;
import dev.ariel.testing.MiniJson;
import dev.ariel.testing.SharedModels;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer in a real browser: headless Chromium, driven over the DevTools protocol, opens the
 * page from a service running in this JVM, and the tests check what it fetched and drew, how it
 * moves under the mouse, and that the canvas shows the service's tiles pixel for pixel.
 *
 * <p>The page reports on itself through {@code window.arielViewer} (state, the tiles on screen,
 * a promise of idleness); everything else is checked from outside: screenshots, the URL, the
 * status line, and the service's own answers over HTTP.
 */
class ViewerBrowserTest {
    private static final int WIDTH = 1024, HEIGHT = 768;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static ArielServer server;
    private static HeadlessChromium browser;
    private static Throwable launchFailure;
    private static URI base;
    private static String ariel;
    private static final HttpClient http = HttpClient.newHttpClient();

    // Started by the first test and shared by all: a browser takes a second or two to start.
    @BeforeEach
    void start() throws Exception {
        Path chromium = HeadlessChromium.require();
        if (server == null) {
            Path model = SharedModels.ours("ariel.vm");
            server = ArielServer.start(ServeConfig.defaults().withPort(0).withModels(List.of(model)));
            base = server.uri();
            ariel = contentId(Files.readAllBytes(model));
        }
        if (launchFailure != null) throw new AssertionError("Chromium did not start (see the first test's failure)", launchFailure);
        if (browser == null) {
            try {
                browser = HeadlessChromium.launch(chromium, WIDTH, HEIGHT);
            } catch (IOException | RuntimeException | AssertionError e) {
                launchFailure = e; // the other tests fail at once rather than wait for it again
                throw e;
            }
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            browser = null;
            if (server != null) server.close();
            server = null;
        }
    }

    @AfterEach
    void noScriptErrors() {
        if (browser != null) assertEquals(List.of(), browser.takeExceptions(), "uncaught exceptions in the page");
    }

    @Test
    void servesTheViewerFilesAsWritten() throws Exception {
        // The resources are filtered by Maven: a stray placeholder in them would be rewritten.
        Path dir = Path.of("src/main/resources/dev/ariel/serve/viewer");
        assertArrayEquals(Files.readAllBytes(dir.resolve("index.html")), get("").body(), "GET /");
        for (String name : List.of("index.html", "viewer.js", "viewer.css")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)), get("viewer/" + name).body(), "GET /viewer/" + name);
        }
    }

    @Test
    void opensTheLinkedModelAndTilesTheWindowWhereTheApiSays() {
        open("#model=" + ariel);
        Map<String, Object> s = state();
        assertEquals(ariel, s.get("model"));
        assertEquals("mono", s.get("mode"));
        assertEquals(0.0, num(s, "errors"), "errors: " + s.get("message"));
        assertTrue(num(s, "tilesDrawn") > 0, "no tile drawn: " + s);
        double zoom = num(s, "zoom");
        assertEquals(Math.rint(zoom), zoom, "the first view is at a whole zoom, where tiles are sharp");
        assertEquals(ariel, browser.eval("document.getElementById('model').value"), "the picker shows the model");

        List<Map<String, Object>> tiles = tilesOnScreen();
        assertTilesWhereTheApiSays(s, tiles);
        // The tiles cover the whole canvas: no pixel is left without one.
        int[] size = canvasSize();
        long covered = 0;
        for (Map<String, Object> t : tiles) {
            double l = Math.max(0, num(t, "left")), r = Math.min(size[0], num(t, "left") + num(t, "size"));
            double top = Math.max(0, num(t, "top")), b = Math.min(size[1], num(t, "top") + num(t, "size"));
            covered += (long) ((r - l) * (b - top));
        }
        assertEquals((long) size[0] * size[1], covered, "tiles cover the canvas exactly once: " + tiles);
        assertEquals(tiles.size(), (int) num(s, "tilesDrawn"), "each tile on screen drawn once: " + s);
        assertTrue(num(s, "peakInFlight") <= 6, "more than 6 tiles asked for at once: " + s);

        String hash = (String) browser.eval("location.hash");
        for (String part : List.of("model=" + ariel, "z=" + (int) zoom, "cx=0", "cy=0", "mode=mono")) {
            assertTrue(("&" + hash.substring(1) + "&").contains("&" + part + "&"), "the URL " + hash + " lacks " + part);
        }
    }

    @Test
    void dragPansByTheDistanceDraggedAndTheUrlKeepsTheView() {
        open("#model=" + ariel + "&z=2&cx=0.1&cy=-0.05&mode=mono");
        Map<String, Object> before = state();
        assertEquals(2.0, num(before, "zoom"));
        Set<String> tilesBefore = names(tilesOnScreen());

        drag(600, 400, 300, 250);
        idle();
        Map<String, Object> after = state();
        double unit = 128 * Math.pow(2, 2); // CSS pixels per plane unit at zoom 2
        assertEquals(num(before, "cx") + 300 / unit, num(after, "cx"), 1e-12, "dragged 300 px left");
        assertEquals(num(before, "cy") - 150 / unit, num(after, "cy"), 1e-12, "dragged 150 px up");
        assertEquals(2.0, num(after, "zoom"));
        assertTrue(num(after, "tilesRequested") > num(before, "tilesRequested"), "no new tile requested: " + after);
        assertTrue(num(after, "tilesDrawn") > num(before, "tilesDrawn"), "no new tile drawn: " + after);
        List<Map<String, Object>> tiles = tilesOnScreen();
        Set<String> fresh = names(tiles);
        fresh.removeAll(tilesBefore);
        assertFalse(fresh.isEmpty(), "the same tiles as before the drag: " + tilesBefore);
        assertEquals(0.0, num(after, "errors"));
        assertTilesWhereTheApiSays(after, tiles);

        // A link to this view opens the same view.
        String hash = (String) browser.eval("location.hash");
        open(hash);
        Map<String, Object> reopened = state();
        assertEquals(num(after, "cx"), num(reopened, "cx"), 1 / unit / 10, hash);
        assertEquals(num(after, "cy"), num(reopened, "cy"), 1 / unit / 10, hash);
        assertEquals(2.0, num(reopened, "zoom"), hash);
        assertEquals(names(tiles), names(tilesOnScreen()), hash);
    }

    @Test
    void wheelAndDoubleClickZoomAroundTheCursor() {
        open("#model=" + ariel + "&z=1&cx=0&cy=0");
        Map<String, Object> before = state();
        int x = 700, y = 300;
        double[] point = planeAt(before, x, y);

        wheel(x, y, -500); // 500 pixels of wheel is one level
        idle();
        Map<String, Object> after = state();
        assertEquals(2.0, num(after, "zoom"), "one level in");
        assertArrayEquals(point, planeAt(after, x, y), 1e-12, "the point under the cursor stays there");
        assertTrue(num(after, "tilesDrawn") > num(before, "tilesDrawn"), "no new tile drawn: " + after);
        List<Map<String, Object>> tiles = tilesOnScreen();
        assertFalse(tiles.isEmpty());
        for (Map<String, Object> t : tiles) assertEquals(2.0, num(t, "z"), "a tile of the old level: " + t);
        assertTilesWhereTheApiSays(after, tiles);

        // Half a level: the nearest level's tiles (round(2.5) = 3), scaled to 256·2^(−1/2) pixels.
        wheel(x, y, -250);
        idle();
        Map<String, Object> half = state();
        assertEquals(2.5, num(half, "zoom"));
        assertArrayEquals(point, planeAt(half, x, y), 1e-12);
        tiles = tilesOnScreen();
        assertFalse(tiles.isEmpty());
        for (Map<String, Object> t : tiles) {
            assertEquals(3.0, num(t, "z"), "a tile of another level: " + t);
            assertEquals(256 / Math.sqrt(2), num(t, "size"), 1.0, "a tile's size at zoom 2.5: " + t);
        }
        assertTilesWhereTheApiSays(half, tiles);

        click(x, y, 1);
        click(x, y, 2);
        idle();
        Map<String, Object> doubled = state();
        assertEquals(3.5, num(doubled, "zoom"), "a double click zooms in one level");
        assertArrayEquals(point, planeAt(doubled, x, y), 1e-12);
        assertEquals(0.0, num(doubled, "errors"));
    }

    @Test
    void twoFingersPinchAndPan() {
        open("#model=" + ariel + "&z=1&cx=0.2&cy=0.1");
        Map<String, Object> before = state();
        double[] between = planeAt(before, 500, 400);
        browser.send("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 2));
        try {
            // Fingers 200 px apart spread to 400 px about the same midpoint, one level in, then
            // both move 100 px right. Moves are read once a frame, so only the end is checked,
            // once the lifted fingers have flushed them.
            touch("touchStart", 400, 600);
            for (int i = 1; i <= 5; i++) touch("touchMove", 400 - 20 * i, 600 + 20 * i);
            touch("touchMove", 400, 800);
            browser.send("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
        } finally {
            browser.send("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
        idle();
        Map<String, Object> after = state();
        assertEquals(2.0, num(after, "zoom"), 1e-9, "spreading two fingers to twice the distance");
        assertArrayEquals(between, planeAt(after, 600, 400), 1e-9, "the point between the fingers stays between them");
        assertTilesWhereTheApiSays(after, tilesOnScreen());
    }

    @Test
    void keysZoomAboutTheCentreAndPan() {
        open("#model=" + ariel + "&z=2&cx=0.1&cy=0.1");
        key("+", "Equal", 187);
        Map<String, Object> in = state();
        assertEquals(3.0, num(in, "zoom"), "+ zooms in one level");
        assertEquals(0.1, num(in, "cx"), 1e-12, "about the centre");
        assertEquals(0.1, num(in, "cy"), 1e-12, "about the centre");
        key("ArrowLeft", "ArrowLeft", 37);
        key("ArrowUp", "ArrowUp", 38);
        Map<String, Object> moved = state();
        double unit = 128 * Math.pow(2, 3);
        assertEquals(0.1 - 64 / unit, num(moved, "cx"), 1e-12, "left arrow: the view moves left 64 px");
        assertEquals(0.1 + 64 / unit, num(moved, "cy"), 1e-12, "up arrow: the view moves up 64 px");
        key("-", "Minus", 189);
        assertEquals(2.0, num(state(), "zoom"), "- zooms out one level");
        idle();
        assertTilesWhereTheApiSays(state(), tilesOnScreen());
    }

    @Test
    void theCanvasShowsTheTilesPixelForPixel() throws Exception {
        // An off-grid centre, so that tiles start at pixel offsets other than multiples of 256.
        open("#model=" + ariel + "&z=2&cx=0.1234&cy=-0.0567&mode=mono");
        assertCanvasShowsTheApiTiles(ariel, "mono");
    }

    @Test
    void prosperoPixelForPixel() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedModels.require("prospero.vm"));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("models?name=prospero.vm"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, "upload: " + r.statusCode());
        String id = contentId(bytes);
        open("#model=" + id + "&z=1&cx=0.3&cy=0.2");
        assertCanvasShowsTheApiTiles(id, "mono");
    }

    @Test
    void theModeSwitchLoadsTilesOfThatMode() throws Exception {
        open("#model=" + ariel + "&z=1&cx=0.05&cy=0.02&mode=mono");
        Map<String, Object> before = state();
        clickElement("input[name=mode][value=sdf] + span");
        idle();
        Map<String, Object> after = state();
        assertEquals("sdf", after.get("mode"));
        assertTrue(num(after, "tilesRequested") > num(before, "tilesRequested"), "no sdf tile requested: " + after);
        assertTrue(((String) browser.eval("location.hash")).contains("mode=sdf"));
        assertCanvasShowsTheApiTiles(ariel, "sdf");

        // And the link keeps the mode: the page opens in sdf, its control checked.
        open((String) browser.eval("location.hash"));
        assertEquals("sdf", state().get("mode"));
        assertEquals(Boolean.TRUE, browser.eval("document.querySelector('input[name=mode][value=sdf]').checked"));
    }

    @Test
    void aBusyServiceIsAskedAgainAfterItsRetryAfter() throws Exception {
        // One render at a time and none waiting, and a 4096² render of the whole model that holds
        // the only slot until the request budget (5 s) stops it: meanwhile each tile gets a 503
        // with Retry-After. A 256² window shows exactly one tile, so nothing else competes. The
        // budget leaves the page time to load on a loaded machine (2 s was seen to run out first).
        ServeConfig config = ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("ariel.vm")))
                .withConcurrency(2, 1, 0).withLimits(16 << 20, 1_000_000, 4096, 20, 5000);
        try (ArielServer busy = ArielServer.start(config)) {
            URI b = busy.uri();
            // The hog's model is 20,000 instructions that nothing prunes, so that its 4096² SDF render
            // surely outlasts the page's load (ariel.vm's took under a second on a quiet machine, and
            // then no tile ever met a 503).
            StringBuilder heavy = new StringBuilder("_0 var-x\n_1 var-y\n");
            for (int i = 2; i < 20_000; i++) heavy.append('_').append(i).append(i % 2 == 0 ? " add _" : " mul _").append(i - 1).append(" _1\n");
            byte[] heavyBytes = heavy.toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(b.resolve("models?name=heavy.vm"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(heavyBytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(up.statusCode() == 200 || up.statusCode() == 201, "upload: " + up.statusCode());
            CompletableFuture<HttpResponse<Void>> hog = http.sendAsync(HttpRequest.newBuilder(
                    b.resolve("models/" + contentId(heavyBytes) + "/render?w=4096&h=4096&mode=sdf")).build(),
                    HttpResponse.BodyHandlers.discarding());
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!new String(http.send(HttpRequest.newBuilder(b.resolve("metrics")).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .body(), StandardCharsets.UTF_8).contains("\nariel_renders_running 1")) {
                    assertTrue(System.nanoTime() < deadline, "the long render never started");
                    Thread.sleep(10);
                }
                browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 256, "height", 256,
                        "deviceScaleFactor", 1, "mobile", false));
                long t0 = System.nanoTime();
                browser.open(b + "#model=" + ariel + "&z=0&cx=0&cy=0");
                waitFor("window.arielViewer !== undefined", "the viewer's script");
                idle();
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> s = state();
                assertTrue(num(s, "retries") >= 1, "no 503 met: " + s);
                // Asked again when told (Retry-After: 1), not at once: a second per retry at least.
                assertTrue(num(s, "retries") <= seconds + 1, num(s, "retries") + " retries in " + seconds + " s: " + s);
                assertEquals(0.0, num(s, "errors"), "a 503 is not an error: " + s);
                assertEquals(1, tilesOnScreen().size(), "the window's one tile: " + s);
                assertEquals(1.0, num(s, "tilesDrawn"));
                assertEquals("", s.get("message"), "the busy notice is gone once the tile is there");
            } finally {
                browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH, "height", HEIGHT,
                        "deviceScaleFactor", 1, "mobile", false));
                try {
                    hog.get(30, TimeUnit.SECONDS); // the budget stops it after 2 s, with a 422
                } catch (ExecutionException | TimeoutException e) {
                    // its answer does not matter: closing the service ends it in any case
                }
            }
        }
    }

    @Test
    void theServicesErrorShowsInTheStatusLine() throws Exception {
        String missing = "0123456789abcdef0123456789abcdef";
        open("#model=" + missing);
        Map<String, Object> s = state();
        assertTrue(num(s, "errors") > 0, "no error counted: " + s);
        assertEquals(0.0, num(s, "tilesDrawn"));
        HttpResponse<byte[]> r = get("models/" + missing + "/tiles/0/0/0.png?mode=mono");
        assertEquals(404, r.statusCode());
        String expected = (String) ((Map<?, ?>) MiniJson.parse(new String(r.body(), StandardCharsets.UTF_8))).get("error");
        assertEquals(expected, browser.eval("document.getElementById('message').textContent"));
        assertEquals(Boolean.TRUE, browser.eval("document.getElementById('message').classList.contains('error')"));
    }

    @Test
    void theViewerWorksUnderABasePath() throws Exception {
        Path model = SharedModels.ours("ariel.vm");
        try (ArielServer prefixed = ArielServer.start(ServeConfig.defaults().withPort(0).withModels(List.of(model))
                .withBasePath("/maps/ariel"))) {
            browser.open(prefixed.uri() + "maps/ariel#model=" + ariel); // without the slash: redirected to it
            waitFor("window.arielViewer !== undefined", "the viewer's script under the base path");
            idle();
            Map<String, Object> s = state();
            assertEquals(0.0, num(s, "errors"), "errors: " + s.get("message"));
            assertTrue(num(s, "tilesDrawn") > 0, "no tile drawn under the base path: " + s);
            assertEquals(ariel, browser.eval("document.getElementById('model').value"), "the model list came through the prefix");
            assertTrue(((String) browser.eval("location.pathname")).equals("/maps/ariel/"), () -> (String) browser.eval("location.pathname"));
        }
    }

    @Test
    void anUploadedModelIsShownAndABadOneExplained(@TempDir Path dir) throws Exception {
        open("#model=" + ariel);
        // A disc of radius 0.5: its own bytes, so its id is new to the service. Its name is one
        // a browser gives a second download of a file, which the service once refused.
        Path disc = dir.resolve("my disc (1).vm");
        Files.writeString(disc, "# a disc\n_0 var-x\n_1 var-y\n_2 square _0\n_3 square _1\n_4 add _2 _3\n"
                + "_5 const 0.25\n_6 sub _4 _5\n");
        String id = contentId(Files.readAllBytes(disc));
        chooseFile(disc);
        waitFor("arielViewer.state().model === '" + id + "'", "the uploaded model to be selected");
        idle();
        Map<String, Object> s = state();
        assertEquals(0.0, num(s, "errors"), "errors: " + s.get("message"));
        assertTrue(tilesOnScreen().size() > 0);
        assertEquals(id, browser.eval("document.getElementById('model').value"));
        assertTrue(((String) browser.eval("document.getElementById('model').selectedOptions[0].textContent")).contains("my disc (1).vm"));
        assertCanvasShowsTheApiTiles(id, "mono");

        Path bad = dir.resolve("bad.vm");
        Files.writeString(bad, "_0 var-x\n_1 frobnicate _0\n");
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("models?name=bad.vm"))
                .POST(HttpRequest.BodyPublishers.ofFile(bad)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(422, r.statusCode());
        String expected = (String) ((Map<?, ?>) MiniJson.parse(new String(r.body(), StandardCharsets.UTF_8))).get("error");
        chooseFile(bad);
        waitFor("document.getElementById('message').classList.contains('error')", "the upload's error");
        assertEquals(expected, browser.eval("document.getElementById('message').textContent"));
        assertEquals(id, state().get("model"), "a failed upload leaves the model shown");
    }

    // ---- checks ----

    /** Every tile on screen is where docs/serve.md puts its part of the plane, within the half pixel of rounding. */
    private static void assertTilesWhereTheApiSays(Map<String, Object> s, List<Map<String, Object>> tiles) {
        int[] size = canvasSize();
        double unit = 128 * Math.pow(2, num(s, "zoom"));
        for (Map<String, Object> t : tiles) {
            double e = Math.pow(2, 1 - num(t, "z"));
            double left = size[0] / 2.0 + (-1 + num(t, "x") * e - num(s, "cx")) * unit;
            double top = size[1] / 2.0 - (1 - num(t, "y") * e - num(s, "cy")) * unit;
            assertEquals(left, num(t, "left"), 0.5 + 1e-9, "tile's left: " + t);
            assertEquals(top, num(t, "top"), 0.5 + 1e-9, "tile's top: " + t);
            assertEquals(e * unit, num(t, "size"), 1.0, "tile's size: " + t);
        }
    }

    /**
     * A screenshot of the canvas equals the tiles the API serves, placed where the page says it
     * drew them, with no tolerance: tiles carry no colour profile, the page decodes them without
     * conversion and draws them unscaled at whole pixels, so each pixel reaches the screen as sent.
     * Rows under the toolbar and the status line, which float over the canvas, are left out.
     */
    private static void assertCanvasShowsTheApiTiles(String model, String mode) throws Exception {
        Map<String, Object> s = state();
        assertEquals(mode, s.get("mode"));
        assertEquals(Math.rint(num(s, "zoom")), num(s, "zoom"), "the comparison needs a whole zoom");
        List<?> band = (List<?>) browser.eval("[Math.ceil(document.getElementById('toolbar').getBoundingClientRect().bottom),"
                + " Math.floor(document.getElementById('statusbar').getBoundingClientRect().top)]");
        int y0 = (int) (double) (Double) band.get(0), y1 = (int) (double) (Double) band.get(1);
        int width = canvasSize()[0];
        assertTrue(y1 - y0 > 256, "too little of the canvas shows: rows " + y0 + " to " + y1);
        BufferedImage shot = browser.screenshot(0, y0, width, y1 - y0);
        assertEquals(width, shot.getWidth(), "screenshot width");
        assertEquals(y1 - y0, shot.getHeight(), "screenshot height");
        Raster screen = shot.getRaster();

        boolean[] seen = new boolean[width * (y1 - y0)];
        long differ = 0, compared = 0;
        List<String> examples = new ArrayList<>();
        for (Map<String, Object> t : tilesOnScreen()) {
            int left = (int) num(t, "left"), top = (int) num(t, "top");
            assertEquals(left, num(t, "left"), "a tile off the pixel grid: " + t);
            assertEquals(top, num(t, "top"), "a tile off the pixel grid: " + t);
            assertEquals(256.0, num(t, "size"), "a scaled tile: " + t);
            String path = "models/" + model + "/tiles/" + (int) num(t, "z") + "/" + (int) num(t, "x") + "/"
                    + (int) num(t, "y") + ".png?mode=" + mode;
            HttpResponse<byte[]> r = get(path);
            assertEquals(200, r.statusCode(), path);
            Raster tile = dev.ariel.testing.Pngs.samples(r.body());
            int bands = tile.getNumBands();
            for (int j = 0; j < 256; j++) {
                int sy = top + j - y0;
                if (sy < 0 || sy >= y1 - y0) continue;
                for (int i = 0; i < 256; i++) {
                    int sx = left + i;
                    if (sx < 0 || sx >= width) continue;
                    seen[sy * width + sx] = true;
                    compared++;
                    // A grey tile's level is each of the screen's three channels.
                    int r0 = tile.getSample(i, j, 0);
                    int g0 = bands >= 3 ? tile.getSample(i, j, 1) : r0;
                    int b0 = bands >= 3 ? tile.getSample(i, j, 2) : r0;
                    int r1 = screen.getSample(sx, sy, 0), g1 = screen.getSample(sx, sy, 1), b1 = screen.getSample(sx, sy, 2);
                    if (r0 != r1 || g0 != g1 || b0 != b1) {
                        differ++;
                        if (examples.size() < 5) {
                            examples.add(String.format(Locale.ROOT, "(%d, %d): tile %s pixel (%d, %d) is %d,%d,%d, the screen %d,%d,%d",
                                    sx, sy + y0, path, i, j, r0, g0, b0, r1, g1, b1));
                        }
                    }
                }
            }
        }
        int uncovered = 0;
        for (boolean b : seen) if (!b) uncovered++;
        assertEquals(0, uncovered, "pixels of the canvas that no tile on screen covers");
        assertEquals(0, differ, differ + " of " + compared + " pixels differ from the API's " + mode + " tiles, for example:\n  "
                + String.join("\n  ", examples));
    }

    // ---- driving the page ----

    /** Opens the viewer at {@code hash} and waits until it is idle. */
    private static void open(String hash) {
        browser.open(base + hash);
        waitFor("window.arielViewer !== undefined", "the viewer's script");
        idle();
    }

    private static void idle() {
        // Two frames first: the browser hands continuous input (moves, wheel) to the page at the
        // start of a frame, so an event just sent may not have reached it yet. The wait is
        // bounded in the page too, so that a hang says what the viewer was waiting for.
        browser.eval("Promise.race([new Promise(next => requestAnimationFrame(() => requestAnimationFrame(next)))"
                + ".then(() => arielViewer.idle()), new Promise((_, fail) => setTimeout(() => fail(new Error("
                + "'not idle after " + IDLE_TIMEOUT.toSeconds() + " s: ' + JSON.stringify(arielViewer.state()))), "
                + IDLE_TIMEOUT.toMillis() + "))])", IDLE_TIMEOUT.plusSeconds(5));
    }

    private static void waitFor(String condition, String what) {
        browser.eval("new Promise((done, fail) => { const t0 = performance.now(); const tick = () => {"
                + " if (" + condition + ") done(true);"
                + " else if (performance.now() - t0 > 10000) fail(new Error(" + HeadlessChromium.literal("timed out waiting for " + what) + "));"
                + " else setTimeout(tick, 20); }; tick(); })", Duration.ofSeconds(15));
    }

    private static void mouse(String type, int x, int y, String button, int buttons, int clickCount) {
        browser.send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", button,
                "buttons", buttons, "clickCount", clickCount));
    }

    private static void drag(int fromX, int fromY, int toX, int toY) {
        mouse("mousePressed", fromX, fromY, "left", 1, 1);
        int steps = 10;
        for (int i = 1; i <= steps; i++) {
            mouse("mouseMoved", fromX + (toX - fromX) * i / steps, fromY + (toY - fromY) * i / steps, "left", 1, 0);
        }
        mouse("mouseReleased", toX, toY, "left", 0, 1);
    }

    private static void click(int x, int y, int clickCount) {
        mouse("mousePressed", x, y, "left", 1, clickCount);
        mouse("mouseReleased", x, y, "left", 0, clickCount);
    }

    private static void wheel(int x, int y, double deltaY) {
        browser.send("Input.dispatchMouseEvent", Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /** Two fingers on a horizontal line at y = 400, at x = {@code x1} and {@code x2}. */
    private static void touch(String type, int x1, int x2) {
        browser.send("Input.dispatchTouchEvent", Map.of("type", type, "touchPoints",
                List.of(Map.of("x", x1, "y", 400, "id", 1), Map.of("x", x2, "y", 400, "id", 2))));
    }

    private static void key(String key, String code, int keyCode) {
        Map<String, Object> down = Map.of("type", "keyDown", "key", key, "code", code, "windowsVirtualKeyCode", keyCode);
        browser.send("Input.dispatchKeyEvent", down);
        browser.send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code, "windowsVirtualKeyCode", keyCode));
    }

    private static void clickElement(String selector) {
        List<?> c = (List<?>) browser.eval("(() => { const r = document.querySelector('" + selector
                + "').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()");
        click((int) (double) (Double) c.get(0), (int) (double) (Double) c.get(1), 1);
    }

    private static void chooseFile(Path file) {
        browser.send("DOM.setFileInputFiles", Map.of("files", List.of(file.toAbsolutePath().toString()),
                "objectId", browser.objectId("document.getElementById('upload')")));
    }

    // ---- reading the page ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state() {
        return (Map<String, Object>) browser.eval("arielViewer.state()");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tilesOnScreen() {
        return (List<Map<String, Object>>) browser.eval("arielViewer.tilesOnScreen()");
    }

    private static int[] canvasSize() {
        List<?> wh = (List<?>) browser.eval("[document.getElementById('view').width, document.getElementById('view').height]");
        return new int[] {(int) (double) (Double) wh.get(0), (int) (double) (Double) wh.get(1)};
    }

    /** The plane point at CSS pixel (x, y) of a 1:1 canvas, by the viewer's definition of its view. */
    private static double[] planeAt(Map<String, Object> s, int x, int y) {
        int[] size = canvasSize();
        double unit = 128 * Math.pow(2, num(s, "zoom"));
        return new double[] {num(s, "cx") + (x - size[0] / 2.0) / unit, num(s, "cy") - (y - size[1] / 2.0) / unit};
    }

    private static Set<String> names(List<Map<String, Object>> tiles) {
        Set<String> names = new HashSet<>();
        for (Map<String, Object> t : tiles) names.add((int) num(t, "z") + "/" + (int) num(t, "x") + "/" + (int) num(t, "y"));
        return names;
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Double, key + " is not a number in " + m);
        return (Double) v;
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The model id docs/serve.md defines: the first 32 hex digits of the SHA-256 of its bytes. */
    private static String contentId(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
    }
}
