package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.llvm.OptLevel;
import dev.ariel.llvm.OptLevel.CodegenLevel;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints what batching saves when compiling many tile-sized tapes: for about 60 tapes of 400–1,200
 * instructions (prospero.vm sub-expressions, and random models that use every opcode), the wall
 * time and the compile-thread time per instruction of {@link JitTapeCompiler#compileAll} with one
 * module per tape and with batches of several sizes, on 1 and 2 compiling threads. Variants run
 * interleaved, and each number is a median. Not a unit test: it only prints.
 *
 * <p>Run with {@code mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/test-classpath.txt}, then {@code java @native-config/jvm.args -cp
 * target/test-classes:target/classes:$(cat target/test-classpath.txt) dev.ariel.bench.BatchCompileTable [RUNS] [TAPES] [prospero|random|both]}
 * (defaults 5, 60, both; add {@code -Dariel.shared=DIR} if the shared models are not in {@code ../shared}).
 */
public final class BatchCompileTable {
    private record Variant(String label, int threads, int batchOps) {}

    private record TapeSet(String name, List<SsaTape> tapes, Box box) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        CompileOptions options = CompileOptions.of(OptLevel.O1).withCodegen(CodegenLevel.NONE); // the CLI's default
        String which = args.length > 2 ? args[2] : "both";
        List<TapeSet> sets = new ArrayList<>();
        if (!which.equals("random")) sets.add(new TapeSet("prospero sub-expressions", prosperoPieces(count), View.of(1024).box()));
        if (!which.equals("prospero")) {
            sets.add(new TapeSet("random models", randomTapes(count), new Box(-1.5f, 2f, -0.5f, 0.25f, 0.5f, 0.5f)));
        }
        List<Variant> variants = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            variants.add(new Variant("module per tape", threads, 1));
            for (int ops : new int[] {2_500, 5_000, 20_000, 50_000}) variants.add(new Variant("batches ≤ " + ops, threads, ops));
        }
        for (TapeSet set : sets) {
            long ops = set.tapes().stream().mapToLong(SsaTape::length).sum();
            System.out.printf("%n%s: %d tapes, %d instructions (%d–%d each), %s, medians of %d runs%n", set.name(),
                    set.tapes().size(), ops, set.tapes().stream().mapToInt(SsaTape::length).min().orElse(0),
                    set.tapes().stream().mapToInt(SsaTape::length).max().orElse(0), options.label(), runs);
            Map<Variant, List<double[]>> samples = new LinkedHashMap<>();
            for (Variant v : variants) samples.put(v, new ArrayList<>());
            List<Box> boxes = Collections.nCopies(set.tapes().size(), set.box());
            for (int round = -1; round < runs; round++) { // round −1 warms up LLVM and HotSpot
                for (Variant v : variants) {
                    double[] s = measure(set.tapes(), boxes, options, v);
                    if (round >= 0) samples.get(v).add(s);
                }
                System.err.printf("%s: round %d of %d%n", set.name(), round + 1, runs);
            }
            System.out.println("| variant | threads | modules | wall ms | wall µs/op | thread ms | thread µs/op | build | passes | codegen | link (under the JIT lock) | object KB |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (Map.Entry<Variant, List<double[]>> e : samples.entrySet()) {
                Variant v = e.getKey();
                List<double[]> s = e.getValue();
                double wall = median(s, 0), thread = median(s, 1);
                System.out.printf("| %s | %d | %.0f | %.0f | %.1f | %.0f | %.1f | %.0f | %.0f | %.0f | %.1f | %.0f |%n", v.label(), v.threads(),
                        median(s, 2), wall, wall * 1e3 / ops, thread, thread * 1e3 / ops, median(s, 3), median(s, 4),
                        median(s, 5), median(s, 6), median(s, 7) / 1024);
            }
        }
    }

    // {wall ms, thread ms, modules, build ms, passes ms, codegen ms, link ms, object bytes}
    private static double[] measure(List<SsaTape> tapes, List<Box> boxes, CompileOptions options, Variant v) {
        try (JitTapeCompiler compiler = new JitTapeCompiler(options, v.threads(), Long.MAX_VALUE, v.batchOps())) {
            long t0 = System.nanoTime();
            compiler.compileAll(tapes, boxes).join();
            long wall = System.nanoTime() - t0;
            TapeCompiler.Counters c = compiler.counters();
            // The kernels of a batch share one stats record: count each module once.
            Set<CompileStats> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            double build = 0, passes = 0, codegen = 0, link = 0;
            try (TapeCompiler.Lease lease = compiler.lease()) {
                for (int i = 0; i < tapes.size(); i++) {
                    CompileStats s = ((CompiledKernel) compiler.cached(tapes.get(i), boxes.get(i))).stats();
                    if (!seen.add(s)) continue;
                    build += s.buildNanos() / 1e6;
                    passes += s.passNanos() / 1e6;
                    codegen += s.codegenNanos() / 1e6;
                    link += s.linkNanos() / 1e6;
                }
            }
            return new double[] {wall / 1e6, c.compileNanos() / 1e6, c.modules(), build, passes, codegen, link, c.codeBytes()};
        }
    }

    /** Sub-expressions of prospero.vm of 400–1,200 instructions, as interval pruning leaves per tile: min/max trees of shapes. */
    private static List<SsaTape> prosperoPieces(int count) throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        List<SsaTape> candidates = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        for (int root = 0; root < model.graph().size(); root++) {
            SsaTape t = SsaTape.of(model.graph(), root);
            if (t.length() >= 400 && t.length() <= 1_200 && hashes.add(t.codeKey())) candidates.add(t);
        }
        if (candidates.size() < count) throw new IllegalStateException("only " + candidates.size() + " sub-expressions fit");
        List<SsaTape> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) picked.add(candidates.get((int) ((long) i * candidates.size() / count)));
        return picked;
    }

    /** Random models of about 700 instructions over every opcode (transcendentals call F32Math's mirror). */
    private static List<SsaTape> randomTapes(int count) throws Exception {
        List<SsaTape> tapes = new ArrayList<>();
        for (int i = 0; i < count; i++) tapes.add(Model.parse(RandomModels.generate(10_000 + i, 350), "r" + i + ".vm").tape());
        return tapes;
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private BatchCompileTable() {}
}
