package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which quadtree tile sizes render the service's 256² map tiles of prospero.vm soonest, in a warm
 * JVM with the interpreter: every tile of zoom levels 0 to 4 (341 tiles), each configuration in
 * turn, rounds interleaved, median per-tile time and total per round.
 * Usage: {@code TileSizeTable ROUNDS MODELS_DIR MODE SIZES...} (each SIZES like 256,64,16).
 */
public final class TileSizeTable {
    private TileSizeTable() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Model m = Model.read(Path.of(args[1]).resolve("prospero.vm"));
        RenderMode mode = RenderMode.valueOf(args[2].toUpperCase(Locale.ROOT));
        List<TileSizes> configs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) configs.add(TileSizes.parse(args[i]));
        List<View> tiles = new ArrayList<>();
        for (int z = 0; z <= 4; z++) {
            for (int x = 0; x < 1 << z; x++) {
                for (int y = 0; y < 1 << z; y++) {
                    double e = Math.scalb(2.0, -z);
                    tiles.add(new View(256, 256, -1 + (x + 0.5) * e, 1 - (y + 0.5) * e, Math.scalb(1.0, -z) * 255 / 256, 0));
                }
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        long[][] perTile = new long[configs.size()][];
        long[][] totals = new long[configs.size()][rounds];
        for (int c = 0; c < configs.size(); c++) perTile[c] = new long[rounds * tiles.size()];
        for (int warm = 0; warm < 3; warm++) {
            for (TileSizes s : configs) for (View v : tiles) new TileRenderer(threads, s, null).render(m, v, mode, 1);
        }
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < configs.size(); c++) {
                TileRenderer tr = new TileRenderer(threads, configs.get(c), null);
                long t0 = System.nanoTime();
                for (int i = 0; i < tiles.size(); i++) {
                    long a = System.nanoTime();
                    tr.render(m, tiles.get(i), mode, 1);
                    perTile[c][r * tiles.size() + i] = System.nanoTime() - a;
                }
                totals[c][r] = System.nanoTime() - t0;
            }
        }
        System.out.printf(Locale.ROOT, "| tile sizes (%s, %d tiles of z 0-4, %d threads) | median tile | p90 tile | round (median of %d) |%n",
                mode.name().toLowerCase(Locale.ROOT), tiles.size(), threads, rounds);
        System.out.println("|---|---|---|---|");
        for (int c = 0; c < configs.size(); c++) {
            long[] t = perTile[c].clone();
            Arrays.sort(t);
            long[] tot = totals[c].clone();
            Arrays.sort(tot);
            System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.0f ms |%n", configs.get(c), t[t.length / 2] / 1e6,
                    t[(int) (t.length * 0.9)] / 1e6, tot[rounds / 2] / 1e6);
        }
    }
}
