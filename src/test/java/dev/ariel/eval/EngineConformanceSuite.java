package dev.ariel.eval;
import dev.ariel.tape.Box;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SpecOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every execution tier passes: each opcode on edge values against the
 * written semantics, in every operand form, and random models against the Java point evaluator.
 * A tier's test extends this class and names its engine.
 */
public abstract class EngineConformanceSuite {
    private static final float[] EDGE = EdgeValues.FLOATS;

    /** The tier under test. */
    protected abstract Backend engine();

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void everyOpcodeOnEdgeValues(Opcode op) throws ModelException {
        List<String> failures = new ArrayList<>();
        if (op.arity() == 1) {
            SsaTape tape = tape("_0 var-x\n_1 " + op.text() + " _0\n");
            float[] got = evalRow(tape, EDGE, 0f);
            for (int i = 0; i < EDGE.length; i++) {
                check(failures, op.text() + "(" + EDGE[i] + ")", SpecOracle.apply(op, EDGE[i], 0f), got[i]);
            }
        } else if (op.arity() == 2) {
            SsaTape both = tape("_0 var-x\n_1 var-y\n_2 " + op.text() + " _0 _1\n");
            for (float b : EDGE) {
                float[] got = evalRow(both, EDGE, b);
                SsaTape rc = tape("_0 var-x\n_1 const " + EdgeValues.literal(b) + "\n_2 " + op.text() + " _0 _1\n");
                float[] gotRc = evalRow(rc, EDGE, 0f);
                SsaTape cr = tape("_0 var-x\n_1 const " + EdgeValues.literal(b) + "\n_2 " + op.text() + " _1 _0\n");
                float[] gotCr = evalRow(cr, EDGE, 0f);
                for (int i = 0; i < EDGE.length; i++) {
                    float a = EDGE[i];
                    check(failures, op.text() + "(" + a + ", y=" + b + ")", SpecOracle.apply(op, a, b), got[i]);
                    check(failures, op.text() + "(" + a + ", const " + b + ")", SpecOracle.apply(op, a, b), gotRc[i]);
                    check(failures, op.text() + "(const " + b + ", " + a + ")", SpecOracle.apply(op, b, a), gotCr[i]);
                }
            }
        } else {
            SsaTape tape = tape(op == Opcode.CONST ? "_0 const 2.5\n" : "_0 " + op.text() + "\n");
            PointEvaluator p = engine().pointEvaluator(tape);
            for (float v : EDGE) {
                float expected = switch (op) {
                    case CONST -> 2.5f;
                    case VAR_X -> v;
                    case VAR_Y -> -v;
                    default -> 0.25f * v;
                };
                float got = switch (op) {
                    case CONST, VAR_X -> p.evaluate(v, 7f, 9f);
                    case VAR_Y -> p.evaluate(7f, -v, 9f);
                    default -> p.evaluate(7f, 9f, 0.25f * v);
                };
                check(failures, op.text() + " at " + v, expected, got);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomModelsAgreeWithTheJavaPointEvaluator(long seed) throws ModelException {
        String text = RandomModels.generate(seed, 60);
        SsaTape tape = tape(text);
        SplittableRandom rnd = new SplittableRandom(seed * 31);
        int n = 67; // odd, so that a vector tier exercises its tail
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = i < EDGE.length ? EDGE[i] : (float) rnd.nextDouble(-3, 3);
        PointEvaluator oracle = new JavaPointEvaluator(tape);
        PointEvaluator point = engine().pointEvaluator(tape);
        List<String> failures = new ArrayList<>();
        for (float y : new float[] {0f, -0f, 0.75f, -2.5f, (float) Math.PI, Float.NaN, 1e30f}) {
            float z = (float) rnd.nextDouble(-2, 2);
            float[] row = evalRow(tape, xs, y, z);
            for (int i = 0; i < n; i++) {
                float expected = oracle.evaluate(xs[i], y, z);
                check(failures, "row at (" + xs[i] + ", " + y + ", " + z + ")", expected, row[i]);
                check(failures, "point at (" + xs[i] + ", " + y + ", " + z + ")", expected, point.evaluate(xs[i], y, z));
            }
        }
        if (!failures.isEmpty()) {
            fail("seed " + seed + ": " + failures.size() + " mismatches, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(10, failures.size()))) + "\nmodel:\n" + text);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})
    void evaluatorsSpecialisedToABoxAgreeInsideIt(long seed) throws ModelException {
        // Inside its box a tier may use code that is only correct there (hardware min/max where
        // intervals prove no NaN); it must still agree with the oracle everywhere in the box.
        String text = RandomModels.generate(seed, 60);
        SsaTape tape = tape(text);
        SplittableRandom rnd = new SplittableRandom(seed);
        Box box = new Box(-1.5f, 2f, -0.5f, 0.25f, 0.5f, 0.5f);
        int n = 203;
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = i == 0 ? -1.5f : i == 1 ? 2f : i == 2 ? 0f : (float) rnd.nextDouble(-1.5, 2);
        RowEvaluator row = engine().rowEvaluator(tape, box);
        PointEvaluator oracle = new JavaPointEvaluator(tape);
        List<String> failures = new ArrayList<>();
        for (float y : new float[] {-0.5f, 0.25f, 0f, -0f, 0.1f}) {
            float[] out = new float[n];
            row.evaluate(xs, 0, n, y, 0.5f, out);
            for (int i = 0; i < n; i++) {
                check(failures, "boxed row at (" + xs[i] + ", " + y + ")", oracle.evaluate(xs[i], y, 0.5f), out[i]);
            }
        }
        if (!failures.isEmpty()) {
            fail("seed " + seed + ": " + failures.size() + " mismatches:\n"
                    + String.join("\n", failures.subList(0, Math.min(10, failures.size()))) + "\nmodel:\n" + text);
        }
    }

    @Test
    void rowEvaluationHonoursTheRunItIsGiven() throws ModelException {
        SsaTape tape = tape("_0 var-x\n_1 var-y\n_2 mul _0 _1\n_3 const 1\n_4 add _2 _3\n");
        RowEvaluator row = engine().rowEvaluator(tape);
        float[] xs = new float[100];
        for (int i = 0; i < xs.length; i++) xs[i] = i;
        float[] out = new float[100];
        java.util.Arrays.fill(out, -42f);
        row.evaluate(xs, 10, 37, 2f, 0f, out);
        for (int i = 0; i < out.length; i++) {
            float expected = i >= 10 && i < 47 ? 2f * i + 1f : -42f;
            assertTrue(out[i] == expected, "out[" + i + "] = " + out[i] + ", expected " + expected);
        }
        // A wider run later must grow the buffers, not fail or reuse stale values.
        float[] wide = new float[5000];
        float[] wideXs = new float[5000];
        for (int i = 0; i < wideXs.length; i++) wideXs[i] = -i;
        row.evaluate(wideXs, 0, 5000, 3f, 0f, wide);
        assertTrue(wide[4999] == -3f * 4999 + 1f, "wide run: " + wide[4999]);
    }

    @Test
    void aConstantModelFillsTheRun() throws ModelException {
        SsaTape tape = tape("_0 const 1.5\n_1 const 2\n_2 mul _0 _1\n");
        float[] out = evalRow(tape, new float[] {1, 2, 3}, 0f);
        for (float v : out) assertTrue(v == 3f, "constant model gave " + v);
    }

    private float[] evalRow(SsaTape tape, float[] xs, float y) {
        return evalRow(tape, xs, y, 0f);
    }

    private float[] evalRow(SsaTape tape, float[] xs, float y, float z) {
        float[] out = new float[xs.length];
        engine().rowEvaluator(tape).evaluate(xs, 0, xs.length, y, z, out);
        return out;
    }

    private static SsaTape tape(String text) throws ModelException {
        return Model.parse(text, "test.vm").tape();
    }

    private static void check(List<String> failures, String what, float expected, float got) {
        if (!FloatEquality.same(expected, got)) {
            failures.add(what + ": expected " + FloatEquality.describe(expected) + ", got " + FloatEquality.describe(got));
        }
    }
}
