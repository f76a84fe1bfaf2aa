package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator.Interval;
import dev.ariel.eval.IntervalEvaluator.Result;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.Box;
import dev.ariel.tape.IntervalAnalysis;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three places that carry {@link dev.ariel.tape.IntervalRules} agree to the bit: the tile
 * pass's per-opcode lane loops (16 boxes at once, constants spread over lanes), its scalar form
 * ({@link IntervalEvaluator#apply}) and the per-tape analysis ({@link IntervalAnalysis}), for
 * every opcode over edge intervals (±0, ±∞, π, 1e30, subnormals, operands that may be or always
 * are NaN) and over random models.
 */
class IntervalRulesTest {
    private static final float[] ENDS = ends();

    private static float[] ends() {
        List<Float> list = new ArrayList<>();
        for (float f : EdgeValues.FLOATS) if (!Float.isNaN(f)) list.add(f);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }

    // Operand shapes: a variable, a variable that may be NaN where its range holds zero
    // (or(x, NaN) is x, or NaN where x is 0), and constants, NaN among them.
    private static final String[] SHAPES = {"V", "V or n", "nan", "0", "-0", "inf", "-inf", "3.141592653589793",
        "1e30", "1.401298464324817e-45", "-9.99994610111476e-41"};

    @ParameterizedTest
    @EnumSource(value = Opcode.class, names = {"CONST", "VAR_X", "VAR_Y", "VAR_Z"}, mode = EnumSource.Mode.EXCLUDE)
    void laneLoopsScalarRuleAndAnalysisAgreeOnEdgeIntervals(Opcode op) throws Exception {
        SplittableRandom rnd = new SplittableRandom(op.ordinal() * 31L + 7);
        int checked = 0;
        for (int sa = 0; sa < SHAPES.length; sa++) {
            for (int sb = 0; sb < (op.arity() == 2 ? SHAPES.length + 1 : 1); sb++) {
                if (sa >= 2 && (op.arity() == 1 || (sb >= 2 && sb < SHAPES.length))) continue; // folds to a constant
                StringBuilder vm = new StringBuilder("x var-x\ny var-y\nn const nan\n");
                String a = operand(vm, SHAPES[sa], "x", "a");
                String b = op.arity() == 1 ? "" : sb == SHAPES.length ? a : operand(vm, SHAPES[sb], "y", "b");
                vm.append("r ").append(op.text()).append(' ').append(a).append(' ').append(b).append('\n');
                SsaTape tape = Model.parse(vm.toString(), "edge.vm").tape();
                if (tape.output() < 0 || tape.opcode(tape.output()) != op) continue; // an identity applied
                checked += compare(tape, op, rnd, 6);
            }
        }
        assertTrue(checked >= 16 * 6 * (op.arity() == 1 ? 2 : 12), "only " + checked + " lanes compared for " + op.text());
    }

    // The name of an operand of the given shape over variable var, defining it as name if needed.
    private static String operand(StringBuilder vm, String shape, String var, String name) {
        if (shape.equals("V")) return var;
        vm.append(name).append(shape.equals("V or n") ? " or " + var + " n" : " const " + shape).append('\n');
        return name;
    }

    @Test
    void lnOfARangeEndingAtZeroIsBoundedAboveByMinusInfinity() {
        // The f64 analysis this replaced proved that; the padded f32 rule once gave −∞ + ∞ there.
        for (float end : new float[] {0f, -0f}) {
            Interval r = IntervalEvaluator.apply(Opcode.LN, Interval.of(end, end), null).value();
            assertEquals(Float.NEGATIVE_INFINITY, r.upper(), "ln of [" + end + ", " + end + "]");
            assertFalse(r.maybeNaN());
        }
    }

    @Test
    void sinAndCosOfNarrowRangesAreNarrowAndHoldEverySample() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (Opcode op : new Opcode[] {Opcode.SIN, Opcode.COS}) {
            for (int t = 0; t < 3000; t++) {
                double scale = t % 3 == 0 ? 4 : t % 3 == 1 ? 200 : 2e5;
                float a = (float) r.nextDouble(-scale, scale), b = a + (float) r.nextDouble(0, t % 2 == 0 ? 0.01 : 7);
                Interval iv = IntervalEvaluator.apply(op, Interval.of(a, b), null).value();
                for (int k = 0; k <= 64; k++) {
                    float x = k == 64 ? b : a + (b - a) * k / 64f;
                    float v = op == Opcode.SIN ? dev.ariel.expr.F32Math.sin(x) : dev.ariel.expr.F32Math.cos(x);
                    assertTrue(v >= iv.lower() && v <= iv.upper(), op + " of [" + a + ", " + b + "] at " + x + ": " + v + " not in " + iv);
                }
                if (b - a < 0.01 && Math.abs(a) < 1e5) {
                    assertTrue(iv.upper() - iv.lower() < 0.03, op + " of [" + a + ", " + b + "] is " + iv);
                }
            }
        }
    }

    @Test
    void lnOfARangeStartingAtInfinityIsInfinity() {
        // exp overflows to +∞ inside solids' smooth unions (bear.vm); ln(+∞) = +∞ exactly, and the
        // padded rule once made it [−∞, +∞], which kept boxes around such points undecided.
        Interval r = IntervalEvaluator.apply(Opcode.LN, Interval.of(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY), null)
                .value();
        assertEquals(Float.POSITIVE_INFINITY, r.lower());
        assertEquals(Float.POSITIVE_INFINITY, r.upper());
        assertFalse(r.maybeNaN());
        Interval wide = IntervalEvaluator.apply(Opcode.LN, Interval.of(2f, Float.POSITIVE_INFINITY), null).value();
        assertTrue(wide.lower() <= (float) Math.log(2) && wide.upper() == Float.POSITIVE_INFINITY, wide.toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void laneLoopsScalarRuleAndAnalysisAgreeOnRandomModels(long seed) throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(seed, 120), "r.vm").tape();
        int checked = compare(tape, null, new SplittableRandom(seed), 4);
        assertTrue(checked > 0);
    }

    // Bounds tape over passes of 16 boxes and compares every instruction of opcode only (or all,
    // if null) with the scalar rule on the operands' lane bounds, and with the analysis of that
    // box. Returns how many lane results it compared.
    private static int compare(SsaTape tape, Opcode only, SplittableRandom rnd, int passes) {
        PrunedTape pruned = PrunedTape.of(tape);
        IntervalEvaluator iv = new IntervalEvaluator(tape.length());
        int lanes = IntervalEvaluator.MAX_LANES;
        float[] x0 = new float[lanes], x1 = new float[lanes], y0 = new float[lanes], y1 = new float[lanes];
        int checked = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (int c = 0; c < lanes; c++) {
                float[] xs = range(rnd), ys = range(rnd);
                x0[c] = xs[0];
                x1[c] = xs[1];
                y0[c] = ys[0];
                y1[c] = ys[1];
            }
            iv.evaluate(pruned, lanes, x0, x1, y0, y1, 0, 0);
            for (int c = 0; c < lanes; c++) {
                IntervalAnalysis analysis = IntervalAnalysis.of(tape, new Box(x0[c], x1[c], y0[c], y1[c], 0, 0));
                for (int i = 0; i < tape.length(); i++) {
                    Opcode op = tape.opcode(i);
                    if (op.isVariable() || (only != null && op != only)) continue;
                    String where = op.text() + " (instruction " + i + ") over x [" + x0[c] + ", " + x1[c] + "], y ["
                            + y0[c] + ", " + y1[c] + "]";
                    Interval a = bounds(iv, pruned, tape.lhs(i), c);
                    Interval b = op.arity() == 2 ? bounds(iv, pruned, tape.rhs(i), c) : null;
                    Interval lane = bounds(iv, pruned, i, c);
                    if (op == Opcode.MUL && tape.lhs(i) == tape.rhs(i) && tape.lhs(i) >= 0) op = Opcode.SQUARE;
                    Result scalar = IntervalEvaluator.apply(op, a, op.arity() == 2 ? b : null);
                    same(where + " for " + a + (b == null ? "" : " and " + b) + ": lanes vs apply", lane, scalar.value());
                    if (op == Opcode.MIN || op == Opcode.MAX) {
                        byte choice = iv.choices()[i * iv.lanes() + c];
                        if (choice != scalar.choice()) fail(where + ": lane choice " + choice + ", apply " + scalar.choice());
                    }
                    Interval proved = new Interval((float) analysis.lower(i), (float) analysis.upper(i), analysis.maybeNaN(i));
                    same(where + ": lanes vs IntervalAnalysis", lane, proved);
                    checked++;
                }
            }
        }
        return checked;
    }

    // An edge range half the time, a point sometimes, else a random one.
    private static float[] range(SplittableRandom rnd) {
        float p, q;
        int kind = rnd.nextInt(4);
        if (kind <= 1) {
            p = ENDS[rnd.nextInt(ENDS.length)];
            q = ENDS[rnd.nextInt(ENDS.length)];
        } else if (kind == 2) {
            p = q = ENDS[rnd.nextInt(ENDS.length)];
        } else {
            p = (float) rnd.nextDouble(-5, 5);
            q = (float) rnd.nextDouble(-5, 5);
        }
        return new float[] {Math.min(p, q), Math.max(p, q)};
    }

    private static Interval bounds(IntervalEvaluator iv, PrunedTape tape, int operand, int lane) {
        return new Interval(iv.lower(tape, operand, lane), iv.upper(tape, operand, lane), iv.maybeNaN(tape, operand, lane));
    }

    private static void same(String what, Interval expected, Interval actual) {
        if (Float.floatToIntBits(expected.lower()) != Float.floatToIntBits(actual.lower())
                || Float.floatToIntBits(expected.upper()) != Float.floatToIntBits(actual.upper())
                || expected.maybeNaN() != actual.maybeNaN()) {
            fail(what + ": " + expected + " vs " + actual);
        }
    }
}
