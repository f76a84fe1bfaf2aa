package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.render.Frame;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.nio.file.Path;

/**
 * How a fresh JVM warms up, and how an idle pause cools a warm one: the wall time of each of the
 * first 60 frames of prospero.vm at 1024² (2 threads, interpreter tier), then, warm, frames after
 * pauses of 0 to 500 ms. {@code WarmupTable MODEL}; run it in a JVM of its own.
 */
public final class WarmupTable {
    public static void main(String[] args) throws Exception {
        Model model = Model.read(Path.of(args[0]));
        TileRenderer r = new TileRenderer(2, TileSizes.defaults(), null);
        View view = View.of(1024);
        StringBuilder first = new StringBuilder("first 60 frames, ms:");
        for (int k = 0; k < 60; k++) first.append(String.format(" %.0f", frame(r, model, view)));
        System.out.println(first);
        for (int k = 0; k < 300; k++) frame(r, model, view);
        for (int pause : new int[] {0, 10, 100, 500}) {
            StringBuilder sb = new StringBuilder(String.format("after %3d ms idle, ms:", pause));
            for (int k = 0; k < 12; k++) {
                if (pause > 0) Thread.sleep(pause);
                sb.append(String.format(" %.1f", frame(r, model, view)));
            }
            System.out.println(sb);
        }
    }

    private static double frame(TileRenderer r, Model model, View view) {
        Frame f = r.render(model, view, RenderMode.MONO, 1);
        return f.stats().wallNanos() / 1e6;
    }
}
