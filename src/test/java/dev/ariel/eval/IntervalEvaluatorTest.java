package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static dev.ariel.testing.TapeValues.evaluateAll;
import static dev.ariel.testing.TapeValues.operand;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator.Interval;
import dev.ariel.eval.IntervalEvaluator.Result;
import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
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
 * The tile evaluator's interval arithmetic is sound for every opcode: f32 results of points inside
 * the operand intervals, NaN, ±0, ±∞ and π among them, land inside the result; and a min/max
 * choice always names the operand the f32 op returns, to the bit.
 */
class IntervalEvaluatorTest {
    // Interval ends: every edge value but NaN, plus a few ordinary numbers.
    private static final float[] ENDS = ends();

    private static float[] ends() {
        List<Float> list = new ArrayList<>();
        for (float f : EdgeValues.FLOATS) if (!Float.isNaN(f)) list.add(f);
        for (float f : new float[] {-3, -2, -0.25f, 0.25f, 2, 3, 10, -10}) list.add(f);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Opcode.class, names = {"CONST", "VAR_X", "VAR_Y", "VAR_Z"}, mode = EnumSource.Mode.EXCLUDE)
    void pointsInsideTheOperandsLandInsideTheResult(Opcode op) {
        SplittableRandom rnd = new SplittableRandom(op.ordinal() * 7919L + 1);
        int cases = op.arity() == 1 ? 4000 : 20000;
        for (int c = 0; c < cases; c++) {
            Interval a = randomInterval(rnd);
            Interval b = op.arity() == 2 ? randomInterval(rnd) : Interval.of(0, 0);
            Result r = IntervalEvaluator.apply(op, a, op.arity() == 2 ? b : null);
            for (int k = 0; k < 12; k++) {
                float x = sample(a, rnd, k);
                float y = op.arity() == 2 ? sample(b, rnd, k / 3 + k) : 0;
                if (!a.contains(x) || !b.contains(y)) continue; // the interval was empty of such a value
                float v = F32Semantics.apply(op, x, y);
                if (!r.value().contains(v)) {
                    fail(op.text() + "(" + x + (op.arity() == 2 ? ", " + y : "") + ") = " + v + " lies outside "
                            + r.value() + " for operands " + a + (op.arity() == 2 ? " and " + b : ""));
                }
                if (r.choice() != PrunedTape.BOTH) {
                    float chosen = r.choice() == PrunedTape.LEFT ? x : y;
                    if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(chosen)) {
                        fail(op.text() + "(" + x + ", " + y + ") = " + v + " but the choice was "
                                + (r.choice() == PrunedTape.LEFT ? "left" : "right") + " for " + a + " and " + b);
                    }
                }
            }
        }
    }

    private static Interval randomInterval(SplittableRandom rnd) {
        float p, q;
        if (rnd.nextInt(4) == 0) {
            p = (float) rnd.nextDouble(-5, 5);
            q = (float) rnd.nextDouble(-5, 5);
        } else {
            p = ENDS[rnd.nextInt(ENDS.length)];
            q = rnd.nextInt(3) == 0 ? p : ENDS[rnd.nextInt(ENDS.length)];
        }
        int n = rnd.nextInt(10);
        if (n == 0) return new Interval(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, true); // always NaN
        return new Interval(Math.min(p, q), Math.max(p, q), n <= 3);
    }

    // Ends, zeros of either sign, edge values inside, NaN where allowed, and random points between.
    private static float sample(Interval i, SplittableRandom rnd, int k) {
        if (i.lower() > i.upper()) return Float.NaN;
        switch (k % 6) {
            case 0: return i.lower();
            case 1: return i.upper();
            case 2: return i.maybeNaN() ? Float.NaN : i.lower();
            case 3: {
                float e = EdgeValues.FLOATS[rnd.nextInt(EdgeValues.FLOATS.length)];
                return i.contains(e) ? e : i.upper();
            }
            case 4: return i.contains(-0f) ? (rnd.nextBoolean() ? -0f : 0f) : i.lower();
            default: {
                double lo = Math.max(i.lower(), -1e30), hi = Math.min(i.upper(), 1e30);
                if (!(lo < hi)) return i.lower();
                float v = (float) rnd.nextDouble(lo, hi);
                return i.contains(v) ? v : i.lower();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void everyInstructionOfARandomModelStaysInsideItsBounds(long seed) throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(seed, 120), "r.vm").tape();
        SplittableRandom rnd = new SplittableRandom(seed);
        PrunedTape root = PrunedTape.of(tape);
        PrunedTape pruned = new PrunedTape(1);
        IntervalEvaluator iv = new IntervalEvaluator(4);
        JavaTileEvaluator points = new JavaTileEvaluator(64);
        float[] values = new float[tape.length()];
        for (int box = 0; box < 20; box++) {
            float span = box % 4 == 0 ? 8 : box % 4 == 1 ? 0.5f : box % 4 == 2 ? 1e-3f : 0;
            float x0 = (float) rnd.nextDouble(-4, 4), x1 = x0 + span * (float) rnd.nextDouble();
            float y0 = (float) rnd.nextDouble(-4, 4), y1 = y0 + span * (float) rnd.nextDouble();
            float z0 = (float) rnd.nextDouble(-2, 2), z1 = z0 + span * (float) rnd.nextDouble();
            iv.evaluate(root, x0, x1, y0, y1, z0, z1);
            pruned.simplify(root, iv.choices(), iv.maybeNaNArray());
            float[] xs = new float[64], ys = new float[64], full = new float[64], simple = new float[64];
            for (int k = 0; k < 64; k++) {
                float x = k % 4 == 0 ? x0 : k % 4 == 1 ? x1 : clamp((float) rnd.nextDouble(x0, Math.nextUp(x1)), x0, x1);
                float y = k % 3 == 0 ? y1 : clamp((float) rnd.nextDouble(y0, Math.nextUp(y1)), y0, y1);
                float z = k % 5 == 0 ? z1 : z0;
                xs[k] = x;
                ys[k] = y;
                evaluateAll(tape, x, y, z, values);
                for (int i = 0; i < tape.length(); i++) {
                    float v = values[i];
                    boolean ok = Float.isNaN(v) ? iv.maybeNaN(root, i)
                            : v >= iv.lower(root, i) && v <= iv.upper(root, i);
                    if (!ok) {
                        fail("seed " + seed + ": " + tape.opcode(i).text() + " (instruction " + i + ") gave " + v + " at ("
                                + x + ", " + y + ", " + z + "), outside [" + iv.lower(root, i) + ", " + iv.upper(root, i)
                                + "]" + (iv.maybeNaN(root, i) ? " or NaN" : ""));
                    }
                }
                full[k] = values.length == 0 ? tape.constant(~tape.output()) : operand(tape, values, tape.output());
            }
            // The simplified tape computes the same bits as the whole one, anywhere in the box.
            points.evaluate(pruned, xs, ys, z0, 64, simple);
            for (int k = 0; k < 64; k++) {
                if (k % 5 == 0) continue; // those samples used z1
                assertTrue(FloatEquality.same(full[k], simple[k]), "seed " + seed + " box " + box + " point " + k
                        + ": whole tape " + full[k] + ", simplified (" + pruned.length() + " of " + tape.length()
                        + " instructions) " + simple[k]);
            }
        }
    }

    @Test
    void boundsAreTightWhereThatIsCheap() throws Exception {
        assertEquals(Interval.of(0, 4), outputBounds("x var-x\nr square x\n", -1, 2));
        // The graph may turn mul(x, x) into a square itself; the evaluator must be as tight either way.
        assertEquals(Interval.of(0, 4), outputBounds("x var-x\nr mul x x\n", -1, 2));
        assertEquals(Interval.of(-2, 1), outputBounds("x var-x\nk const -1\nr mul x k\n", -1, 2));
        assertEquals(Interval.of(0, (float) Math.sqrt(2)), outputBounds("x var-x\ny var-y\na square x\nb square y\ns add a b\nr sqrt s\n", -1, 1),
                "a root of a sum of squares is never NaN");
    }

    private static Interval outputBounds(String model, float lo, float hi) throws Exception {
        SsaTape tape = Model.parse(model, "t.vm").tape();
        IntervalEvaluator iv = new IntervalEvaluator(4);
        PrunedTape t = PrunedTape.of(tape);
        iv.evaluate(t, lo, hi, lo, hi, 0, 0);
        return new Interval(iv.lower(t, t.output()), iv.upper(t, t.output()), iv.maybeNaN(t, t.output()));
    }

    @Test
    void signOnlyTapesDropWhatCannotChangeTheSign() throws Exception {
        SsaTape tape = Model.parse("x var-x\ny var-y\nm min x y\n", "s.vm").tape();
        // x in [-1, 1] and y in [0.5, 2] overlap, so the value needs both; the sign needs only x.
        assertEquals(1, simplified(tape, true, -1, 1, 0.5f, 2).length(), "min(x, y) < 0 exactly where x < 0 here");
        assertEquals(3, simplified(tape, false, -1, 1, 0.5f, 2).length(), "an SDF tape keeps the value exact");
        SsaTape max = Model.parse("x var-x\ny var-y\nk const -3\nb add y k\nm max x b\n", "s.vm").tape();
        assertEquals(1, simplified(max, true, -1, 1, 0.5f, 2).length(), "max(x, y - 3) < 0 exactly where x < 0 here");
        // max(NaN, b) is b, which is negative: an operand that may be NaN cannot stand for the max.
        SsaTape nan = Model.parse("x var-x\ny var-y\nl ln x\nk const -3\nb add y k\nm max l b\n", "s.vm").tape();
        assertTrue(simplified(nan, true, -1, 1, 0.5f, 2).length() > 2, "ln(x) may be NaN for x < 0");
    }

    private static PrunedTape simplified(SsaTape tape, boolean signOnly, float x0, float x1, float y0, float y1) {
        PrunedTape root = PrunedTape.of(tape, signOnly);
        IntervalEvaluator iv = new IntervalEvaluator(4);
        iv.evaluate(root, x0, x1, y0, y1, 0, 0);
        PrunedTape out = new PrunedTape(4);
        out.simplify(root, iv.choices(), iv.maybeNaNArray());
        return out;
    }

    @Test
    void zeroTimesInfinityInsideTheRangesMayBeNaN() {
        // Neither operand's end is zero, but zero lies inside one and infinity ends the other.
        Result r = IntervalEvaluator.apply(Opcode.MUL, Interval.of(-1, 1), Interval.of(1, Float.POSITIVE_INFINITY));
        assertTrue(r.value().maybeNaN());
    }

    @Test
    void choicesPickTheSideThatWinsAndNothingWhereTheyOverlap() {
        assertEquals(PrunedTape.LEFT, IntervalEvaluator.apply(Opcode.MIN, Interval.of(-2, -1), Interval.of(0, 1)).choice());
        assertEquals(PrunedTape.RIGHT, IntervalEvaluator.apply(Opcode.MAX, Interval.of(-2, -1), Interval.of(0, 1)).choice());
        assertEquals(PrunedTape.BOTH, IntervalEvaluator.apply(Opcode.MIN, Interval.of(-2, 0), Interval.of(0, 1)).choice(),
                "touching ranges keep both: min(+0, −0) must not lose its sign");
        // min(NaN, b) is b, so a maybe-NaN left side that is otherwise above b can still go.
        assertEquals(PrunedTape.RIGHT, IntervalEvaluator.apply(Opcode.MIN, new Interval(5, 6, true), Interval.of(0, 1)).choice());
        assertEquals(PrunedTape.BOTH, IntervalEvaluator.apply(Opcode.MIN, Interval.of(5, 6), new Interval(0, 1, true)).choice());
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
