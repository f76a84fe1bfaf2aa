package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Cost of one compiled whole-tape row call against its width: ns per call and G voxel-instructions
 * a second on one thread, for n points at a fixed y and z. Usage: {@code KernelProbe MODEL LEVEL N...}.
 */
public final class KernelProbe {
    private KernelProbe() {}

    public static void main(String[] args) throws Exception {
        SsaTape tape = Model.read(Path.of(args[0])).tape();
        OptLevel level = OptLevel.parse(args[1]);
        try (JitEngine jit = JitEngine.of(CompileOptions.of(level))) {
            long c0 = System.nanoTime();
            RowEvaluator k = jit.rowEvaluator(tape);
            System.out.printf(Locale.ROOT, "%s: %d instructions, compile %.1f ms%n", args[0], tape.length(), (System.nanoTime() - c0) / 1e6);
            RowEvaluator interp = JavaEngine.INSTANCE.rowEvaluator(tape);
            for (int a = 2; a < args.length; a++) {
                int n = Integer.parseInt(args[a]);
                float[] xs = new float[n], out = new float[n];
                for (int i = 0; i < n; i++) xs[i] = -1f + 2f * i / Math.max(1, n - 1);
                for (RowEvaluator e : new RowEvaluator[] {k, interp}) {
                    long budget = 300_000_000L, calls = 0, t0 = System.nanoTime(), t;
                    do {
                        for (int r = 0; r < 16; r++) e.evaluate(xs, 0, n, 0.1f + r * 1e-3f, 0.2f, out);
                        calls += 16;
                        t = System.nanoTime() - t0;
                    } while (t < budget);
                    double ns = t / (double) calls;
                    System.out.printf(Locale.ROOT, "  %-6s n=%5d  %9.0f ns/call  %6.2f ns/voxel  %6.2f G voxel-ops/s%n",
                            e == k ? "jit" : "interp", n, ns, ns / n, (double) n * tape.length() / ns);
                }
            }
        }
    }
}
