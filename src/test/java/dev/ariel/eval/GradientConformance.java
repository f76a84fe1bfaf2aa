package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.GradientOracle;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite of the gradient kind, which every backend that offers it passes: values
 * equal to its point evaluator's, partials equal to {@link GradientRules} applied literally
 * ({@link GradientOracle}, which the Java tier also equals), NaN as one value and −0 = +0, on edge
 * inputs (NaN, ±0, ±∞, π, ...) and on batches of every length around the vector width and the
 * Java tier's batch; and partials within {@link #TOLERANCE} of f64 central differences at smooth
 * points, for every opcode alone and for seeded random models.
 */
public interface GradientConformance {
    /**
     * How far a partial may be from the f64 central difference, relative to max(1, |difference|):
     * f32 rounding of the chain rule plus the difference's own O(h²) error
     * ({@link GradientRules#CENTRAL_DIFFERENCE_TOLERANCE}).
     */
    double TOLERANCE = GradientRules.CENTRAL_DIFFERENCE_TOLERANCE;

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

    /**
     * Compares the backend's values with its point evaluator's, and its partials with the rules'
     * ({@link GradientOracle}) and the Java tier's.
     */
    private void check(List<String> failures, String what, SsaTape tape, float[] xs, float[] ys, float[] zs) {
        check(failures, what, tape, backend().gradientEvaluator(tape), xs, ys, zs, xs.length);
    }

    private void check(List<String> failures, String what, SsaTape tape, GradientEvaluator eval, float[] xs, float[] ys,
            float[] zs, int n) {
        float[][] got = gradients(eval, xs, ys, zs, n);
        float[][] java = gradients(new JavaGradientEvaluator(tape), xs, ys, zs, n);
        PointEvaluator point = backend().pointEvaluator(tape);
        for (int i = 0; i < n; i++) {
            String at = what + " at (" + xs[i] + ", " + ys[i] + ", " + zs[i] + ")";
            float value = point.evaluate(xs[i], ys[i], zs[i]);
            if (!FloatEquality.same(value, got[0][i])) {
                failures.add(at + ": value " + got[0][i] + ", point evaluator " + value);
            }
            float[] want = GradientOracle.at(tape, xs[i], ys[i], zs[i]);
            for (int axis = 1; axis <= 3; axis++) {
                if (!FloatEquality.same(want[axis], got[axis][i])) {
                    failures.add(at + " d/d" + "xyz".charAt(axis - 1) + ": " + got[axis][i] + ", the rules " + want[axis]);
                }
                if (!FloatEquality.same(want[axis], java[axis][i])) {
                    failures.add(at + " d/d" + "xyz".charAt(axis - 1) + ": Java " + java[axis][i] + ", the rules " + want[axis]);
                }
            }
        }
    }

