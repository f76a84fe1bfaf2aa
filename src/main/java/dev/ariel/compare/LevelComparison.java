package dev.ariel.compare;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.Jit;
import dev.ariel.jit.JitEngine;
import dev.ariel.render.Frame;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.wiring.CompileSettings;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.RenderEngine;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures what each optimization level costs to compile and buys at render time, for one model
 * and view: the work behind {@code ariel compare}.
 *
 * <p>Per strategy, the interpreter is the baseline row. Every level starts from a cold
 * compiled-code cache (a compiler of its own), so its first image includes its compile; later
 * runs reuse the code, as a longer session would. Runs interleave the levels (O0 O1 O2 O3 O0 ...)
 * so that a machine that drifts favours none of them, and report medians. Before any timing,
 * LLVM is loaded and the renderers warmed up, so the first level measured pays no more than the
 * last.
 */
public final class LevelComparison {
    private LevelComparison() {}

    /** Told of every step, for a progress bar. */
    public interface Progress {
        /** Step {@code done} of {@code total} is starting; {@code what} says which. */
        void step(String what, int done, int total);
    }

    /** A level to compare: its label (as {@link CompileOptions#label()}) and options. */
    private record Entry(String label, String strategy, boolean interpreter, String base, Supplier<Frame> frame,
            Setup setup) {}

    /** What a row measured on its cold run. */
    private static final class Setup {
        CompileStats stats;
        int tapes;
        double firstImageMs;
        Frame firstFrame;
    }

    /**
     * The most runs a row: every run is a real render whose time the row keeps (the largest int
     * ran out of heap), and 10,000 interleaved runs are more than any comparison needs.
     */
    public static final int MAX_RUNS = 10_000;

    /** Returns {@code runs} if a comparison can render that many; else throws IllegalArgumentException. */
    public static int checkRuns(int runs) {
        if (runs < 1 || runs > MAX_RUNS) throw new IllegalArgumentException("runs must be 1 to " + MAX_RUNS + ", not " + runs);
        return runs;
    }

