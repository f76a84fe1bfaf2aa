package dev.ariel.eval;

import dev.ariel.expr.F64Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/** Interprets a tape at one point in f64, from {@link F64Semantics}: the reference oracle. */
public final class JavaPointEvaluator64 implements PointEvaluator64 {
    private final SsaTape tape;
    private final double[] values;

    /** An oracle for {@code tape}. */
    public JavaPointEvaluator64(SsaTape tape) {
        this.tape = tape;
        this.values = new double[tape.length()];
    }

    @Override
    public double evaluate(double x, double y, double z) {
        for (int i = 0; i < values.length; i++) {
            Opcode op = tape.opcode(i);
            values[i] = switch (op) {
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                case CONST -> throw new IllegalStateException("constants are operands, not instructions");
                default -> F64Semantics.apply(op, value(tape.lhs(i)),
                        op.arity() == 2 ? value(tape.rhs(i)) : 0.0);
            };
        }
        return value(tape.output());
    }

    private double value(int operand) {
        return SsaTape.isConstant(operand) ? tape.constant64(SsaTape.constantIndex(operand)) : values[operand];
    }
}
