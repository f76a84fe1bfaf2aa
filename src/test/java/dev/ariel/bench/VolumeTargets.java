package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeView;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import dev.ariel.wiring.VolumeSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 17's target table, through the wiring every user goes through ({@link VolumeSource}): per
 * model, size, mode and configuration (engine × strategy), the first frame of a fresh source in a
 * warm JVM (compiles included, code cache off) and the mean frame of a run of K frames (compiles
 * included), medians over interleaved rounds, with the share of voxels compiled code evaluated.
 * Usage: {@code VolumeTargets ROUNDS K SIZES MODES CONFIGS MODEL...}, e.g.
 * {@code VolumeTargets 3 20 256,512 heightmap,shaded interp,jit,auto,brute-interp,brute-jit bear.vm}.
 */
public final class VolumeTargets {
    private VolumeTargets() {}

    private record Config(EngineKind engine, Strategy strategy, String label) {
        static Config parse(String s) {
            boolean brute = s.startsWith("brute-");
            String e = brute ? s.substring(6) : s;
            return new Config(EngineKind.parse(e), brute ? Strategy.BRUTE : Strategy.PRUNED, s);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]);
        int[] sizes = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        List<VolumeMode> modes = Arrays.stream(args[3].split(",")).map(VolumeMode::parse).toList();
        List<Config> configs = Arrays.stream(args[4].split(",")).map(Config::parse).toList();
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d threads, medians of %d interleaved rounds; first = a fresh source's first frame, "
                + "mean%d = %d frames' wall time / %d, compiles included; code cache off%n", threads, rounds, k, k, k);
        System.out.printf("%-14s %5s %-9s %-13s %10s %10s %9s%n", "model", "N", "mode", "config", "first ms", "mean" + k + " ms",
                "compiled");
        for (int a = 5; a < args.length; a++) {
            Model model = Model.read(Path.of(args[a]));
            for (int n : sizes) {
                VolumeView view = VolumeView.of(n);
                for (VolumeMode mode : modes) {
                    double[][] first = new double[configs.size()][rounds], mean = new double[configs.size()][rounds];
                    double[] share = new double[configs.size()];
                    for (int r = 0; r < rounds; r++) {
                        for (int c = 0; c < configs.size(); c++) {
                            Config cf = configs.get(c);
                            RenderSettings s = RenderSettings.of(cf.engine(), cf.strategy()).withThreads(threads)
                                    .withDiskCache(false);
                            long t0 = System.nanoTime();
                            try (VolumeSource src = VolumeSource.open(s.withFramesExpected(1), model, view, mode, false)) {
                                src.next();
                            }
                            first[c][r] = (System.nanoTime() - t0) / 1e6;
                            t0 = System.nanoTime();
                            long compiled = 0, all = 0;
                            try (VolumeSource src = VolumeSource.open(s.withFramesExpected(k), model, view, mode, false)) {
                                for (int f = 0; f < k; f++) {
                                    var st = src.next().stats();
                                    compiled += st.voxelsCompiled();
                                    all += st.voxels();
                                }
                            }
                            mean[c][r] = (System.nanoTime() - t0) / 1e6 / k;
                            share[c] = all == 0 ? 0 : 100.0 * compiled / all;
                        }
                    }
                    for (int c = 0; c < configs.size(); c++) {
                        System.out.printf(Locale.ROOT, "%-14s %5d %-9s %-13s %10.1f %10.1f %8.0f%%%n", Path.of(args[a]).getFileName(),
                                n, mode.label(), configs.get(c).label(), median(first[c]), median(mean[c]), share[c]);
                    }
                }
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

}
