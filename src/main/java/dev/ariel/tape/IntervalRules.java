package dev.ariel.tape;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;

/**
 * The interval rule of every opcode in f32, stated once: given operands whose non-NaN values lie
 * in [al, ah] and [bl, bh] (NaN among them where {@code an}, {@code bn}), a rule writes bounds on
 * the result to {@code lo[at]}, {@code hi[at]} and whether it may be NaN to {@code nan[at]}; the
 * min/max rules also return the choice ({@link PrunedTape#LEFT}, {@link PrunedTape#RIGHT} or
 * {@link PrunedTape#BOTH}). An operand that is always NaN has an empty range (+∞, −∞).
 *
 * <p><b>Soundness.</b> For any f32 operands in the intervals, the value that
 * {@link F32Semantics} gives is NaN only where the rule says it may be, and otherwise lies in the
 * bounds. Bounds are computed in f32 with the very operations the evaluators (the interpreters
 * and the JIT's code, which adds no fast-math flag and no FMA) use: IEEE rounding is monotone, so
 * for {@code + − × ÷ √}, {@code square}, {@code floor} and the like the rounded result at the
 * ends bounds the rounded result inside, with no padding. The transcendental functions, whose
 * f32 versions are accurate but not proven monotone, get padded ranges. A NaN bound (∞ − ∞ at an
 * end, say) is written as unbounded, never as tight.
 *
 * <p><b>Choices.</b> {@code min(a, b)} is LEFT where every non-NaN {@code a} lies strictly below
 * every non-NaN {@code b} and {@code a} cannot be NaN (a NaN {@code b} then yields {@code a} too,
 * under minNum); RIGHT symmetrically; else BOTH. Strict inequalities keep the choice exact even for
 * the sign of a zero, so a simplified tape computes the same bits as the full one.
 *
 * <p>The tile scheduler's interval pass ({@code IntervalEvaluator}) calls the rules from its
 * per-opcode lane loops, where HotSpot inlines them, and {@link IntervalAnalysis} through
 * {@link #apply}; each rule is small and static for that reason.
 */
public final class IntervalRules {
    private static final float INF = Float.POSITIVE_INFINITY;
    private static final Opcode[] OPS = Opcode.values();
    // Padded bounds of the inverse trigonometric functions: their f32 results lie within an ulp
    // or two of the true ones, which these bounds clear by far.
    private static final float HALF_PI_UP = 1.5708f;
    private static final float PI_UP = 3.1416f;

    private IntervalRules() {}

