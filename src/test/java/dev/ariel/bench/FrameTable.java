package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The benchmark table, in one warm JVM on 2 threads: for each workload and engine, the
 * median (min–max) frame time over interleaved runs, and which tier evaluated the pixels.
 * {@code FrameTable [RUNS] [SHARED_MODELS_DIR] [ENGINES]} (ENGINES like {@code interp,auto,jit}); see
 * {@code scripts/bench-frames}.
 */
public final class FrameTable {
    private static final CompileOptions OPTIONS = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);

    record Row(String workload, String engine, Supplier<Frame> frame) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Path shared = Path.of(args.length > 1 ? args[1] : "../shared/models");
        java.util.Set<String> engines = java.util.Set.of((args.length > 2 ? args[2] : "interp,auto,jit").split(","));
        Model prospero = Model.read(shared.resolve("prospero.vm"));
        Model dense = Model.read(Path.of("models/dense.vm"));
        int threads = 2;
        List<Row> rows = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        View v1024 = View.of(1024);
        View v4096 = View.of(4096);

        // First frame in a warm JVM: a fresh renderer (and, for the JIT tiers, a fresh code cache).
        rows.add(new Row("first frame 1024", "interp", () -> new TileRenderer(threads, TileSizes.defaults(), null)
                .render(prospero, v1024, RenderMode.MONO, 1)));
        rows.add(new Row("first frame 1024", "auto", () -> fresh(CompiledTier.Policy.AUTO, 1, threads, owned)
                .render(prospero, v1024, RenderMode.MONO, 1)));
        rows.add(new Row("first frame 1024", "jit", () -> fresh(CompiledTier.Policy.ALWAYS, 1, threads, owned)
                .render(prospero, v1024, RenderMode.MONO, 1)));
        // Later frames of the same view, tier 1 warm.
        for (var w : List.of(new Object[] {"later frame 1024", prospero, v1024, RenderMode.MONO},
                new Object[] {"4096 frame", prospero, v4096, RenderMode.MONO},
                new Object[] {"sdf 1024", prospero, v1024, RenderMode.SDF},
                new Object[] {"dense.vm later 1024", dense, v1024, RenderMode.MONO})) {
            String name = (String) w[0];
            Model m = (Model) w[1];
            View v = (View) w[2];
            RenderMode mode = (RenderMode) w[3];
            TileRenderer interp = new TileRenderer(threads, TileSizes.defaults(), null);
            TileRenderer auto = warm(fresh(CompiledTier.Policy.AUTO, 1000, threads, owned), m, v, mode);
            TileRenderer jit = warm(fresh(CompiledTier.Policy.ALWAYS, 1000, threads, owned), m, v, mode);
            rows.add(new Row(name, "interp", () -> interp.render(m, v, mode, 1000)));
            rows.add(new Row(name, "auto", () -> auto.render(m, v, mode, 1000)));
            rows.add(new Row(name, "jit", () -> jit.render(m, v, mode, 1000)));
        }
        rows.removeIf(r -> !engines.contains(r.engine()));
        int perWorkload = engines.size();
        // Per workload: warm-up, then runs that interleave its engines, so a drifting machine
        // favours none of them; a collection between workloads keeps one's garbage out of the next.
        double[][] ms = new double[rows.size()][runs];
        Frame[] last = new Frame[rows.size()];
        // HotSpot first: every row a few times, so that no workload is measured half-compiled.
        for (int k = 0; k < 5; k++) for (Row r : rows) r.frame().get();
        for (int start = 0; start < rows.size(); start += perWorkload) {
            int end = Math.min(rows.size(), start + perWorkload);
            System.gc();
            for (int k = 0; k < 3; k++) for (int i = start; i < end; i++) rows.get(i).frame().get();
            for (int k = 0; k < runs; k++) {
                for (int i = start; i < end; i++) {
                    Frame f = rows.get(i).frame().get();
                    ms[i][k] = f.stats().wallNanos() / 1e6;
                    last[i] = f;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-22s %-7s %9s %17s %9s %9s %9s %8s%n", "workload", "engine", "median ms", "min-max",
                "interval", "simplify", "pixels", "tier");
        for (int i = 0; i < rows.size(); i++) {
            double[] s = ms[i].clone();
            Arrays.sort(s);
            Frame f = last[i];
            System.out.printf(Locale.ROOT, "%-22s %-7s %9.2f %8.2f-%-8.2f %9.2f %9.2f %9.2f %8s%n", rows.get(i).workload(),
                    rows.get(i).engine(), s[runs / 2], s[0], s[runs - 1], f.stats().intervalNanos() / 1e6,
                    f.stats().simplifyNanos() / 1e6, f.stats().evalNanos() / 1e6, f.stats().dominantTier());
        }
        // Encoding the 4096 image, apart from rendering it.
        Frame big = new TileRenderer(threads, TileSizes.defaults(), null).render(prospero, v4096, RenderMode.MONO, 1);
        double[] enc = new double[runs];
        for (int k = 0; k < runs; k++) {
            long t0 = System.nanoTime();
            ImageFiles.encode(big.image(), ImageFormat.PNG);
            enc[k] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(enc);
        System.out.printf(Locale.ROOT, "PNG encoding of the 4096 mono image: median %.1f ms%n", enc[runs / 2]);
        for (AutoCloseable c : owned) c.close();
        System.exit(0);
    }

    // A renderer over a new compiler, so that nothing is cached; first-frame rows make one a run.
    private static TileRenderer fresh(CompiledTier.Policy policy, int frames, int threads, List<AutoCloseable> owned) {
        JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS);
        if (frames == 1) {
            // One frame: close the previous fresh compiler of this kind so code does not pile up.
            synchronized (owned) {
                owned.add(compiler);
                if (owned.size() > 64) {
                    try {
                        owned.remove(0).close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } else {
            owned.add(compiler);
        }
        return new TileRenderer(threads, TileSizes.defaults(), new CompiledTier(compiler, 128, policy,
                CostModel.defaults().withFramesExpected(frames)));
    }

    // Renders until tier 1 has compiled what it wants for this view.
    private static TileRenderer warm(TileRenderer r, Model m, View v, RenderMode mode) {
        r.render(m, v, mode, 1000);
        r.tier().awaitCompiles();
        r.render(m, v, mode, 999);
        r.tier().awaitCompiles();
        return r;
    }
}
