package dev.ariel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Point, batch, interval and gradient evaluation reached from {@link Model} alone, as a library user does. */
class ModelEvaluationTest {
    // sqrt(x² + y² + z²) - 0.5: a sphere of radius 0.5, whose gradient is the unit radius.
    private static final String SPHERE = """
            _0 var-x
            _1 var-y
            _2 var-z
            _3 square _0
            _4 square _1
            _5 square _2
            _6 add _3 _4
            _7 add _6 _5
            _8 sqrt _7
            _9 const 0.5
            _a sub _8 _9
            """;

    private final Model sphere = parse(SPHERE);

    private static Model parse(String text) {
        try {
            return Model.parse(text, "sphere.vm");
        } catch (dev.ariel.parse.ModelException e) {
            throw new AssertionError(e);
        }
    }

    private static float expected(float x, float y, float z) {
        return (float) Math.sqrt(x * x + y * y + z * z) - 0.5f;
    }

    @Test
    void valuesAreTheF32Formula() {
        Random r = new Random(7);
        float[] xs = new float[64], ys = new float[64], zs = new float[64], out = new float[64];
        for (int i = 0; i < 64; i++) {
            xs[i] = r.nextFloat() * 2 - 1;
            ys[i] = r.nextFloat() * 2 - 1;
            zs[i] = r.nextFloat() * 2 - 1;
        }
        sphere.valuesAt(xs, ys, zs, 64, out);
        for (int i = 0; i < 64; i++) {
            // f32 in op order: x*x + y*y, then + z*z, then sqrt and the subtraction.
            float ex = (float) Math.sqrt((xs[i] * xs[i] + ys[i] * ys[i]) + zs[i] * zs[i]) - 0.5f;
            assertEquals(ex, out[i], 0f, "point " + i);
            assertEquals(out[i], sphere.valueAt(xs[i], ys[i], zs[i]), 0f);
        }
        assertEquals(-0.5f, sphere.valueAt(0, 0, 0), 0f);
    }

    @Test
    void boundsHoldEverySampledValueAndDecideFarBoxes() {
        Random r = new Random(11);
        for (int k = 0; k < 200; k++) {
            float x0 = r.nextFloat() * 2 - 1, y0 = r.nextFloat() * 2 - 1, z0 = r.nextFloat() * 2 - 1;
            float s = r.nextFloat() * 0.5f;
            Model.Bounds b = sphere.boundsOver(x0, x0 + s, y0, y0 + s, z0, z0 + s);
            for (int i = 0; i < 20; i++) {
                float v = sphere.valueAt(x0 + r.nextFloat() * s, y0 + r.nextFloat() * s, z0 + r.nextFloat() * s);
                assertTrue(b.lower() <= v && v <= b.upper(), () -> v + " outside " + b);
            }
        }
        assertTrue(sphere.boundsOver(0.6f, 0.9f, 0.6f, 0.9f, -0.1f, 0.1f).empty(), "a box beyond the radius");
        Model.Bounds inside = sphere.boundsOver(-0.1f, 0.1f, -0.1f, 0.1f, -0.1f, 0.1f);
        assertTrue(inside.filled(), inside::toString);
        assertFalse(inside.maybeNaN());
        assertThrows(IllegalArgumentException.class, () -> sphere.boundsOver(1, 0, 0, 1, 0, 1));
    }

    @Test
    void gradientsAreTheUnitRadius() {
        float[][] points = {{0.3f, 0.4f, 0f}, {-0.2f, 0.1f, 0.7f}, {0.9f, -0.9f, 0.1f}};
        for (float[] p : points) {
            Model.Gradient g = sphere.gradientAt(p[0], p[1], p[2]);
            double len = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            assertEquals(sphere.valueAt(p[0], p[1], p[2]), g.value(), 0f);
            assertEquals(expected(p[0], p[1], p[2]), g.value(), 1e-6f);
            assertEquals(p[0] / len, g.dx(), 1e-5);
            assertEquals(p[1] / len, g.dy(), 1e-5);
            assertEquals(p[2] / len, g.dz(), 1e-5);
        }
    }
}
