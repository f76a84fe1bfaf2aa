package dev.ariel.eval;

import dev.ariel.expr.F32Math;
import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * Interprets a tape's value and partials from {@link F32Semantics} and {@link GradientRules}: the
 * gradient oracle that compiled tiers are held to, and the interpreter's gradient tier.
 *
 * <p>Points are evaluated in batches of up to {@link #BATCH}, instruction by instruction, each
 * instruction's loop running over the batch: the dispatch on the opcode is paid once per batch,
 * not once per point, and the common ops' loops are plain float arithmetic that HotSpot compiles
 * tight (a point-at-a-time walk cost about 150 ns per instruction and point, mostly dispatch).
 * Values and partials live in the tape's slots ({@link SsaTape#slot}), so a batch needs
 * {@code 4 · slotCount · BATCH} floats. Every value and partial is the same f32 operation, in the
 * same order, as the one-point rules, so the bits are those of {@link GradientRules}.
 */
public final class JavaGradientEvaluator implements GradientEvaluator {
    /** The most points one pass over the tape evaluates. */
    public static final int BATCH = 128;
    private static final int O_ADD = Opcode.ADD.ordinal(), O_SUB = Opcode.SUB.ordinal(), O_MUL = Opcode.MUL.ordinal();
    private static final int O_DIV = Opcode.DIV.ordinal(), O_MIN = Opcode.MIN.ordinal(), O_MAX = Opcode.MAX.ordinal();
    private static final int O_NEG = Opcode.NEG.ordinal(), O_SQUARE = Opcode.SQUARE.ordinal();
    private static final int O_SQRT = Opcode.SQRT.ordinal(), O_EXP = Opcode.EXP.ordinal();

    private final SsaTape tape;
    private final Opcode[] ops;
    private final int[] out; // the slot each instruction writes
    private final int[] lhs; // an operand's slot, or ~constant index
    private final int[] rhs;
    private float[][] v, gx, gy, gz;
    private int capacity;
    private float[] ca, cb, zero;

    /** An evaluator for {@code tape}; its buffers are allocated on the first call, for that call's batch. */
    public JavaGradientEvaluator(SsaTape tape) {
        this.tape = tape;
        int n = tape.length();
        ops = new Opcode[n];
        out = new int[n];
        lhs = new int[n];
        rhs = new int[n];
        for (int i = 0; i < n; i++) {
            Opcode op = tape.opcode(i);
            if (op == Opcode.CONST) throw new IllegalStateException("constants are operands, not instructions");
            ops[i] = op;
            out[i] = tape.slot(i);
            lhs[i] = op.arity() >= 1 ? operand(tape.lhs(i)) : 0;
            rhs[i] = op.arity() == 2 ? operand(tape.rhs(i)) : 0;
        }
    }

    private int operand(int o) {
        return SsaTape.isConstant(o) ? ~SsaTape.constantIndex(o) : tape.slot(o);
    }

    private void allocate(int points) {
        int b = Math.min(BATCH, Math.max(points, 1));
        if (b <= capacity) return;
        int slots = Math.max(1, tape.slotCount());
        v = new float[slots][b];
        gx = new float[slots][b];
        gy = new float[slots][b];
        gz = new float[slots][b];
        ca = new float[b];
        cb = new float[b];
        zero = new float[b];
        capacity = b;
    }

    @Override
    public void evaluate(float[] xs, float[] ys, float[] zs, int n, float[] vOut, float[] dx, float[] dy, float[] dz) {
        allocate(n);
        int o = tape.output();
        for (int from = 0; from < n; from += capacity) {
            int m = Math.min(capacity, n - from);
            batch(xs, ys, zs, from, m);
            if (SsaTape.isConstant(o)) {
                float c = tape.constant(SsaTape.constantIndex(o));
                for (int p = 0; p < m; p++) {
                    vOut[from + p] = c;
                    dx[from + p] = 0f;
                    dy[from + p] = 0f;
                    dz[from + p] = 0f;
                }
            } else {
                int s = tape.slot(o);
                System.arraycopy(v[s], 0, vOut, from, m);
                System.arraycopy(gx[s], 0, dx, from, m);
                System.arraycopy(gy[s], 0, dy, from, m);
                System.arraycopy(gz[s], 0, dz, from, m);
            }
        }
    }

    private void batch(float[] xs, float[] ys, float[] zs, int from, int m) {
        for (int i = 0; i < ops.length; i++) {
            Opcode op = ops[i];
            int s = out[i];
            switch (op) {
                case VAR_X -> seed(s, xs, from, m, 0);
                case VAR_Y -> seed(s, ys, from, m, 1);
                case VAR_Z -> seed(s, zs, from, m, 2);
                default -> {
                    if (op.arity() == 1) unary(i, op, s, m);
                    else binary(i, op, s, m);
                }
            }
        }
    }

    private void seed(int s, float[] coords, int from, int m, int axis) {
        System.arraycopy(coords, from, v[s], 0, m);
        java.util.Arrays.fill(gx[s], 0, m, axis == 0 ? 1f : 0f);
        java.util.Arrays.fill(gy[s], 0, m, axis == 1 ? 1f : 0f);
        java.util.Arrays.fill(gz[s], 0, m, axis == 2 ? 1f : 0f);
    }

    // An operand's values: its slot's, or a constant spread over the scratch array.
    private float[] values(int operand, float[] scratch, int m) {
        if (operand >= 0) return v[operand];
        java.util.Arrays.fill(scratch, 0, m, tape.constant(~operand));
        return scratch;
    }

    private float[] partials(float[][] axis, int operand) {
        return operand >= 0 ? axis[operand] : zero;
    }

    private void unary(int i, Opcode op, int s, int m) {
        int l = lhs[i];
        float[] a = values(l, ca, m);
        float[] ax = partials(gx, l), ay = partials(gy, l), az = partials(gz, l);
        float[] vo = v[s], ox = gx[s], oy = gy[s], oz = gz[s];
        int code = op.ordinal();
        if (code == O_NEG) {
            for (int p = 0; p < m; p++) {
                float x = ax[p], y = ay[p], z = az[p];
                vo[p] = -a[p];
                ox[p] = x * -1f;
                oy[p] = y * -1f;
                oz[p] = z * -1f;
            }
        } else if (code == O_SQUARE) {
            for (int p = 0; p < m; p++) {
                float av = a[p], k = av + av, x = ax[p], y = ay[p], z = az[p];
                vo[p] = av * av;
                ox[p] = x * k;
                oy[p] = y * k;
                oz[p] = z * k;
            }
        } else if (code == O_SQRT) {
            for (int p = 0; p < m; p++) {
                float r = F32Semantics.sqrt(a[p]), k = 0.5f / r, x = ax[p], y = ay[p], z = az[p];
                vo[p] = r;
                ox[p] = x * k;
                oy[p] = y * k;
                oz[p] = z * k;
            }
        } else if (code == O_EXP) {
            for (int p = 0; p < m; p++) {
                float r = F32Math.exp(a[p]), x = ax[p], y = ay[p], z = az[p];
                vo[p] = r;
                ox[p] = x * r;
                oy[p] = y * r;
                oz[p] = z * r;
            }
        } else if (GradientRules.isFlat(op)) {
            for (int p = 0; p < m; p++) {
                vo[p] = F32Semantics.apply(op, a[p], 0f);
                ox[p] = 0f;
                oy[p] = 0f;
                oz[p] = 0f;
            }
        } else {
            for (int p = 0; p < m; p++) {
                float av = a[p], r = F32Semantics.apply(op, av, 0f), k = GradientRules.unaryFactor(op, av, r);
                float x = ax[p], y = ay[p], z = az[p];
                vo[p] = r;
                ox[p] = x * k;
                oy[p] = y * k;
                oz[p] = z * k;
            }
        }
    }

    // Why this method is long: one tight loop per common opcode, each the one-point rule unrolled
    // over the batch; splitting them apart would only move the dispatch into another call.
    private void binary(int i, Opcode op, int s, int m) {
        int l = lhs[i], r = rhs[i];
        float[] a = values(l, ca, m), b = values(r, cb, m);
        float[] ax = partials(gx, l), ay = partials(gy, l), az = partials(gz, l);
        float[] bx = partials(gx, r), by = partials(gy, r), bz = partials(gz, r);
        float[] vo = v[s], ox = gx[s], oy = gy[s], oz = gz[s];
        int code = op.ordinal();
        if (code == O_ADD) {
            for (int p = 0; p < m; p++) {
                float x = ax[p] + bx[p], y = ay[p] + by[p], z = az[p] + bz[p];
                vo[p] = a[p] + b[p];
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        } else if (code == O_SUB) {
            for (int p = 0; p < m; p++) {
                float x = ax[p] - bx[p], y = ay[p] - by[p], z = az[p] - bz[p];
                vo[p] = a[p] - b[p];
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        } else if (code == O_MUL) {
            for (int p = 0; p < m; p++) {
                float av = a[p], bv = b[p];
                float x = ax[p] * bv + av * bx[p], y = ay[p] * bv + av * by[p], z = az[p] * bv + av * bz[p];
                vo[p] = av * bv;
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        } else if (code == O_DIV) {
            for (int p = 0; p < m; p++) {
                float av = a[p], bv = b[p], q = av / bv;
                float x = (ax[p] - q * bx[p]) / bv, y = (ay[p] - q * by[p]) / bv, z = (az[p] - q * bz[p]) / bv;
                vo[p] = q;
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        } else if (code == O_MIN || code == O_MAX) {
            boolean isMin = code == O_MIN;
            for (int p = 0; p < m; p++) {
                float av = a[p], bv = b[p];
                boolean left = (isMin ? av <= bv : av >= bv) || bv != bv;
                float rv = isMin ? F32Semantics.min(av, bv) : F32Semantics.max(av, bv);
                float x = left ? ax[p] : bx[p], y = left ? ay[p] : by[p], z = left ? az[p] : bz[p];
                vo[p] = rv;
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        } else if (GradientRules.isFlat(op)) {
            for (int p = 0; p < m; p++) {
                vo[p] = F32Semantics.apply(op, a[p], b[p]);
                ox[p] = 0f;
                oy[p] = 0f;
                oz[p] = 0f;
            }
        } else {
            for (int p = 0; p < m; p++) {
                float av = a[p], bv = b[p], rv = F32Semantics.apply(op, av, bv);
                float x = GradientRules.binary(op, av, bv, rv, ax[p], bx[p]);
                float y = GradientRules.binary(op, av, bv, rv, ay[p], by[p]);
                float z = GradientRules.binary(op, av, bv, rv, az[p], bz[p]);
                vo[p] = rv;
                ox[p] = x;
                oy[p] = y;
                oz[p] = z;
            }
        }
    }
}
