package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.render.Frame;
import dev.ariel.render.FrameStats;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Frame times of the pruned interpreter for several tile-size lists, interleaved, medians:
 * {@code TileFrameTable MODEL SIZE RUNS THREADS SIZES...} (each SIZES like {@code 128,32,8}).
 */
public final class TileFrameTable {
    public static void main(String[] args) throws Exception {
        Model model = Model.read(Path.of(args[0]));
        int size = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        RenderMode mode = RenderMode.valueOf(System.getProperty("mode", "MONO"));
        int n = args.length - 4;
        TileRenderer[] renderers = new TileRenderer[n];
        for (int i = 0; i < n; i++) renderers[i] = new TileRenderer(threads, TileSizes.parse(args[4 + i]), null);
        View view = View.of(size);
        for (int w = 0; w < 30; w++) for (TileRenderer r : renderers) r.render(model, view, mode, 1);
        double[][] wall = new double[n][runs];
        FrameStats[] last = new FrameStats[n];
        for (int k = 0; k < runs; k++) {
            for (int i = 0; i < n; i++) {
                Frame f = renderers[i].render(model, view, mode, 1);
                wall[i][k] = f.stats().wallNanos() / 1e6;
                last[i] = f.stats();
            }
        }
        System.out.printf("%-28s %8s %8s %8s %10s %10s %9s %9s %9s%n", "tiles", "median", "min", "max", "interval", "eval",
                "leaves", "op-evals", "iv-ops");
        for (int i = 0; i < n; i++) {
            double[] w = wall[i].clone();
            Arrays.sort(w);
            FrameStats s = last[i];
            System.out.printf("%-28s %8.2f %8.2f %8.2f %10.2f %10.2f %9d %9d %9d%n", args[4 + i], w[runs / 2], w[0], w[runs - 1],
                    (s.intervalNanos() + s.simplifyNanos()) / 1e6, s.evalNanos() / 1e6, s.leavesInterpreted(), s.opEvaluations(), s.intervalOps());
        }
    }
}
