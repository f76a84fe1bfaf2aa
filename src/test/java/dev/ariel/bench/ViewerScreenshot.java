package dev.ariel.bench;

import dev.ariel.serve.ArielServer;
import dev.ariel.serve.ServeConfig;
import dev.ariel.testing.HeadlessChromium;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the README's screenshot of the viewer: prospero.vm at zoom 2 with the tile overlay, in a warm service, in
 * headless Chromium against a service in this process.
 * Usage: {@code ViewerScreenshot MODELS_DIR OUT.png}
 */
public final class ViewerScreenshot {
    private ViewerScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) throw new IllegalStateException("no Chromium found (set ARIEL_CHROMIUM)");
        ServeConfig config = ServeConfig.defaults().withPort(0).withModels(List.of(Path.of(args[0]).resolve("prospero.vm")));
        try (ArielServer server = ArielServer.start(config); HeadlessChromium browser = HeadlessChromium.launch(chromium, 1024, 768)) {
            String id = server.modelIds().getFirst();
            // A service that has been up a while: its JVM has compiled the render path. SDF tiles
            // warm it without putting the screenshot's mono tiles in the tile cache.
            var http = java.net.http.HttpClient.newHttpClient();
            for (int round = 0; round < 3; round++) {
                for (int z = 0; z <= 4; z++) {
                    for (int x = 0; x < 1 << z; x++) {
                        for (int y = 0; y < 1 << z; y++) {
                            http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("models/" + id + "/tiles/"
                                    + z + "/" + x + "/" + y + ".png?mode=" + (round == 2 ? "debug" : "sdf"))).build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding());
                        }
                    }
                }
            }
            browser.open(server.uri() + "#model=" + id + "&z=2&cx=-0.3&cy=0.3&mode=mono");
            browser.eval("new Promise(done => { const tick = () => window.arielViewer ? done(true) : setTimeout(tick, 20); tick(); })");
            browser.eval("window.arielViewer.idle()");
            browser.eval("(() => { const o = document.getElementById('overlay'); o.checked = true;"
                    + " o.dispatchEvent(new Event('change')); return window.arielViewer.idle(); })()");
            Thread.sleep(300);
            ImageIO.write(browser.screenshot(0, 0, 1024, 768), "png", Path.of(args[1]).toFile());
        }
    }
}
