package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaGradientEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient kernels in the disk cache: a second engine links what the first compiled, gives the
 * same bits, and a tape's gradient kernel and row kernel are two entries, never one for the other.
 */
class GradientCodeCacheTest {
    @TempDir
    Path dir;

    @Test
    void aSecondEngineLinksTheGradientKernelFromDisk() throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(5, 50), "g.vm").tape();
        CodeCache.Settings settings = new CodeCache.Settings(dir, 64L << 20);
        CompileOptions options = CompileOptions.of(OptLevel.O0);
        int n = 77;
        SplittableRandom random = new SplittableRandom(5);
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) random.nextDouble(-2, 2);
            ys[i] = (float) random.nextDouble(-2, 2);
            zs[i] = (float) random.nextDouble(-2, 2);
        }
        float[][] want = new float[4][n];
        new JavaGradientEvaluator(tape).evaluate(xs, ys, zs, n, want[0], want[1], want[2], want[3]);
        try (JitEngine first = JitEngine.of(options, settings)) {
            first.gradientEvaluator(tape);
            first.rowEvaluator(tape, Box.EVERYTHING);
            assertEquals(2, first.compiledCount(), "the gradient and the row kernel are compiled apart");
            assertEquals(0, first.loadedFromDiskCount());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.filter(Files::isRegularFile).count() >= 2, "both objects were stored");
        }
        try (JitEngine second = JitEngine.of(options, settings)) {
            float[][] got = new float[4][n];
            second.gradientEvaluator(tape).evaluate(xs, ys, zs, n, got[0], got[1], got[2], got[3]);
            assertEquals(0, second.compiledCount(), "nothing compiled again");
            assertEquals(1, second.loadedFromDiskCount(), "the gradient kernel came from disk");
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < n; i++) {
                    assertTrue(FloatEquality.same(want[c][i], got[c][i]), "output " + c + " at " + i);
                }
            }
            // The row kernel is its own entry: asking for it links the other object, compiling nothing.
            second.rowEvaluator(tape, Box.EVERYTHING);
            assertEquals(0, second.compiledCount());
            assertEquals(2, second.loadedFromDiskCount());
        }
    }
}
