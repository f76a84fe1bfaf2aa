package dev.ariel.testing;

import dev.ariel.eval.GradientRules;
import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * {@link GradientRules} applied literally, one point and one instruction at a time, with a value
 * and three partials per instruction (no slot reuse, no batching, no special-cased loops): the
 * reference that the gradient tiers, the batched Java evaluator included, are held to bit for bit.
 */
public final class GradientOracle {
    private GradientOracle() {}

    /** The value and partials {v, ∂x, ∂y, ∂z} of {@code tape} at (x, y, z). */
    public static float[] at(SsaTape tape, float x, float y, float z) {
        int n = tape.length();
        float[] v = new float[n];
        float[][] d = new float[3][n];
        for (int k = 0; k < n; k++) {
            Opcode op = tape.opcode(k);
            if (op.isVariable()) {
                int axis = op.ordinal() - Opcode.VAR_X.ordinal();
                v[k] = axis == 0 ? x : axis == 1 ? y : z;
                d[axis][k] = 1f;
                continue;
            }
            float a = value(tape, v, tape.lhs(k));
            float b = op.arity() == 2 ? value(tape, v, tape.rhs(k)) : 0f;
            v[k] = F32Semantics.apply(op, a, b);
            if (GradientRules.isFlat(op)) continue; // the partials stay +0
            for (int axis = 0; axis < 3; axis++) {
                float da = partial(d[axis], tape.lhs(k));
                d[axis][k] = op.arity() == 1 ? da * GradientRules.unaryFactor(op, a, v[k])
                        : GradientRules.binary(op, a, b, v[k], da, partial(d[axis], tape.rhs(k)));
            }
        }
        int o = tape.output();
        return new float[] {value(tape, v, o), partial(d[0], o), partial(d[1], o), partial(d[2], o)};
    }

    private static float value(SsaTape tape, float[] v, int operand) {
        return SsaTape.isConstant(operand) ? tape.constant(SsaTape.constantIndex(operand)) : v[operand];
    }

    private static float partial(float[] d, int operand) {
        return SsaTape.isConstant(operand) ? 0f : d[operand];
    }
}
