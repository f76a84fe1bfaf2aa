package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Java gradient tier: its values to the bit, and the rules docs/semantics.md states at kinks. */
class JavaGradientEvaluatorTest {
    @Test
    void valuesAreThePointEvaluatorsToTheBit() throws ModelException {
        SplittableRandom random = new SplittableRandom(3);
        float[] p = new float[1];
        for (long seed = 1; seed <= 16; seed++) {
            SsaTape tape = Model.parse(RandomModels.generate(seed, 40), "r.vm").tape();
            JavaPointEvaluator point = new JavaPointEvaluator(tape);
            JavaGradientEvaluator grad = new JavaGradientEvaluator(tape);
            for (int i = 0; i < 200; i++) {
                float x = i % 5 == 0 ? EdgeValues.FLOATS[random.nextInt(EdgeValues.FLOATS.length)] : (float) random.nextDouble(-3, 3);
                float y = (float) random.nextDouble(-3, 3);
                float z = (float) random.nextDouble(-3, 3);
                grad.evaluate(new float[] {x}, new float[] {y}, new float[] {z}, 1, p, new float[1], new float[1], new float[1]);
                assertEquals(Float.floatToRawIntBits(point.evaluate(x, y, z)), Float.floatToRawIntBits(p[0]),
                        "seed " + seed + " at (" + x + ", " + y + ", " + z + ")");
            }
        }
    }

    @Test
    void kinksTakeTheDocumentedValues() throws ModelException {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        assertGradient("out abs x", 0f, 0f, 1f, 0f, 0f);
        assertGradient("out abs x", -0f, 0f, 1f, 0f, 0f);
        assertGradient("out abs x", -2f, 0f, -1f, 0f, 0f);
        assertGradient("out sqrt x", 0f, 0f, inf, nan, nan);
        assertGradient("out floor x", 2.5f, 0f, 0f, 0f, 0f);
        assertGradient("out compare x y", 1f, 1f, 0f, 0f, 0f);
        assertGradient("out min x y", 1f, 2f, 1f, 0f, 0f);
        assertGradient("out min x y", nan, 2f, 0f, 1f, 0f);
        assertGradient("out max x y", 2f, nan, 1f, 0f, 0f);
        assertGradient("out and x y", 0f, 3f, 1f, 0f, 0f);
        assertGradient("out or x y", 0f, 3f, 0f, 1f, 0f);
        assertGradient("out or x y", nan, 3f, 1f, 0f, 0f);
        assertGradient("out recip x", 0f, 0f, -inf, nan, nan);
        assertGradient("out div y x", 0f, 1f, -inf, nan, nan);
        assertGradient("out mod x y", 7f, 2f, 1f, -3f, 0f);
        assertGradient("out mod x y", 7f, -2f, 1f, 3f, 0f);
    }

    private static void assertGradient(String line, float x, float y, float gx, float gy, float gz) throws ModelException {
        SsaTape tape = Model.parse("x var-x\ny var-y\nz var-z\n" + line + "\n", "k.vm").tape();
        float[] v = new float[1], dx = new float[1], dy = new float[1], dz = new float[1];
        new JavaGradientEvaluator(tape).evaluate(new float[] {x}, new float[] {y}, new float[] {0.5f}, 1, v, dx, dy, dz);
        float[] want = {gx, gy, gz}, got = {dx[0], dy[0], dz[0]};
        for (int axis = 0; axis < 3; axis++) {
            // Under the tiers' equality: NaN as one value, −0 = +0.
            assertTrue(FloatEquality.same(want[axis], got[axis]), line + " at (" + x + ", " + y + ") d/d"
                    + "xyz".charAt(axis) + ": " + got[axis] + ", expected " + want[axis]);
        }
    }
}
