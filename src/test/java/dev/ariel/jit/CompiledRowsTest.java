package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaPointEvaluator;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A kernel's rows function ({@code NAME_rows}, one native call for a tile) writes exactly what
 * its row function writes row by row, at any x and y offset, and never outside its rows.
 */
class CompiledRowsTest {
    @ParameterizedTest(name = "seed {0}, {1}x{2} at ({3}, {4}), {5}")
    @CsvSource({"1, 45, 7, 3, 2, O0", "2, 16, 16, 0, 0, O1", "3, 1, 1, 5, 9, O2", "4, 33, 3, 11, 0, O3", "5, 8, 32, 0, 4, O1"})
    void rowsEqualRowByRowEvaluation(long seed, int count, int rows, int from, int yFrom, String level) throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(seed, 50), "rows.vm").tape();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] xs = new float[from + count + 3];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i < EdgeValues.FLOATS.length ? EdgeValues.FLOATS[i] : (float) rnd.nextDouble(-3, 3);
        }
        float[] ys = new float[yFrom + rows + 2];
        for (int i = 0; i < ys.length; i++) ys[i] = (float) rnd.nextDouble(-2, 2);
        ys[yFrom] = -0f;
        JavaPointEvaluator oracle = new JavaPointEvaluator(tape);
        CompileOptions options = CompileOptions.of(OptLevel.valueOf(level));
        try (CompiledKernel kernel = Jit.shared().compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), options)) {
            float[] out = new float[rows * count + 5];
            Arrays.fill(out, 12345f);
            kernel.evaluateRows(xs, from, count, ys, yFrom, rows, 0.25f, out);
            float[] row = new float[xs.length];
            for (int r = 0; r < rows; r++) {
                kernel.evaluate(xs, from, count, ys[yFrom + r], 0.25f, row);
                for (int j = 0; j < count; j++) {
                    float got = out[r * count + j];
                    if (!FloatEquality.same(row[from + j], got)
                            || !FloatEquality.same(oracle.evaluate(xs[from + j], ys[yFrom + r], 0.25f), got)) {
                        fail("row " + r + " pixel " + j + ": rows function " + got + ", row function " + row[from + j]);
                    }
                }
            }
            for (int i = rows * count; i < out.length; i++) assertEquals(12345f, out[i], "wrote past its rows at " + i);
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernel.evaluateRows(xs, from, count, ys, yFrom, rows, 0f, new float[rows * count - 1]));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernel.evaluateRows(xs, from, count, ys, ys.length - rows + 1, rows, 0f, out));
        }
    }
}
