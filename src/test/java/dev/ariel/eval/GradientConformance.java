package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite of the gradient kind, which every backend that offers it passes: values
 * equal to its point evaluator's, partials equal to the Java tier's (NaN as one value, −0 = +0)
 * on edge inputs (NaN, ±0, ±∞, π, ...), and partials within {@link #TOLERANCE} of f64 central
 * differences at smooth points, for every opcode alone and for seeded random models.
 */
public interface GradientConformance {
    /**
     * How far a partial may be from the f64 central difference, relative to max(1, |difference|):
     * f32 rounding of the chain rule plus the difference's own O(h²) error.
     */
    double TOLERANCE = 2e-3;

    /** The backend under test. */
    Backend backend();

    @Test
    default void offersGradients() {
        assertTrue(backend().supports(EvaluatorKind.GRADIENT), backend().name());
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    default void everyOpcodeOnEdgeInputsMatchesTheJavaTier(Opcode op) throws ModelException {
        float[] edge = EdgeValues.FLOATS;
        int n = edge.length * edge.length;
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = edge[i % edge.length];
            ys[i] = edge[i / edge.length];
            zs[i] = edge[(i * 7) % edge.length];
        }
        List<String> failures = new ArrayList<>();
        for (String text : edgeModels(op)) {
            check(failures, op.text(), tape(text), xs, ys, zs);
        }
        report(failures);
    }

    @Test
    default void randomModelsMatchTheJavaTierAndThePointEvaluator() throws ModelException {
        List<String> failures = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(17);
        int n = 96;
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        for (long seed = 1; seed <= 24; seed++) {
            for (int i = 0; i < n; i++) {
                // A quarter of the points take an edge value on one axis.
                xs[i] = i % 4 == 0 ? EdgeValues.FLOATS[random.nextInt(EdgeValues.FLOATS.length)] : (float) random.nextDouble(-2, 2);
                ys[i] = (float) random.nextDouble(-2, 2);
                zs[i] = i % 8 == 1 ? EdgeValues.FLOATS[random.nextInt(EdgeValues.FLOATS.length)] : (float) random.nextDouble(-2, 2);
            }
            check(failures, "seed " + seed, tape(RandomModels.generate(seed, 40)), xs, ys, zs);
        }
        report(failures);
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    default void everyOpcodeAloneAgreesWithCentralDifferences(Opcode op) throws ModelException {
        String u = "u add ux uyz\n";
        String body = switch (op.arity()) {
            case 0 -> op == Opcode.CONST ? "out const 2.5\n" : "out " + op.text() + "\n";
            case 1 -> "out " + op.text() + " u\n";
            default -> "out " + op.text() + " u w\n";
        };
        String text = LINEAR + u + body;
        int checked = agreeWithCentralDifferences(tape(text), op.text(), 400, 0.8, 1e-4);
        // Each op is smooth on most of the cube (asin/acos/ln on over half of it); a suite that
        // skipped every point could not fail.
        assertTrue(checked >= 150, op.text() + ": only " + checked + " smooth points of 400");
    }

    @Test
    default void randomModelsAgreeWithCentralDifferences() throws ModelException {
        int checked = 0;
        for (long seed = 1; seed <= 24; seed++) {
            checked += agreeWithCentralDifferences(tape(RandomModels.generate(seed, 24)), "seed " + seed, 200, 1.5, 1e-3);
        }
        assertTrue(checked >= 1000, "only " + checked + " smooth points of 4800");
    }

    /**
     * Checks the backend's partials against f64 central differences at {@code count} seeded points
     * of the cube [−extent, extent]³ where the model is smooth, and returns how many it checked.
     * Smooth means: finite f32 and f64 values that agree, and central differences with steps h and
     * h/2 that agree (no step or kink inside the stencil).
     */
    private int agreeWithCentralDifferences(SsaTape tape, String what, int count, double extent, double h)
            throws ModelException {
        SplittableRandom random = new SplittableRandom(what.hashCode());
        float[] xs = new float[count], ys = new float[count], zs = new float[count];
        for (int i = 0; i < count; i++) {
            xs[i] = (float) random.nextDouble(-extent, extent);
            ys[i] = (float) random.nextDouble(-extent, extent);
            zs[i] = (float) random.nextDouble(-extent, extent);
        }
        float[] v = new float[count], dx = new float[count], dy = new float[count], dz = new float[count];
        backend().gradientEvaluator(tape).evaluate(xs, ys, zs, count, v, dx, dy, dz);
        JavaPointEvaluator64 f64 = new JavaPointEvaluator64(tape);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < count; i++) {
            double[] p = {xs[i], ys[i], zs[i]};
            double exact = f64.evaluate(p[0], p[1], p[2]);
            if (!Double.isFinite(exact) || !Float.isFinite(v[i])
                    || Math.abs(v[i] - exact) > 1e-4 * Math.max(1, Math.abs(exact))) continue;
            float[] got = {dx[i], dy[i], dz[i]};
            boolean smooth = true;
            double[] want = new double[3];
            for (int axis = 0; axis < 3 && smooth; axis++) {
                double d1 = difference(f64, p, axis, h);
                double d2 = difference(f64, p, axis, h / 2);
                smooth = Double.isFinite(d1) && Math.abs(d1 - d2) <= 1e-4 * Math.max(1, Math.abs(d1));
                want[axis] = d2;
            }
            if (!smooth) continue;
            checked++;
            for (int axis = 0; axis < 3; axis++) {
                if (!(Math.abs(got[axis] - want[axis]) <= TOLERANCE * Math.max(1, Math.abs(want[axis])))) {
                    failures.add(what + " at (" + xs[i] + ", " + ys[i] + ", " + zs[i] + ") d/d" + "xyz".charAt(axis)
                            + ": " + got[axis] + ", central difference " + want[axis]);
                }
            }
        }
        report(failures);
        return checked;
    }

    private static double difference(JavaPointEvaluator64 f64, double[] p, int axis, double h) {
        double[] hi = p.clone(), lo = p.clone();
        hi[axis] += h;
        lo[axis] -= h;
        return (f64.evaluate(hi[0], hi[1], hi[2]) - f64.evaluate(lo[0], lo[1], lo[2])) / (2 * h);
    }

    /** Two affine functions u and w of x, y, z with distinct coefficients, so every partial is exercised. */
    String LINEAR = """
            x var-x
            y var-y
            z var-z
            ax const 0.7
            ay const -0.4
            az const 0.55
            bx const -0.35
            by const 0.6
            bz const 0.25
            mx mul x ax
            my mul y ay
            mz mul z az
            nx mul x bx
            ny mul y by
            nz mul z bz
            c0 const 0.1
            c1 const 0.8
            ux add mx c0
            uyz add my mz
            wx add nx c1
            wyz add ny nz
            w add wx wyz
            """;

    private static List<String> edgeModels(Opcode op) {
        String vars = "x var-x\ny var-y\nz var-z\n";
        return switch (op.arity()) {
            case 0 -> List.of(op == Opcode.CONST ? "c const 2.5\n" : vars + "q mul x y\nout add q " + op.text().substring(4) + "\n");
            case 1 -> List.of(vars + "out " + op.text() + " x\n", vars + "s mul x y\nout " + op.text() + " s\n");
            default -> List.of(vars + "out " + op.text() + " x y\n", vars + "c const 2\nout " + op.text() + " c x\n",
                    vars + "s add x z\nt mul y z\nout " + op.text() + " s t\n", vars + "out " + op.text() + " x x\n");
        };
    }

    /** Compares the backend's values with its point evaluator's and its partials with the Java tier's. */
    private void check(List<String> failures, String what, SsaTape tape, float[] xs, float[] ys, float[] zs) {
        int n = xs.length;
        float[][] got = gradients(backend().gradientEvaluator(tape), xs, ys, zs);
        float[][] want = gradients(new JavaGradientEvaluator(tape), xs, ys, zs);
        PointEvaluator point = backend().pointEvaluator(tape);
        for (int i = 0; i < n; i++) {
            String at = what + " at (" + xs[i] + ", " + ys[i] + ", " + zs[i] + ")";
            float value = point.evaluate(xs[i], ys[i], zs[i]);
            if (!FloatEquality.same(value, got[0][i])) {
                failures.add(at + ": value " + got[0][i] + ", point evaluator " + value);
            }
            for (int axis = 1; axis <= 3; axis++) {
                if (!FloatEquality.same(want[axis][i], got[axis][i])) {
                    failures.add(at + " d/d" + "xyz".charAt(axis - 1) + ": " + got[axis][i] + ", Java " + want[axis][i]);
                }
            }
        }
    }

    private static float[][] gradients(GradientEvaluator eval, float[] xs, float[] ys, float[] zs) {
        int n = xs.length;
        float[][] out = new float[4][n];
        eval.evaluate(xs, ys, zs, n, out[0], out[1], out[2], out[3]);
        return out;
    }

    private static SsaTape tape(String text) throws ModelException {
        return Model.parse(text, "gradient.vm").tape();
    }

    private static void report(List<String> failures) {
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }
}
