package dev.ariel.eval;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/** Interprets a tape at one point in f32, straight from {@link F32Semantics}. */
public final class JavaPointEvaluator implements PointEvaluator {
    private final SsaTape tape;
    private final float[] values;

    /** An evaluator for {@code tape}. */
    public JavaPointEvaluator(SsaTape tape) {
        this.tape = tape;
        this.values = new float[tape.length()];
    }

    @Override
    public float evaluate(float x, float y, float z) {
        for (int i = 0; i < values.length; i++) {
            Opcode op = tape.opcode(i);
            values[i] = switch (op) {
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                case CONST -> throw new IllegalStateException("constants are operands, not instructions");
                default -> F32Semantics.apply(op, value(tape.lhs(i)),
                        op.arity() == 2 ? value(tape.rhs(i)) : 0f);
            };
        }
        return value(tape.output());
    }

    private float value(int operand) {
        return SsaTape.isConstant(operand) ? tape.constant(SsaTape.constantIndex(operand)) : values[operand];
    }
}
