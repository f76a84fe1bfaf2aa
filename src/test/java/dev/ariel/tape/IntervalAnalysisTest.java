package dev.ariel.tape;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static dev.ariel.testing.TapeValues.evaluateAll;
import static dev.ariel.testing.TapeValues.operand;

import dev.ariel.Model;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interval bounds are sound: sampled f32 values land inside them, and NaN only where allowed. */
class IntervalAnalysisTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void sampledValuesLieInsideTheBounds(long seed) throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(seed, 80), "r.vm").tape();
        SplittableRandom rnd = new SplittableRandom(seed);
        float x0 = (float) rnd.nextDouble(-4, 4), x1 = x0 + (float) rnd.nextDouble(0, 3);
        float y0 = (float) rnd.nextDouble(-4, 4), y1 = y0 + (float) rnd.nextDouble(0, 3);
        float z0 = (float) rnd.nextDouble(-4, 4), z1 = z0 + (float) rnd.nextDouble(0, 3);
        Box box = new Box(x0, x1, y0, y1, z0, z1);
        IntervalAnalysis bounds = IntervalAnalysis.of(tape, box);
        float[] values = new float[tape.length()];
        for (int k = 0; k < 2000; k++) {
            // Corners and edges of the box are where bounds are tight, so sample them often.
            float x = k % 4 == 0 ? x0 : k % 4 == 1 ? x1 : (float) rnd.nextDouble(x0, x1);
            float y = k % 3 == 0 ? y0 : (float) rnd.nextDouble(y0, Math.nextUp(y1));
            float z = k % 5 == 0 ? z1 : (float) rnd.nextDouble(z0, Math.nextUp(z1));
            if (y > y1) y = y1;
            if (z > z1) z = z1;
            evaluateAll(tape, x, y, z, values);
            for (int i = 0; i < tape.length(); i++) {
                float v = values[i];
                boolean ok = Float.isNaN(v) ? bounds.maybeNaN(i) : v >= bounds.lower(i) && v <= bounds.upper(i);
                if (!ok) {
                    fail("seed " + seed + ": " + tape.opcode(i).text() + " (instruction " + i + ") gave " + v
                            + " at (" + x + ", " + y + ", " + z + "), outside [" + bounds.lower(i) + ", "
                            + bounds.upper(i) + "]" + (bounds.maybeNaN(i) ? " or NaN" : ""));
                }
            }
        }
    }

    @Test
    void theEdgeValuesOfEveryUnaryOpStayInside() throws Exception {
        for (Opcode op : Opcode.values()) {
            if (op.arity() != 1) continue;
            SsaTape tape = Model.parse("x var-x\nr " + op.text() + " x\n", "u.vm").tape();
            for (float lo : EdgeValues.FLOATS) {
                for (float hi : EdgeValues.FLOATS) {
                    if (!(lo <= hi)) continue;
                    IntervalAnalysis b = IntervalAnalysis.of(tape, new Box(lo, hi, 0, 0, 0, 0));
                    for (float x : EdgeValues.FLOATS) {
                        if (!(x >= lo && x <= hi)) continue;
                        float v = dev.ariel.expr.F32Semantics.apply(op, x, 0);
                        boolean ok = Float.isNaN(v) ? b.maybeNaN(1) : v >= b.lower(1) && v <= b.upper(1);
                        assertTrue(ok, op.text() + "(" + x + ") = " + v + " outside [" + b.lower(1) + ", "
                                + b.upper(1) + "] for box [" + lo + ", " + hi + "]");
                    }
                }
            }
        }
    }

    @Test
    void sumsOfSquaresAreProvablyNotNaNUnderASquareRoot() throws Exception {
        SsaTape tape = Model.parse("x var-x\ny var-y\na square x\nb square y\ns add a b\nr sqrt s\nm min r x\n", "c.vm").tape();
        IntervalAnalysis b = IntervalAnalysis.of(tape, new Box(-1, 1, -1, 1, 0, 0));
        assertFalse(b.maybeNaN(tape.output()));
        assertTrue(b.lower(4) >= 0, "sqrt's operand bound " + b.lower(4));
        // Over every float, NaN inputs make everything maybe-NaN.
        assertTrue(IntervalAnalysis.of(tape, Box.EVERYTHING).maybeNaN(tape.output()));
    }
}
