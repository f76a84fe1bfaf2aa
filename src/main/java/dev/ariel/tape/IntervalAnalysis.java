package dev.ariel.tape;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * Sound bounds on every value of a tape over a {@link Box}: for any input in the box, the f32
 * value that {@link dev.ariel.expr.F32Semantics} gives lies in [lower, upper], or is NaN where
 * {@link #maybeNaN} says it may be.
 *
 * <p>Computed once per tape and box, in double and widened outward by an f32 ulp at each step, so
 * f32 rounding never escapes the bounds. Its first use is proving that the operands of a
 * {@code min} or {@code max} are never NaN, so that an evaluator can use the hardware's min and
 * max (which differ from minNum/maxNum only on NaN). Bounds are deliberately loose where
 * tightness would cost code and buy nothing for that proof.
 */
public final class IntervalAnalysis {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double HALF_PI = Math.PI / 2;

    private final SsaTape tape;
    private final double[] lo;
    private final double[] hi;
    private final boolean[] nan;

    private IntervalAnalysis(SsaTape tape, Box box) {
        this.tape = tape;
        int n = tape.length();
        lo = new double[n];
        hi = new double[n];
        nan = new boolean[n];
        for (int i = 0; i < n; i++) {
            evaluate(i, box);
        }
    }

    /** Bounds for every instruction of {@code tape} over {@code box}. */
    public static IntervalAnalysis of(SsaTape tape, Box box) {
        return new IntervalAnalysis(tape, box);
    }

    /** Whether the value of {@code operand} may be NaN somewhere in the box. */
    public boolean maybeNaN(int operand) {
        return SsaTape.isConstant(operand) ? Float.isNaN(tape.constant(SsaTape.constantIndex(operand))) : nan[operand];
    }

    /** A lower bound on the non-NaN values of {@code operand} (+∞ if it is always NaN). */
    public double lower(int operand) {
        return SsaTape.isConstant(operand) ? constLo(operand) : lo[operand];
    }

    /** An upper bound on the non-NaN values of {@code operand} (−∞ if it is always NaN). */
    public double upper(int operand) {
        return SsaTape.isConstant(operand) ? constHi(operand) : hi[operand];
    }

    private double constLo(int operand) {
        float c = tape.constant(SsaTape.constantIndex(operand));
        return Float.isNaN(c) ? INF : c;
    }

    private double constHi(int operand) {
        float c = tape.constant(SsaTape.constantIndex(operand));
        return Float.isNaN(c) ? -INF : c;
    }

    private void evaluate(int i, Box box) {
        Opcode op = tape.opcode(i);
        int a = tape.lhs(i);
        int b = tape.rhs(i);
        double al = op.arity() >= 1 ? lower(a) : 0, ah = op.arity() >= 1 ? upper(a) : 0;
        double bl = op.arity() == 2 ? lower(b) : 0, bh = op.arity() == 2 ? upper(b) : 0;
        boolean an = op.arity() >= 1 && maybeNaN(a);
        boolean bn = op.arity() == 2 && maybeNaN(b);
        // An operand that is always NaN has an empty range; everything below handles that by NaN.
        switch (op) {
            case VAR_X -> set(i, box.xMin(), box.xMax(), box.admitsNaN());
            case VAR_Y -> set(i, box.yMin(), box.yMax(), box.admitsNaN());
            case VAR_Z -> set(i, box.zMin(), box.zMax(), box.admitsNaN());
            case NEG -> set(i, -ah, -al, an);
            case ABS -> set(i, al >= 0 ? al : ah <= 0 ? -ah : 0, Math.max(Math.abs(al), Math.abs(ah)), an);
            case SQUARE -> {
                double m = Math.max(al * al, ah * ah);
                widen(i, al <= 0 && ah >= 0 ? 0 : Math.min(al * al, ah * ah), m, an);
            }
            case SQRT -> widen(i, Math.sqrt(Math.max(al, 0)), Math.sqrt(ah), an || al < 0);
            case RECIP -> divide(i, 1, 1, al, ah, false, an);
            case FLOOR -> set(i, Math.floor(al), Math.floor(ah), an);
            case CEIL -> set(i, Math.ceil(al), Math.ceil(ah), an);
            case ROUND -> set(i, Math.floor(al), Math.ceil(ah), an);
            case SIN, COS -> set(i, -1, 1, an || al == -INF || ah == INF);
            case TAN -> set(i, -INF, INF, an || al == -INF || ah == INF);
            case ASIN -> widen(i, -HALF_PI, HALF_PI, an || al < -1 || ah > 1);
            case ACOS -> widen(i, 0, Math.PI, an || al < -1 || ah > 1);
            case ATAN -> widen(i, -HALF_PI, HALF_PI, an);
            case ATAN2 -> widen(i, -Math.PI, Math.PI, an || bn);
            // F32Math is within an ulp or two of the true function but not proven monotonic: pad.
            case EXP -> widen(i, 0, Math.exp(ah) * 1.0001, an); // beyond the f32 range, widening gives +∞
            case LN -> set(i, al <= 0 ? -INF : Math.log(al) - 1e-4 - Math.abs(Math.log(al)) * 1e-4,
                    ah == INF ? INF : Math.log(ah) + 1e-4 + Math.abs(Math.log(ah)) * 1e-4, an || al < 0);
            case NOT -> set(i, 0, 1, false);
            case COMPARE -> set(i, -1, 1, an || bn);
            case ADD -> add(i, al, ah, bl, bh, an || bn);
            case SUB -> add(i, al, ah, -bh, -bl, an || bn);
            case MUL -> multiply(i, al, ah, bl, bh, an || bn);
            case DIV -> divide(i, al, ah, bl, bh, an, bn);
            case MOD -> {
                double m = Math.max(Math.abs(bl), Math.abs(bh));
                boolean zero = bl <= 0 && bh >= 0;
                set(i, 0, m == INF ? INF : m, an || bn || zero || al == -INF || ah == INF);
            }
            case MIN, MAX -> {
                // minNum: a NaN operand yields the other one, so a maybe-NaN side widens to the other.
                double l = op == Opcode.MIN ? Math.min(al, bl) : Math.max(al, bl);
                double h = op == Opcode.MIN ? Math.min(ah, bh) : Math.max(ah, bh);
                if (an) { l = Math.min(l, bl); h = Math.max(h, bh); }
                if (bn) { l = Math.min(l, al); h = Math.max(h, ah); }
                set(i, l, h, an && bn);
            }
            case AND -> {
                // a == 0 ? a : b
                boolean aZero = al <= 0 && ah >= 0;
                double l = aZero ? 0 : INF, h = aZero ? 0 : -INF;
                set(i, Math.min(l, bl), Math.max(h, bh), bn);
            }
            case OR -> {
                // a != 0 ? a : b (NaN counts as non-zero)
                boolean aZero = al <= 0 && ah >= 0;
                set(i, aZero ? Math.min(al, bl) : al, aZero ? Math.max(ah, bh) : ah, an || (aZero && bn));
            }
            case CONST -> throw new IllegalStateException("constants are operands, not instructions");
        }
    }

    private void add(int i, double al, double ah, double bl, double bh, boolean n) {
        boolean infMinusInf = (ah == INF && bl == -INF) || (al == -INF && bh == INF);
        double l = al + bl, h = ah + bh;
        widen(i, Double.isNaN(l) ? -INF : l, Double.isNaN(h) ? INF : h, n || infMinusInf);
    }

    private void multiply(int i, double al, double ah, double bl, double bh, boolean n) {
        double p1 = al * bl, p2 = al * bh, p3 = ah * bl, p4 = ah * bh;
        boolean zeroTimesInf = (al <= 0 && ah >= 0 && (bl == -INF || bh == INF))
                || (bl <= 0 && bh >= 0 && (al == -INF || ah == INF));
        if (zeroTimesInf || Double.isNaN(p1) || Double.isNaN(p2) || Double.isNaN(p3) || Double.isNaN(p4)) {
            // 0 · ∞ is possible, at the ends or inside: NaN, and the bounds are lost.
            widen(i, -INF, INF, true);
            return;
        }
        widen(i, Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2), Math.max(p3, p4)), n);
    }

    private void divide(int i, double al, double ah, double bl, double bh, boolean an, boolean bn) {
        boolean n = an || bn;
        if (bl <= 0 && bh >= 0) {
            // Dividing by a range that holds zero: any sign, any size, and NaN from 0/0.
            boolean aInf = al == -INF || ah == INF, bInf = bl == -INF || bh == INF;
            widen(i, -INF, INF, n || (al <= 0 && ah >= 0) || (aInf && bInf));
            return;
        }
        double q1 = al / bl, q2 = al / bh, q3 = ah / bl, q4 = ah / bh;
        if (Double.isNaN(q1) || Double.isNaN(q2) || Double.isNaN(q3) || Double.isNaN(q4)) {
            widen(i, -INF, INF, true); // ∞ / ∞
            return;
        }
        widen(i, Math.min(Math.min(q1, q2), Math.min(q3, q4)), Math.max(Math.max(q1, q2), Math.max(q3, q4)), n);
    }

    private void set(int i, double l, double h, boolean n) {
        // A NaN bound (from an operand that is always NaN, say) must not read as a tight one.
        lo[i] = Double.isNaN(l) ? -INF : l;
        hi[i] = Double.isNaN(h) ? INF : h;
        nan[i] = n;
    }

    // Rounded operations: pad by an f32 ulp, so the f32 result, rounded from the exact one, stays
    // inside. Rounding never crosses zero, so a bound at or beyond zero keeps its sign: a sum of
    // squares stays provably non-negative, and its square root provably not NaN.
    private void widen(int i, double l, double h, boolean n) {
        double wl = l == -INF || Double.isNaN(l) ? -INF : Math.nextDown((double) Math.nextDown((float) l));
        double wh = h == INF || Double.isNaN(h) ? INF : Math.nextUp((double) Math.nextUp((float) h));
        set(i, l >= 0 ? Math.max(0, wl) : wl, h <= 0 ? Math.min(0, wh) : wh, n);
    }
}
