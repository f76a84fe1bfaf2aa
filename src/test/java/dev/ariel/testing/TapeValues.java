package dev.ariel.testing;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/** Every instruction's f32 value at one point, straight from {@link F32Semantics}: the oracle for bounds tests. */
public final class TapeValues {
    private TapeValues() {}

    /** Writes instruction i's value at (x, y, z) into {@code values[i]}. */
    public static void evaluateAll(SsaTape tape, float x, float y, float z, float[] values) {
        for (int i = 0; i < tape.length(); i++) {
            Opcode op = tape.opcode(i);
            values[i] = switch (op) {
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                default -> F32Semantics.apply(op, operand(tape, values, tape.lhs(i)),
                        op.arity() == 2 ? operand(tape, values, tape.rhs(i)) : 0f);
            };
        }
    }

    /** The value of {@code operand}: a constant, or an instruction's entry in {@code values}. */
    public static float operand(SsaTape tape, float[] values, int operand) {
        return SsaTape.isConstant(operand) ? tape.constant(SsaTape.constantIndex(operand)) : values[operand];
    }
}
