package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The viewer's side for solids in headless Chromium: the 3D mode shows {@code /render3d}'s image
 * of the URL's camera pixel for pixel, dragging orbits and the wheel zooms (both into the URL),
 * and the z slider changes the slice the tiles are asked for. A small window keeps renders quick.
 */
class ViewerVolumeBrowserTest {
    private static final int WIDTH = 400, HEIGHT = 320;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static ArielServer server;
    private static HeadlessChromium browser;
    private static URI base;
    private static String sphere;

    @BeforeEach
    void start() throws Exception {
        var chromium = HeadlessChromium.require();
        if (server == null) {
            server = ArielServer.start(ServeConfig.defaults().withPort(0).withModels(List.of()));
            base = server.uri();
            sphere = ServeVolumeTest.post(server, ServeVolumeTest.SPHERE).get("id").toString();
        }
        if (browser == null) browser = HeadlessChromium.launch(chromium, WIDTH, HEIGHT);
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
    void theThreeDModeShowsRender3dPixelForPixelDragOrbitsAndTheWheelZooms() throws Exception {
        open("#model=" + sphere);
        assertEquals(Boolean.TRUE, state().get("solid"), "the model reads var-z: " + state());
        assertEquals(Boolean.FALSE, browser.eval("document.getElementById('mode3d').hidden"), "a solid offers 3D");
        clickElement("#mode3d span");
        idle();
        Map<String, String> h = hash();
        assertEquals("3d", h.get("mode"));
        assertEquals(List.of("0", "0", "1"), List.of(h.get("yaw"), h.get("pitch"), h.get("scale")), "the first camera: " + h);
        assertEquals(Boolean.TRUE, browser.eval("document.getElementById('slicebar').hidden"), "no slider in 3D");
        assertScreenShowsRender3d();

        double requested = num(state(), "volumeRequested");
        drag(150, 200, 250, 200);
        idle();
        assertEquals("-40", hash().get("yaw"), "100 px to the right turns the camera 40° toward -x");
        assertEquals("0", hash().get("pitch"));
        assertTrue(num(state(), "volumeRequested") > requested, "the turned view was asked for");
        drag(200, 180, 200, 230);
        idle();
        assertEquals("20", hash().get("pitch"), "50 px down raises the camera 20°");
        assertScreenShowsRender3d();

        wheel(200, 200, 500);
        idle();
        assertEquals("2", hash().get("scale"), "500 px of wheel down is one level out: twice the extent");
        assertScreenShowsRender3d();

        // The state is in the URL: opening it again shows the same view.
        String url = (String) browser.eval("location.hash");
        open(url);
        assertEquals(List.of("3d", "-40", "20", "2"), List.of(hash().get("mode"), hash().get("yaw"), hash().get("pitch"),
                hash().get("scale")));
        assertScreenShowsRender3d();
    }

    @Test
    void theZSliderChangesTheSliceOfTheTilesAskedFor() throws Exception {
        open("#model=" + sphere + "&mode=mono");
        assertEquals(Boolean.FALSE, browser.eval("document.getElementById('slicebar').hidden"), "a solid has a z slider");
        browser.eval("(() => { const s = document.getElementById('slice'); s.value = '0.7';"
                + " s.dispatchEvent(new Event('input')); })()");
        idle();
        assertEquals("0.7", hash().get("slice"));
        assertEquals(0.7, num(state(), "slice"));
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) browser.eval("performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/tiles/'))");
        assertTrue(asked.stream().anyMatch(n -> n.endsWith(".png?mode=mono&z=0.7")), "no tile of slice 0.7 asked for: " + asked);
        // A tile on screen shows the API's tile of that slice, pixel for pixel.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tiles = (List<Map<String, Object>>) browser.eval("arielViewer.tilesOnScreen()");
        // The tile that shows most between the toolbar and the status line.
        int[] band = band();
        Map<String, Object> t = null;
        long most = 0;
        for (Map<String, Object> c : tiles) {
            long a = (long) Math.max(0, Math.min(WIDTH, num(c, "left") + 256) - Math.max(0, num(c, "left")))
                    * (long) Math.max(0, Math.min(band[1], num(c, "top") + 256) - Math.max(band[0], num(c, "top")));
            if (a > most) {
                most = a;
                t = c;
            }
        }
        assertTrue(most > 0, "no tile shows: " + tiles);
        String path = "models/" + sphere + "/tiles/" + (int) num(t, "z") + "/" + (int) num(t, "x") + "/" + (int) num(t, "y")
                + ".png?mode=mono&z=0.7";
        Raster tile = decode(ServeApiTest.get(server, path));
        Raster flat = decode(ServeApiTest.get(server, path.replace("&z=0.7", "")));
        assertFalse(java.util.Arrays.equals(tile.getPixels(0, 0, 256, 256, (int[]) null), flat.getPixels(0, 0, 256, 256, (int[]) null)),
                "the tile compared differs between slices 0 and 0.7, so the screen shows which one was asked for");
        int left = (int) num(t, "left"), top = (int) num(t, "top");
        int x0 = Math.max(0, left), y0 = Math.max(band[0], top), x1 = Math.min(WIDTH, left + 256);
        int y1 = Math.min(band[1], top + 256);
        BufferedImage shot = browser.screenshot(x0, y0, x1 - x0, y1 - y0);
        long differ = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (tile.getSample(x - left, y - top, 0) != shot.getRaster().getSample(x - x0, y - y0, 0)) differ++;
            }
        }
        assertEquals(0, differ, "pixels of " + path + " that differ on screen");

        // A 2D model has neither.
        open("#model=" + ServeVolumeTest.post(server, "_x var-x\n_y var-y\n_s add _x _y\n").get("id"));
        assertEquals(Boolean.TRUE, browser.eval("document.getElementById('slicebar').hidden"));
        assertEquals(Boolean.TRUE, browser.eval("document.getElementById('mode3d').hidden"));
    }

    /** The canvas between the toolbar and the status line equals /render3d's image for the URL's camera. */
    private static void assertScreenShowsRender3d() throws Exception {
        Map<String, String> h = hash();
        List<?> wh = (List<?>) browser.eval("[document.getElementById('view').width, document.getElementById('view').height]");
        int w = (int) (double) (Double) wh.get(0), hgt = (int) (double) (Double) wh.get(1);
        // Relative to the page, so that the viewer works under a --base-path too.
        String path = "models/" + sphere + "/render3d?w=" + w + "&h=" + hgt + "&yaw=" + h.get("yaw") + "&pitch=" + h.get("pitch")
                + "&scale=" + h.get("scale");
        assertEquals(path, state().get("volumeUrl"), "the image drawn is the one of the URL's camera");
        Raster image = decode(ServeApiTest.get(server, path));
        int[] band = band();
        BufferedImage shot = browser.screenshot(0, band[0], w, band[1] - band[0]);
        Raster screen = shot.getRaster();
        long differ = 0;
        List<String> examples = new ArrayList<>();
        for (int y = band[0]; y < band[1]; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int want = image.getSample(x, y, Math.min(c, image.getNumBands() - 1)), got = screen.getSample(x, y - band[0], c);
                    if (want != got) {
                        differ++;
                        if (examples.size() < 5) examples.add(String.format(Locale.ROOT, "(%d, %d) channel %d: %d on screen, %d in the image", x, y, c, got, want));
                    }
                }
            }
        }
        assertEquals(0, differ, "samples differ from " + path + ":\n  " + String.join("\n  ", examples));
        boolean anyLit = false;
        for (int y = band[0]; y < band[1] && !anyLit; y++) {
            for (int x = 0; x < w && !anyLit; x++) anyLit = image.getSample(x, y, 0) > 0;
        }
        assertTrue(anyLit, "the band shows some of the solid");
    }

    private static Raster decode(HttpResponse<byte[]> r) throws IOException {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return dev.ariel.testing.Pngs.samples(r.body());
    }

    // Rows of the canvas that neither the toolbar nor the status line covers.
    private static int[] band() {
        List<?> b = (List<?>) browser.eval("[Math.ceil(document.getElementById('toolbar').getBoundingClientRect().bottom),"
                + " Math.floor(document.getElementById('statusbar').getBoundingClientRect().top)]");
        int[] out = {(int) (double) (Double) b.get(0), (int) (double) (Double) b.get(1)};
        assertTrue(out[1] - out[0] > 100, "too little of the canvas shows: rows " + out[0] + " to " + out[1]);
        return out;
    }

    private static Map<String, String> hash() {
        String h = (String) browser.eval("location.hash");
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : h.substring(1).split("&")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void open(String hash) {
        browser.open(base + hash);
        browser.eval("new Promise((done, fail) => { const t0 = performance.now(); const tick = () => {"
                + " if (window.arielViewer !== undefined) done(true);"
                + " else if (performance.now() - t0 > 10000) fail(new Error('no viewer script'));"
                + " else setTimeout(tick, 20); }; tick(); })", Duration.ofSeconds(15));
        idle();
    }

    private static void idle() {
        browser.eval("Promise.race([new Promise(next => requestAnimationFrame(() => requestAnimationFrame(next)))"
                + ".then(() => arielViewer.idle()), new Promise((_, fail) => setTimeout(() => fail(new Error("
                + "'not idle after " + IDLE_TIMEOUT.toSeconds() + " s: ' + JSON.stringify(arielViewer.state()))), "
                + IDLE_TIMEOUT.toMillis() + "))])", IDLE_TIMEOUT.plusSeconds(5));
    }

    private static void mouse(String type, int x, int y, int buttons, int clickCount) {
        browser.send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
                "buttons", buttons, "clickCount", clickCount));
    }

    private static void drag(int fromX, int fromY, int toX, int toY) {
        mouse("mousePressed", fromX, fromY, 1, 1);
        for (int i = 1; i <= 10; i++) mouse("mouseMoved", fromX + (toX - fromX) * i / 10, fromY + (toY - fromY) * i / 10, 1, 0);
        mouse("mouseReleased", toX, toY, 0, 1);
    }

    private static void wheel(int x, int y, double deltaY) {
        browser.send("Input.dispatchMouseEvent", Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    private static void clickElement(String selector) {
        List<?> c = (List<?>) browser.eval("(() => { const r = document.querySelector('" + selector
                + "').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()");
        int x = (int) (double) (Double) c.get(0), y = (int) (double) (Double) c.get(1);
        mouse("mousePressed", x, y, 1, 1);
        mouse("mouseReleased", x, y, 0, 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state() {
        return (Map<String, Object>) browser.eval("arielViewer.state()");
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Double, key + " is not a number in " + m);
        return (Double) v;
    }
}