    /**
     * Compares {@code levels} on {@code model} over {@code view}.
     *
     * @param strategies {@code brute}, {@code pruned} or both, in the order the table shows them
     * @param runs frames rendered per row after its first, interleaved, 1 to {@link #MAX_RUNS}
     * @param threads render threads
     */
    public static Comparison run(Model model, View view, List<CompileSettings> settings, List<String> strategies, int runs,
            int threads, Progress progress) {
        checkRuns(runs);
        // O0's own codegen level is none, so O0/none is O0: one row each.
        List<CompileOptions> levels = CompileSettings.distinct(settings).stream().map(CompileSettings::options).toList();
        int total = (strategies.size() * (levels.size() + 1)) * (runs + 1) + 1;
        int[] done = {0};
        Progress p = (what, d, t) -> progress.step(what, done[0]++, total);
        p.step("loading LLVM and warming up", 0, 0);
        warmUp(model, view, threads);
        List<Entry> entries = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            for (String strategy : strategies) {
                entries.add(interpreter(strategy, model, view, threads));
                for (CompileOptions level : levels) {
                    entries.add(strategy.equals("brute") ? brute(level, model, view, threads, owned)
                            : pruned(level, model, view, threads, owned));
                }
            }
            // The cold run of each row: its compile and first frame.
            for (Entry e : entries) {
                p.step(e.strategy + " " + e.label + ": compile and first image", 0, 0);
                long t0 = System.nanoTime();
                e.setup.firstFrame = e.frame.get();
                e.setup.firstImageMs = (System.nanoTime() - t0) / 1e6;
            }
            double[][] ms = new double[entries.size()][runs];
            for (int k = 0; k < runs; k++) {
                for (int i = 0; i < entries.size(); i++) {
                    Entry e = entries.get(i);
                    p.step(e.strategy + " " + e.label + ": run " + (k + 1) + " of " + runs, 0, 0);
                    ms[i][k] = e.frame.get().stats().wallNanos() / 1e6;
                }
            }
            List<LevelResult> rows = new ArrayList<>();
            java.util.Map<String, LevelResult> byLabel = new java.util.HashMap<>();
            LevelResult previousLevel = null;
            MonoImage reference = null;
            String strategy = null;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (!e.strategy.equals(strategy)) {
                    strategy = e.strategy;
                    previousLevel = null;
                    byLabel.clear();
                    reference = ((Frame.Mono) e.setup.firstFrame).mono();
                }
                double[] s = ms[i].clone();
                Arrays.sort(s);
                double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
                CompileStats c = e.setup.stats;
                LevelResult r = new LevelResult(e.label, e.strategy, e.interpreter, e.setup.tapes,
                        c == null ? 0 : c.irInstructionsBefore(), c == null ? 0 : c.irInstructionsAfter(),
                        c == null ? 0 : c.buildNanos() / 1e6, c == null ? 0 : c.passNanos() / 1e6,
                        c == null ? 0 : c.codegenNanos() / 1e6, c == null ? 0 : c.linkNanos() / 1e6,
                        c == null ? 0 : c.textBytes(), median, s[0], s[s.length - 1], e.setup.firstImageMs, -1,
                        ((Frame.Mono) e.setup.firstFrame).mono().equals(reference), "");
                // A codegen variant (O2/none) is measured against its own level (O2); a level
                // against the level below it, and the first against the interpreter.
                LevelResult vs = e.base != null ? byLabel.get(e.base) : previousLevel;
                if (vs != null) r = breakEven(r, vs);
                rows.add(r);
                byLabel.put(r.label(), r);
                if (e.base == null) previousLevel = r;
            }
            return new Comparison(model.source(), view.width(), view.height(), runs, Jit.shared().host().cpu(), rows);
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception ex) {
                    // unloading failed: nothing more to measure, and the process is ending
                }
            }
        }
    }

    /**
     * The first frame count at which {@code r}'s compile plus frames cost no more than
     * {@code below}'s: 0 (never) where {@code r} does not render faster.
     */
    static LevelResult breakEven(LevelResult r, LevelResult below) {
        long frames;
        double saving = below.renderMedianMs() - r.renderMedianMs();
        if (saving <= 0) {
            frames = 0;
        } else {
            double extra = r.compileMs() - below.compileMs();
            frames = Math.max(1, (long) Math.ceil(extra / saving));
        }
        return r.withBreakEven(frames, below.label());
    }

    private static Entry interpreter(String strategy, Model model, View view, int threads) {
        Setup s = new Setup();
        Supplier<Frame> frame = strategy.equals("brute")
                ? () -> new Renderer(JavaEngine.INSTANCE, threads).frame(model, view, RenderMode.MONO)
                : () -> new TileRenderer(threads, TileSizes.defaults(), null).render(model, view, RenderMode.MONO, 1);
        return new Entry("interp", strategy, true, null, frame, s);
    }

    private static Entry brute(CompileOptions level, Model model, View view, int threads, List<AutoCloseable> owned) {
        JitEngine engine = JitEngine.of(level);
        owned.add(engine);
        Setup s = new Setup();
        Renderer renderer = new Renderer(engine, threads);
        Supplier<Frame> frame = () -> {
            if (s.stats == null) {
                CompiledKernel kernel = engine.kernel(model.tape(), view.box());
                s.stats = kernel.stats();
                s.tapes = 1;
            }
            return renderer.frame(model, view, RenderMode.MONO);
        };
        return new Entry(level.label(), "brute", false, base(level), frame, s);
    }

    private static Entry pruned(CompileOptions level, Model model, View view, int threads, List<AutoCloseable> owned) {
        // Every core compiles: the first image waits for the compile, as --engine jit does.
        RenderEngine engine = RenderEngine.open(RenderSettings.of(EngineKind.JIT, Strategy.PRUNED).withCompile(level)
                .withThreads(threads).withFramesExpected(1000).withDiskCache(false));
        owned.add(engine);
        Setup s = new Setup();
        TileRenderer renderer = engine.tileRenderer();
        Supplier<Frame> frame = () -> {
            Frame f = renderer.render(model, view, RenderMode.MONO, 1000);
            if (s.stats == null) {
                s.stats = engine.compileTotals();
                s.tapes = (int) engine.counters().tapesCompiled();
            }
            return f;
        };
        return new Entry(level.label(), "pruned", false, base(level), frame, s);
    }

    // A codegen variant's own level (O2 for O2/none), or null for a plain level.
    private static String base(CompileOptions level) {
        CompileOptions plain = CompileOptions.of(level.opt());
        return plain.label().equals(level.label()) ? null : plain.label();
    }

    // Loads LLVM and lets HotSpot compile the renderers, so that no row pays for it.
    private static void warmUp(Model model, View view, int threads) {
        Jit.shared();
        View small = view.withSize(Math.min(256, view.width()), Math.min(256, view.height()));
        for (int k = 0; k < 5; k++) {
            new Renderer(JavaEngine.INSTANCE, threads).render(model, small);
            new TileRenderer(threads, TileSizes.defaults(), null).render(model, view, RenderMode.MONO, 1);
        }
        try (JitEngine engine = JitEngine.of(CompileOptions.of(dev.ariel.llvm.OptLevel.O0))) {
            new Renderer(engine, threads).render(model, small);
        }
    }
}
