package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.tape.SsaTape;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.OptLevel;
import dev.ariel.llvm.OptLevel.CodegenLevel;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints, per optimization level, the median IR build, pass, codegen and link times of compiling
 * a model, and its median render time on 1 thread and on every core, next to the interpreter's.
 * Levels run interleaved (O0 O1 O2 O3 O0 ...), so a drifting machine favours none of them.
 *
 * <p>Run with {@code scripts/jit-levels [MODEL] [SIZE] [RUNS]}.
 */
public final class JitLevelTable {
    public static void main(String[] args) throws Exception {
        Path path = args.length > 0 ? Path.of(args[0]) : SharedModels.require("prospero.vm");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Model model = Model.read(path);
        View view = View.of(size);
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, CompileOptions> variants = new LinkedHashMap<>();
        for (OptLevel level : OptLevel.values()) variants.put(level.name(), CompileOptions.of(level));
        variants.put("O2/none", CompileOptions.of(OptLevel.O2).withCodegen(CodegenLevel.NONE));
        variants.put("O1/none", CompileOptions.of(OptLevel.O1).withCodegen(CodegenLevel.NONE));
        variants.put("O0/default", CompileOptions.of(OptLevel.O0).withCodegen(CodegenLevel.DEFAULT));
        // The same code without the interval proof: every min/max keeps minnum's NaN handling.
        variants.put("O2, no proof", CompileOptions.of(OptLevel.O2));
        variants.put("O2/none, no proof", CompileOptions.of(OptLevel.O2).withCodegen(CodegenLevel.NONE));

        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        for (String v : variants.keySet()) samples.put(v, new ArrayList<>());
        List<long[]> interp = new ArrayList<>();
        // One warm-up round that is not recorded: class loading, HotSpot, LLVM's first use.
        for (int round = -1; round < runs; round++) {
            for (Map.Entry<String, CompileOptions> e : variants.entrySet()) {
                try (JitEngine engine = JitEngine.of(e.getValue())) {
                    boolean proof = !e.getKey().endsWith("no proof");
                    CompiledKernel k = engine.kernel(model.tape(), proof ? view.box() : Box.EVERYTHING);
                    CompileStats s = k.stats();
                    Backend tier = proof ? engine : new FixedKernel(k);
                    long r1 = time(() -> new Renderer(tier, 1).render(model, view));
                    long rn = time(() -> new Renderer(tier, cores).render(model, view));
                    if (round >= 0) {
                        samples.get(e.getKey()).add(new long[] {s.buildNanos(), s.passNanos(), s.codegenNanos(),
                            s.linkNanos(), s.totalNanos(), r1, rn, s.textBytes()});
                    }
                }
            }
            long i1 = time(() -> new Renderer(JavaEngine.INSTANCE, 1).render(model, view));
            long in = time(() -> new Renderer(JavaEngine.INSTANCE, cores).render(model, view));
            if (round >= 0) interp.add(new long[] {i1, in});
            System.err.printf("round %d of %d done%n", round + 1, runs);
        }
        double interp1 = median(interp, 0), interpN = median(interp, 1);
        System.out.printf("%s at %d², medians of %d runs (ms), %d cores%n", path.getFileName(), size, runs, cores);
        System.out.printf("| level | IR build | passes | codegen | link | compile | render 1 thread | render %d threads | code bytes | render speed-up over interp (%d threads) |%n", cores, cores);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<long[]>> e : samples.entrySet()) {
            List<long[]> s = e.getValue();
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.1f× |%n", e.getKey(),
                    median(s, 0), median(s, 1), median(s, 2), median(s, 3), median(s, 4), median(s, 5), median(s, 6),
                    (long) (median(s, 7) * 1e6), interpN / median(s, 6));
        }
        System.out.printf("| interp | | | | | | %.1f | %.1f | | 1.0× |%n", interp1, interpN);
    }

    // Hands out one kernel whatever box it is asked for: a kernel compiled for every input is correct in any box.
    private record FixedKernel(CompiledKernel kernel) implements Backend {
        @Override
        public String name() {
            return "jit";
        }

        @Override
        public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
            return kernel;
        }

        @Override
        public PointEvaluator pointEvaluator(SsaTape tape) {
            throw new UnsupportedOperationException();
        }
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private static double median(List<long[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col] / 1e6).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private JitLevelTable() {}
}
