package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What compiling a whole tape costs once LLVM is loaded: each model compiled in a fresh engine after
 * a warm-up compile, median of three. Usage: {@code CompileProbe LEVEL MODEL...}.
 */
public final class CompileProbe {
    private CompileProbe() {}

    public static void main(String[] args) throws Exception {
        OptLevel level = OptLevel.parse(args[0]);
        try (JitEngine warm = JitEngine.of(CompileOptions.of(level))) {
            warm.rowEvaluator(Model.read(Path.of(args[1])).tape());
        }
        for (int a = 1; a < args.length; a++) {
            SsaTape tape = Model.read(Path.of(args[a])).tape();
            long[] t = new long[3];
            for (int r = 0; r < 3; r++) {
                try (JitEngine jit = JitEngine.of(CompileOptions.of(level))) {
                    long t0 = System.nanoTime();
                    jit.rowEvaluator(tape);
                    t[r] = System.nanoTime() - t0;
                }
            }
            java.util.Arrays.sort(t);
            System.out.printf(Locale.ROOT, "%-40s %5d instructions  compile %7.1f ms%n", args[a], tape.length(), t[1] / 1e6);
        }
    }
}
