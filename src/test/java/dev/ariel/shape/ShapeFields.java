package dev.ariel.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.JavaPointEvaluator64;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.tape.SsaTape;
import java.util.SplittableRandom;

/**
 * What the shape tests share: a shape's model evaluated at a point, in f32 (the interpreter's
 * point evaluator, what renders) and in f64 (the oracle, for tight tolerances and differences),
 * and the checks that a field matches a formula, is exact or is a bound.
 */
final class ShapeFields {
    /** Sample points per check. */
    static final int SAMPLES = 600;

    private ShapeFields() {}

    /** A reference value at a point, written independently of the shape under test. */
    interface Formula {
        double at(double x, double y, double z);
    }

    /** A shape's model at a point. */
    record Field(String name, PointEvaluator f32, JavaPointEvaluator64 f64) {
        static Field of(Shape s) {
            SsaTape tape = Model.of(s).tape();
            return new Field(s.toString(), JavaEngine.INSTANCE.pointEvaluator(tape), new JavaPointEvaluator64(tape));
        }

        double at(double x, double y, double z) {
            return f64.evaluate(x, y, z);
        }

        double at(double[] p) {
            return f64.evaluate(p[0], p[1], p[2]);
        }
    }

    /** Seeded random points in the cube [−extent, extent]³, or its z = 0 square for 2D. */
    static double[][] points(long seed, double extent, boolean threeD) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            p[i] = new double[] {random.nextDouble(-extent, extent), random.nextDouble(-extent, extent),
                threeD ? random.nextDouble(-extent, extent) : 0};
        }
        return p;
    }

    /** That the shape's value is the formula's, in f64 tightly and in f32 within its rounding. */
    static void assertMatches(Shape shape, Formula formula, long seed, double extent, boolean threeD) {
        Field f = Field.of(shape);
        for (double[] p : points(seed, extent, threeD)) {
            double want = formula.at(p[0], p[1], p[2]);
            double got64 = f.at(p);
            float got32 = f.f32().evaluate((float) p[0], (float) p[1], (float) p[2]);
            double scale = 1 + Math.abs(want);
            if (!(Math.abs(got64 - want) <= 1e-9 * scale) || !(Math.abs(got32 - want) <= 2e-4 * scale)) {
                fail(shape + " at " + point(p) + ": want " + want + ", f64 gave " + got64 + ", f32 gave " + got32);
            }
        }
    }

    /** That two shapes have the same value everywhere sampled (to f64 rounding). */
    static void assertSameField(Shape a, Shape b, long seed, double extent, boolean threeD) {
        Field fb = Field.of(b);
        assertMatches(a, fb::at, seed, extent, threeD);
    }

    /**
     * That the field is 1-Lipschitz: over pairs of sampled points, near and far, the value never
     * changes faster than the distance; with the sign right, that is what makes it a bound.
     */
    static void assertBound(Shape shape, long seed, double extent, boolean threeD) {
        Field f = Field.of(shape);
        double[][] ps = points(seed, extent, threeD);
        double[][] qs = points(seed + 1, extent, threeD);
        SplittableRandom random = new SplittableRandom(seed + 2);
        for (int i = 0; i < ps.length; i++) {
            double[] p = ps[i];
            double[] near = {p[0] + random.nextDouble(-0.02, 0.02), p[1] + random.nextDouble(-0.02, 0.02),
                threeD ? p[2] + random.nextDouble(-0.02, 0.02) : 0};
            for (double[] q : new double[][] {qs[i], near}) {
                double change = Math.abs(f.at(p) - f.at(q));
                double dist = Math.sqrt(sq(p[0] - q[0]) + sq(p[1] - q[1]) + sq(p[2] - q[2]));
                if (!(change <= dist * (1 + 1e-9) + 1e-12)) {
                    fail(shape + " changes by " + change + " between " + point(p) + " and " + point(q)
                            + ", which are " + dist + " apart: not a bound");
                }
            }
        }
    }

    /**
     * That the field is an exact distance: a bound whose gradient has magnitude 1 wherever it is
     * smooth. A point is near a kink (a medial axis, a crease) when its one-sided differences
     * disagree; those are skipped, but most points must be smooth, so the check cannot pass empty.
     */
    static void assertExact(Shape shape, long seed, double extent, boolean threeD) {
        assertBound(shape, seed, extent, threeD);
        Field f = Field.of(shape);
        int smooth = 0;
        double h = 1e-6;
        for (double[] p : points(seed + 3, extent, threeD)) {
            double sum = 0;
            boolean kink = false;
            for (int axis = 0; axis < (threeD ? 3 : 2); axis++) {
                double[] plus = p.clone();
                double[] minus = p.clone();
                plus[axis] += h;
                minus[axis] -= h;
                double fwd = (f.at(plus) - f.at(p)) / h;
                double bwd = (f.at(p) - f.at(minus)) / h;
                kink |= Math.abs(fwd - bwd) > 1e-4;
                sum += sq((fwd + bwd) / 2);
            }
            if (kink) continue;
            smooth++;
            double magnitude = Math.sqrt(sum);
            if (Math.abs(magnitude - 1) > 1e-4) {
                fail(shape + " has a gradient of magnitude " + magnitude + " at " + point(p) + ": not exact");
            }
        }
        assertTrue(smooth >= SAMPLES * 0.8, shape + ": only " + smooth + " of " + SAMPLES + " points were smooth");
    }

    /** That two tapes compute the same thing: the same instructions, operands, constants and output. */
    static void assertSameTape(SsaTape want, SsaTape got) {
        assertEquals(want.length(), got.length(), "instructions");
        for (int i = 0; i < want.length(); i++) {
            assertEquals(want.opcode(i), got.opcode(i), "opcode " + i);
            assertEquals(want.lhs(i), got.lhs(i), "lhs " + i);
            assertEquals(want.rhs(i), got.rhs(i), "rhs " + i);
        }
        assertEquals(want.constantCount(), got.constantCount(), "constants");
        for (int k = 0; k < want.constantCount(); k++) {
            assertEquals(want.constant64(k), got.constant64(k), "constant " + k);
            assertEquals(want.constant(k), got.constant(k), "f32 constant " + k);
        }
        assertEquals(want.output(), got.output(), "output");
        assertEquals(want.codeKey(), got.codeKey(), "code key");
    }

    static double sq(double v) {
        return v * v;
    }

    static String point(double[] p) {
        return "(" + p[0] + ", " + p[1] + ", " + p[2] + ")";
    }
}
