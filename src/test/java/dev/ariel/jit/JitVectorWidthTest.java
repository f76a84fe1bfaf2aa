package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaPointEvaluator;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kernels built for narrower vectors (AVX2's 8 floats, SSE's and NEON's 4, and scalar code) give
 * the interpreter's values too: this host runs them all, so hosts without AVX-512 are covered.
 */
class JitVectorWidthTest {
    private static final AtomicInteger SYMBOLS = new AtomicInteger();

    @ParameterizedTest(name = "{0} lanes, seed {1}")
    @CsvSource({"8, 41", "8, 42", "4, 43", "4, 44", "1, 45", "1, 46"})
    void narrowerKernelsAgreeWithTheOracle(int lanes, long seed) throws Exception {
        String text = RandomModels.generate(seed, 60);
        SsaTape tape = Model.parse(text, "w.vm").tape();
        HostTarget host = Jit.shared().host().withFloatLanes(lanes);
        CompileOptions options = CompileOptions.of(OptLevel.O2);
        KernelCompiler.CompiledObject object = KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), options,
                host, "ariel_width_test_" + SYMBOLS.incrementAndGet());
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 45; // not a multiple of 4, 8 or 16: every width ends in a masked tail
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = i < EdgeValues.FLOATS.length ? EdgeValues.FLOATS[i] : (float) rnd.nextDouble(-3, 3);
        JavaPointEvaluator oracle = new JavaPointEvaluator(tape);
        List<String> failures = new ArrayList<>();
        try (CompiledKernel kernel = Jit.shared().load(object)) {
            for (float y : new float[] {0f, -0f, 0.75f, -2.5f, Float.NaN}) {
                float[] out = new float[n];
                kernel.evaluate(xs, 0, n, y, 0.5f, out);
                for (int i = 0; i < n; i++) {
                    float expected = oracle.evaluate(xs[i], y, 0.5f);
                    if (!FloatEquality.same(expected, out[i])) {
                        failures.add("(" + xs[i] + ", " + y + "): expected " + expected + ", got " + out[i]);
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(lanes + " lanes: " + failures.size() + " mismatches, first: " + failures.subList(0, Math.min(5, failures.size()))
                    + "\nmodel:\n" + text);
        }
    }
}