    /** The values {@link GradientRules} documents at kinks and singular points, exactly, in this tier. */
    @Test
    default void kinksTakeTheDocumentedValues() throws ModelException {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        List<String> failures = new ArrayList<>();
        Object[][] cases = {
            {"abs x", 0f, 0f, 1f, 0f}, {"abs x", -0f, 0f, 1f, 0f}, {"abs x", nan, 0f, 1f, 0f}, {"abs x", -2f, 0f, -1f, 0f},
            {"min x y", 1f, 1f, 1f, 0f}, {"max x y", 1f, 1f, 1f, 0f}, {"min x y", -0f, 0f, 1f, 0f},
            {"max x y", 0f, -0f, 1f, 0f}, {"min x y", nan, 2f, 0f, 1f}, {"max x y", 2f, nan, 1f, 0f},
            {"min x y", nan, nan, 1f, 0f},
            {"floor x", 2f, 0f, 0f, 0f}, {"ceil x", 2f, 0f, 0f, 0f}, {"round x", 2.5f, 0f, 0f, 0f},
            {"not x", 0f, 0f, 0f, 0f}, {"compare x y", 1f, 1f, 0f, 0f},
            {"and x y", 0f, 3f, 1f, 0f}, {"and x y", nan, 3f, 0f, 1f}, {"or x y", 0f, 3f, 0f, 1f}, {"or x y", nan, 3f, 1f, 0f},
            {"mod x y", 4f, 2f, 1f, -2f}, {"mod x y", 7f, -2f, 1f, 3f},
            {"sqrt x", 0f, 0f, inf, nan}, {"sqrt x", -0f, 0f, -inf, nan}, {"recip x", 0f, 0f, -inf, nan},
            {"ln x", 0f, 0f, inf, nan}, {"ln x", -0f, 0f, -inf, nan}, {"asin x", 1f, 0f, inf, nan},
            {"acos x", 1f, 0f, -inf, nan}, {"atan2 x y", 0f, 0f, nan, nan}, {"div y x", 0f, 1f, -inf, nan},
        };
        for (Object[] c : cases) {
            String line = (String) c[0];
            float x = (float) c[1], y = (float) c[2];
            SsaTape tape = tape("x var-x\ny var-y\nz var-z\nout " + line + "\n");
            float[] v = new float[1], dx = new float[1], dy = new float[1], dz = new float[1];
            backend().gradientEvaluator(tape).evaluate(new float[] {x}, new float[] {y}, new float[] {0.5f}, 1, v, dx, dy, dz);
            float[] want = {(float) c[3], (float) c[4]}, got = {dx[0], dy[0]};
            for (int axis = 0; axis < 2; axis++) {
                if (!FloatEquality.same(want[axis], got[axis])) {
                    failures.add(line + " at (" + x + ", " + y + ") d/d" + "xy".charAt(axis) + ": " + got[axis]
                            + ", documented " + want[axis]);
                }
            }
            // z is not read: its partial is +0 times whatever factor, so NaN where the factor is infinite.
            float wantZ = Float.isNaN(want[1]) ? nan : 0f;
            if (!FloatEquality.same(wantZ, dz[0])) failures.add(line + " at (" + x + ", " + y + ") d/dz: " + dz[0]);
        }
        report(failures);
    }

    /**
     * One evaluator, reused, over batches of lengths around the vector widths (4, 8, 16 lanes,
     * whose last vector is masked) and the Java tier's batch of {@link JavaGradientEvaluator#BATCH},
     * with edge values among the points, so a tail or a reused buffer that goes wrong shows.
     */
    @Test
    default void batchesOfEveryLengthMatchTheRules() throws ModelException {
        List<String> failures = new ArrayList<>();
        int[] lengths = {1, 3, 15, 16, 17, 33, 127, 128, 129, 300, 5, 257};
        SplittableRandom random = new SplittableRandom(23);
        for (long seed = 31; seed <= 34; seed++) {
            SsaTape tape = tape(RandomModels.generate(seed, 40));
            GradientEvaluator eval = backend().gradientEvaluator(tape);
            for (int n : lengths) {
                // Arrays longer than n: nothing past n may be read or written.
                float[] xs = new float[n + 9], ys = new float[n + 9], zs = new float[n + 9];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = i % 6 == 0 ? EdgeValues.FLOATS[random.nextInt(EdgeValues.FLOATS.length)] : (float) random.nextDouble(-2, 2);
                    ys[i] = (float) random.nextDouble(-2, 2);
                    zs[i] = i % 7 == 3 ? EdgeValues.FLOATS[random.nextInt(EdgeValues.FLOATS.length)] : (float) random.nextDouble(-2, 2);
                }
                float[][] out = new float[4][n + 9];
                for (float[] o : out) java.util.Arrays.fill(o, 42f);
                eval.evaluate(xs, ys, zs, n, out[0], out[1], out[2], out[3]);
                for (int c = 0; c < 4; c++) {
                    for (int i = n; i < n + 9; i++) {
                        if (out[c][i] != 42f) failures.add("seed " + seed + " n " + n + ": output " + c + " written at " + i);
                    }
                }
                check(failures, "seed " + seed + " n " + n, tape, eval, xs, ys, zs, n);
            }
        }
        report(failures);
    }

    private static float[][] gradients(GradientEvaluator eval, float[] xs, float[] ys, float[] zs, int n) {
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
