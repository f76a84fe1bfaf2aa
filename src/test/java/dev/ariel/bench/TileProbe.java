package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.JavaTileEvaluator;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Locale;

/** The interpreter's leaf cost against the points a call: ns per voxel. Usage: {@code TileProbe MODEL N...}. */
public final class TileProbe {
    private TileProbe() {}

    public static void main(String[] args) throws Exception {
        SsaTape root = Model.read(Path.of(args[0])).tape();
        PrunedTape tape = PrunedTape.of(root, false);
        JavaTileEvaluator e = new JavaTileEvaluator(4096);
        for (int round = 0; round < 2; round++) {
            for (int a = 1; a < args.length; a++) {
                int n = Integer.parseInt(args[a]);
                float[] xs = new float[n], ys = new float[n], out = new float[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = -0.5f + (i % 8) / 64f;
                    ys[i] = 0.1f + (i / 8) / 64f;
                }
                long calls = 0, t0 = System.nanoTime(), t;
                do {
                    e.evaluate(tape, xs, ys, 0.2f, n, out);
                    calls++;
                    t = System.nanoTime() - t0;
                } while (t < 300_000_000L);
                double ns = t / (double) calls;
                System.out.printf(Locale.ROOT, "n=%5d %8.0f ns/call %7.2f ns/voxel %6.2f ns/voxel-op%n", n, ns, ns / n,
                        ns / n / tape.length());
            }
        }
    }
}