    /**
     * Applies the rule of computed opcode {@code opcode} (an ordinal); {@code same} says that both
     * operands are one value, which makes {@code mul} a square. Returns the choice (BOTH for an
     * opcode that is not min/max).
     */
    public static byte apply(int opcode, float al, float ah, boolean an, float bl, float bh, boolean bn, boolean same,
            float[] lo, float[] hi, boolean[] nan, int at) {
        Opcode op = OPS[opcode];
        switch (op) {
            case NEG -> neg(al, ah, an, lo, hi, nan, at);
            case ABS -> put(al >= 0 ? al : ah <= 0 ? -ah : 0, Math.max(Math.abs(al), Math.abs(ah)), an, lo, hi, nan, at);
            case SQUARE -> square(al, ah, an, lo, hi, nan, at);
            case SQRT -> sqrt(al, ah, an, lo, hi, nan, at);
            case RECIP -> {
                if (al <= 0 && ah >= 0) put(-INF, INF, an, lo, hi, nan, at);
                else put(1f / ah, 1f / al, an, lo, hi, nan, at);
            }
            case FLOOR -> put(F32Semantics.floor(al), F32Semantics.floor(ah), an, lo, hi, nan, at);
            case CEIL -> put(F32Semantics.ceil(al), F32Semantics.ceil(ah), an, lo, hi, nan, at);
            case ROUND -> put(F32Semantics.round(al), F32Semantics.round(ah), an, lo, hi, nan, at);
            case SIN, COS -> trig(op == Opcode.COS, al, ah, an, lo, hi, nan, at);
            case TAN -> put(-INF, INF, an || al == -INF || ah == INF, lo, hi, nan, at);
            case ASIN -> put(-HALF_PI_UP, HALF_PI_UP, an || al < -1 || ah > 1, lo, hi, nan, at);
            case ACOS -> put(0, PI_UP, an || al < -1 || ah > 1, lo, hi, nan, at);
            case ATAN -> put(-HALF_PI_UP, HALF_PI_UP, an, lo, hi, nan, at);
            case ATAN2 -> put(-PI_UP, PI_UP, an || bn, lo, hi, nan, at);
            // f32 exp and ln are within a few ulps of the true functions: pad by far more.
            case EXP -> put((float) (Math.exp(al) * 0.9999), (float) (Math.exp(ah) * 1.0001), an, lo, hi, nan, at);
            case LN -> ln(al, ah, an, lo, hi, nan, at);
            case NOT -> {
                if (!an && (al > 0 || ah < 0)) put(0, 0, false, lo, hi, nan, at); // never zero
                else if (al == 0 && ah == 0 && !an) put(1, 1, false, lo, hi, nan, at);
                else put(0, 1, false, lo, hi, nan, at);
            }
            case COMPARE -> {
                if (ah < bl) put(-1, -1, an || bn, lo, hi, nan, at);
                else if (al > bh) put(1, 1, an || bn, lo, hi, nan, at);
                else put(-1, 1, an || bn, lo, hi, nan, at);
            }
            case ADD -> add(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            case SUB -> sub(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            case MUL -> {
                if (same) square(al, ah, an, lo, hi, nan, at);
                else mul(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            }
            case DIV -> div(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            case MOD -> {
                float m = Math.max(Math.abs(bl), Math.abs(bh));
                boolean zero = bl <= 0 && bh >= 0;
                put(0, m, an || bn || zero || al == -INF || ah == INF, lo, hi, nan, at);
            }
            case MIN -> {
                return min(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            }
            case MAX -> {
                return max(al, ah, an, bl, bh, bn, lo, hi, nan, at);
            }
            case AND -> {
                // a == 0 ? a : b
                boolean canZero = al <= 0 && ah >= 0;
                boolean canOther = an || al != 0 || ah != 0;
                float l = canZero ? 0 : INF, h = canZero ? 0 : -INF;
                if (canOther) {
                    l = Math.min(l, bl);
                    h = Math.max(h, bh);
                }
                put(l, h, canOther && bn, lo, hi, nan, at);
            }
            case OR -> {
                // a != 0 ? a : b, and NaN counts as non-zero
                boolean canZero = al <= 0 && ah >= 0;
                put(canZero ? Math.min(al, bl) : al, canZero ? Math.max(ah, bh) : ah, an || (canZero && bn), lo, hi, nan, at);
            }
            case CONST, VAR_X, VAR_Y, VAR_Z -> throw new IllegalStateException(op + " is not a computed instruction");
        }
        return PrunedTape.BOTH;
    }

    /** Writes the bounds of a constant: a point, or the empty range and NaN. */
    public static void constant(float c, float[] lo, float[] hi, boolean[] nan, int at) {
        lo[at] = constantLower(c);
        hi[at] = constantUpper(c);
        nan[at] = c != c;
    }

    /** The lower bound of a constant: itself, or +∞ (an empty range) for NaN. */
    public static float constantLower(float c) {
        return c != c ? INF : c;
    }

    /** The upper bound of a constant: itself, or −∞ (an empty range) for NaN. */
    public static float constantUpper(float c) {
        return c != c ? -INF : c;
    }

    private static void put(float l, float h, boolean n, float[] lo, float[] hi, boolean[] nan, int at) {
        lo[at] = l != l ? -INF : l;
        hi[at] = h != h ? INF : h;
        nan[at] = n;
    }

    /** −a. */
    public static void neg(float al, float ah, boolean an, float[] lo, float[] hi, boolean[] nan, int at) {
        lo[at] = -ah;
        hi[at] = -al;
        nan[at] = an;
    }

    /** a² (also a · a). */
    public static void square(float al, float ah, boolean an, float[] lo, float[] hi, boolean[] nan, int at) {
        float l2 = al * al, h2 = ah * ah;
        lo[at] = al >= 0 ? l2 : ah <= 0 ? h2 : 0;
        hi[at] = al >= 0 ? h2 : ah <= 0 ? l2 : Math.max(l2, h2);
        nan[at] = an;
    }

    /** √a: NaN below zero, and always NaN (an empty range) if the whole range is. */
    public static void sqrt(float al, float ah, boolean an, float[] lo, float[] hi, boolean[] nan, int at) {
        boolean never = ah < 0;
        lo[at] = never ? INF : F32Semantics.sqrt(Math.max(al, 0f));
        hi[at] = never ? -INF : F32Semantics.sqrt(ah);
        nan[at] = an | al < 0;
    }

    // ln(±0) is −∞ exactly, so a range that ends at or below zero has −∞ as its upper bound (the
    // padding below would make it −∞ + ∞).
    private static void ln(float al, float ah, boolean an, float[] lo, float[] hi, boolean[] nan, int at) {
        double l = al <= 0 ? Double.NEGATIVE_INFINITY : Math.log(al);
        double h = Math.log(ah);
        // ln(+∞) is +∞ exactly: a range that starts there stays there (padding would make it ∞ − ∞).
        put(al <= 0 ? -INF : al == INF ? INF : (float) (l - 1e-4 - Math.abs(l) * 1e-4),
                ah == INF ? INF : ah <= 0 ? -INF : (float) (h + 1e-4 + Math.abs(h) * 1e-4), an || al < 0, lo, hi, nan, at);
    }

    // Below this magnitude double arithmetic places sin's extrema to ~1e-10, far inside the padding.
    private static final double TRIG_TIGHT_LIMIT = 1e6;
    // F32Math's sin and cos are within an ulp of the true functions (≤ 6e-8 in [−1, 1]): pad by far more.
    private static final double TRIG_PAD = 1e-6;

    // sin or cos over [al, ah]: the endpoints' values, widened to ±1 where the range holds a peak
    // (cos peaks at 2kπ and dips at π + 2kπ; sin is cos shifted by π/2), padded, within [−1, 1].
    // Ranges wider than a period, or far from 0, keep [−1, 1].
    private static void trig(boolean cos, float al, float ah, boolean an, float[] lo, float[] hi, boolean[] nan, int at) {
        boolean infinite = al == -INF || ah == INF;
        if (infinite || !(al <= ah) || !(ah - (double) al < 2 * Math.PI) || Math.abs(al) > TRIG_TIGHT_LIMIT
                || Math.abs(ah) > TRIG_TIGHT_LIMIT) {
            put(-1, 1, an || infinite, lo, hi, nan, at);
            return;
        }
        double shift = cos ? 0 : Math.PI / 2; // sin x = cos(x − π/2)
        double a = al - shift, b = ah - shift;
        double va = Math.cos(a), vb = Math.cos(b);
        double l = Math.min(va, vb), h = Math.max(va, vb);
        // A peak 2kπ or a dip (2k+1)π inside [a, b], tested with a margin so none is missed by rounding.
        double m = 1e-9 * (1 + Math.abs(a) + Math.abs(b));
        if (Math.floor((b + m) / (2 * Math.PI)) >= Math.ceil((a - m) / (2 * Math.PI))) h = 1;
        if (Math.floor((b + m - Math.PI) / (2 * Math.PI)) >= Math.ceil((a - m - Math.PI) / (2 * Math.PI))) l = -1;
        put((float) Math.max(-1, l - TRIG_PAD), (float) Math.min(1, h + TRIG_PAD), an, lo, hi, nan, at);
    }

    /** a + b: NaN from ∞ − ∞ where the ranges reach opposite infinities. */
    public static void add(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        float l = al + bl, h = ah + bh;
        lo[at] = l != l ? -INF : l;
        hi[at] = h != h ? INF : h;
        nan[at] = an | bn | (ah == INF & bl == -INF) | (al == -INF & bh == INF);
    }

    /** a − b: NaN from ∞ − ∞ where the ranges reach the same infinity. */
    public static void sub(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        float l = al - bh, h = ah - bl;
        lo[at] = l != l ? -INF : l;
        hi[at] = h != h ? INF : h;
        nan[at] = an | bn | (ah == INF & bh == INF) | (al == -INF & bl == -INF);
    }

    /** a · b of two values (see {@link #square} for one value times itself). */
    public static void mul(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        // 0 · ∞ is NaN: possible where one side holds zero and the other an infinite bound.
        boolean aZero = al <= 0 & ah >= 0, bZero = bl <= 0 & bh >= 0;
        // Any infinite bound: an empty range (a NaN constant's [+∞, −∞]) must not reach the corner products as ∞ · 0.
        boolean aInf = Float.isInfinite(al) | Float.isInfinite(ah), bInf = Float.isInfinite(bl) | Float.isInfinite(bh);
        if ((aZero & bInf) | (bZero & aInf)) {
            lo[at] = -INF;
            hi[at] = INF;
            nan[at] = true;
            return;
        }
        // No 0 · ∞, so the four corner products bound the rest.
        float p1 = al * bl, p2 = al * bh, p3 = ah * bl, p4 = ah * bh;
        lo[at] = Math.min(Math.min(p1, p2), Math.min(p3, p4));
        hi[at] = Math.max(Math.max(p1, p2), Math.max(p3, p4));
        nan[at] = an | bn;
    }

    private static void div(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        boolean n = an || bn;
        boolean aInf = al == -INF || ah == INF, bInf = bl == -INF || bh == INF;
        if (bl <= 0 && bh >= 0) {
            // A divisor range holding zero: any sign, any size, and NaN from 0/0 or ∞/∞.
            put(-INF, INF, n || (al <= 0 && ah >= 0) || (aInf && bInf), lo, hi, nan, at);
        } else if (aInf && bInf) {
            put(-INF, INF, true, lo, hi, nan, at); // ∞ / ∞
        } else {
            float q1 = al / bl, q2 = al / bh, q3 = ah / bl, q4 = ah / bh;
            put(Math.min(Math.min(q1, q2), Math.min(q3, q4)), Math.max(Math.max(q1, q2), Math.max(q3, q4)), n,
                    lo, hi, nan, at);
        }
    }

    /** minNum(a, b), and which side it always yields. */
    public static byte min(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        return minOrMax(true, al, ah, an, bl, bh, bn, lo, hi, nan, at);
    }

    /** maxNum(a, b), and which side it always yields. */
    public static byte max(float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        return minOrMax(false, al, ah, an, bl, bh, bn, lo, hi, nan, at);
    }

    // One rule for both, mirrored: the callers pass a constant isMin, which HotSpot folds.
    private static byte minOrMax(boolean isMin, float al, float ah, boolean an, float bl, float bh, boolean bn,
            float[] lo, float[] hi, boolean[] nan, int at) {
        boolean left = !an & (isMin ? ah < bl : al > bh), right = !bn & (isMin ? bh < al : bl > ah);
        float l = left ? al : right ? bl : isMin ? Math.min(al, bl) : Math.max(al, bl);
        float h = left ? ah : right ? bh : isMin ? Math.min(ah, bh) : Math.max(ah, bh);
        // A NaN operand yields the other one, so a maybe-NaN side widens to the other.
        if (!left & !right & (an | bn)) {
            if (an) { l = Math.min(l, bl); h = Math.max(h, bh); }
            if (bn) { l = Math.min(l, al); h = Math.max(h, ah); }
        }
        lo[at] = l;
        hi[at] = h;
        nan[at] = !left & !right & an & bn;
        return left ? PrunedTape.LEFT : right ? PrunedTape.RIGHT : PrunedTape.BOTH;
    }

    /**
     * The choice a min/max whose sign alone reaches the output may make beyond {@code choice}:
     * {@code min(a, b) < 0} exactly where {@code a < 0} if {@code b ≥ 0} throughout (a NaN
     * {@code b} gives {@code a}); {@code max(a, b) < 0} exactly where {@code a < 0} if
     * {@code b < 0} throughout. The kept side must not be NaN where the min/max is not:
     * {@code min(NaN, b)} is {@code b}, a number, and a max above tells NaN from a number, so
     * keeping a maybe-NaN {@code a} would change its sign there.
     */
    public static byte signOnlyChoice(boolean isMin, byte choice, float al, float ah, boolean an, float bl, float bh,
            boolean bn) {
        if (choice != PrunedTape.BOTH) return choice;
        if (isMin) return bl >= 0 && !an ? PrunedTape.LEFT : al >= 0 && !bn ? PrunedTape.RIGHT : PrunedTape.BOTH;
        return bh < 0 && !an ? PrunedTape.LEFT : ah < 0 && !bn ? PrunedTape.RIGHT : PrunedTape.BOTH;
    }
}
