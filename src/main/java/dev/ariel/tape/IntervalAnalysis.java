package dev.ariel.tape;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * Sound bounds on every value of a tape over a {@link Box}: for any input in the box, the f32
 * value that {@link dev.ariel.expr.F32Semantics} gives lies in [lower, upper], or is NaN where
 * {@link #maybeNaN} says it may be.
 *
 * <p>Computed once per tape and box with the same f32 {@link IntervalRules} that bound a tile in
 * the tile scheduler, so there is one statement of each rule; the JIT's code and the Java tiers
 * compute the same f32 operations (no fast-math, no FMA), so the rules' proof holds for all of
 * them. Its use is proving that the operands of a {@code min} or {@code max} are never NaN
 * ({@link MinMaxFacts}), so that an evaluator can use the hardware's min and max (which differ
 * from minNum/maxNum only on NaN).
 */
public final class IntervalAnalysis {
    private final SsaTape tape;
    private final float[] lo;
    private final float[] hi;
    private final boolean[] nan;

    private IntervalAnalysis(SsaTape tape, Box box) {
        this.tape = tape;
        int n = tape.length();
        lo = new float[n];
        hi = new float[n];
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
        return SsaTape.isConstant(operand) ? Float.isNaN(constant(operand)) : nan[operand];
    }

    /** A lower bound on the non-NaN values of {@code operand} (+∞ if it is always NaN). */
    public double lower(int operand) {
        return SsaTape.isConstant(operand) ? IntervalRules.constantLower(constant(operand)) : lo[operand];
    }

    /** An upper bound on the non-NaN values of {@code operand} (−∞ if it is always NaN). */
    public double upper(int operand) {
        return SsaTape.isConstant(operand) ? IntervalRules.constantUpper(constant(operand)) : hi[operand];
    }

    private float constant(int operand) {
        return tape.constant(SsaTape.constantIndex(operand));
    }

    private void evaluate(int i, Box box) {
        Opcode op = tape.opcode(i);
        boolean anyNaN = box.admitsNaN();
        switch (op) {
            case VAR_X -> variable(i, box.xMin(), box.xMax(), anyNaN);
            case VAR_Y -> variable(i, box.yMin(), box.yMax(), anyNaN);
            case VAR_Z -> variable(i, box.zMin(), box.zMax(), anyNaN);
            case CONST -> throw new IllegalStateException("constants are operands, not instructions");
            default -> {
                int a = tape.lhs(i);
                int b = tape.rhs(i);
                boolean binary = op.arity() == 2;
                IntervalRules.apply(op.ordinal(), (float) lower(a), (float) upper(a), maybeNaN(a),
                        binary ? (float) lower(b) : 0, binary ? (float) upper(b) : 0, binary && maybeNaN(b),
                        binary && a == b && a >= 0, lo, hi, nan, i);
            }
        }
    }

    private void variable(int i, float l, float h, boolean n) {
        lo[i] = l;
        hi[i] = h;
        nan[i] = n;
    }
}
