package dev.ariel.eval;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * Interprets a tape's value and partials at one point at a time, from {@link F32Semantics} and
 * {@link GradientRules}: the gradient oracle that compiled tiers are held to.
 */
public final class JavaGradientEvaluator implements GradientEvaluator {
    private final SsaTape tape;
    private final float[] values;
    private final float[] gx;
    private final float[] gy;
    private final float[] gz;

    /** An evaluator for {@code tape}. */
    public JavaGradientEvaluator(SsaTape tape) {
        this.tape = tape;
        int n = tape.length();
        this.values = new float[n];
        this.gx = new float[n];
        this.gy = new float[n];
        this.gz = new float[n];
    }

    @Override
    public void evaluate(float[] xs, float[] ys, float[] zs, int n, float[] v, float[] dx, float[] dy, float[] dz) {
        int out = tape.output();
        for (int p = 0; p < n; p++) {
            point(xs[p], ys[p], zs[p]);
            boolean constant = SsaTape.isConstant(out);
            v[p] = value(out);
            dx[p] = constant ? 0f : gx[out];
            dy[p] = constant ? 0f : gy[out];
            dz[p] = constant ? 0f : gz[out];
        }
    }

    private void point(float x, float y, float z) {
        for (int i = 0; i < values.length; i++) {
            Opcode op = tape.opcode(i);
            switch (op) {
                case VAR_X -> seed(i, x, 1f, 0f, 0f);
                case VAR_Y -> seed(i, y, 0f, 1f, 0f);
                case VAR_Z -> seed(i, z, 0f, 0f, 1f);
                case CONST -> throw new IllegalStateException("constants are operands, not instructions");
                default -> {
                    if (op.arity() == 1) unary(i, op);
                    else binary(i, op);
                }
            }
        }
    }

    private void seed(int i, float v, float x, float y, float z) {
        values[i] = v;
        gx[i] = x;
        gy[i] = y;
        gz[i] = z;
    }

    private void unary(int i, Opcode op) {
        int l = tape.lhs(i);
        float a = value(l);
        float v = F32Semantics.apply(op, a, 0f);
        if (GradientRules.isFlat(op)) {
            seed(i, v, 0f, 0f, 0f);
            return;
        }
        float k = GradientRules.unaryFactor(op, a, v);
        seed(i, v, partial(gx, l) * k, partial(gy, l) * k, partial(gz, l) * k);
    }

    private void binary(int i, Opcode op) {
        int l = tape.lhs(i);
        int r = tape.rhs(i);
        float a = value(l);
        float b = value(r);
        float v = F32Semantics.apply(op, a, b);
        if (GradientRules.isFlat(op)) {
            seed(i, v, 0f, 0f, 0f);
            return;
        }
        seed(i, v, GradientRules.binary(op, a, b, v, partial(gx, l), partial(gx, r)),
                GradientRules.binary(op, a, b, v, partial(gy, l), partial(gy, r)),
                GradientRules.binary(op, a, b, v, partial(gz, l), partial(gz, r)));
    }

    private float value(int operand) {
        return SsaTape.isConstant(operand) ? tape.constant(SsaTape.constantIndex(operand)) : values[operand];
    }

    private static float partial(float[] axis, int operand) {
        return SsaTape.isConstant(operand) ? 0f : axis[operand];
    }
}
