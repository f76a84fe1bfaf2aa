package dev.ariel.eval;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.PrunedTape;
import java.util.Arrays;

/**
 * The interpreter's gradients over a {@link PrunedTape}, many points a call: each instruction
 * runs over a block of points before the next (instruction-outer, point-inner), so dispatch is
 * paid once per block, not once per point, and no {@link dev.ariel.tape.SsaTape} is built per
 * tape. Values come from {@link JavaTileEvaluator}'s loops and partials from
 * {@link GradientRules}' expressions, point by point in the same order, so the bits are those of
 * {@link JavaGradientEvaluator}. Buffers are kept between calls. Not thread-safe: one per thread.
 */
public final class JavaPrunedGradients {
    // Points a pass covers: slots × 4 arrays × BLOCK floats stay within the L2 cache for tapes of hundreds of slots.
    static final int BLOCK = 128;
    private static final Opcode[] OPS = Opcode.values();

    private float[][] v = new float[0][], gx = new float[0][], gy = new float[0][], gz = new float[0][];
    private final float[] tv = new float[BLOCK], ca = new float[BLOCK], cb = new float[BLOCK];
    private final float[] zero = new float[BLOCK];

    /**
     * Writes the value of {@code tape} and its partials at {@code (xs[p], ys[p], zs[p])} into
     * {@code value[p]}, {@code dx[p]}, {@code dy[p]}, {@code dz[p]} for {@code p < n}.
     */
    public void evaluate(PrunedTape tape, float[] xs, float[] ys, float[] zs, int n, float[] value, float[] dx, float[] dy,
            float[] dz) {
        int output = tape.output();
        if (output < 0) {
            Arrays.fill(value, 0, n, tape.constants()[~output]);
            Arrays.fill(dx, 0, n, 0f);
            Arrays.fill(dy, 0, n, 0f);
            Arrays.fill(dz, 0, n, 0f);
            return;
        }
        grow(tape.slotCount());
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(BLOCK, n - from);
            block(tape, xs, ys, zs, from, m);
            int s = tape.slotsArray()[output];
            System.arraycopy(v[s], 0, value, from, m);
            System.arraycopy(gx[s], 0, dx, from, m);
            System.arraycopy(gy[s], 0, dy, from, m);
            System.arraycopy(gz[s], 0, dz, from, m);
        }
    }

    private void grow(int slots) {
        if (v.length >= slots) return;
        int n = Math.max(slots, v.length * 2);
        v = grown(v, n);
        gx = grown(gx, n);
        gy = grown(gy, n);
        gz = grown(gz, n);
    }

    private static float[][] grown(float[][] a, int n) {
        float[][] g = Arrays.copyOf(a, n);
        for (int i = a.length; i < n; i++) g[i] = new float[BLOCK];
        return g;
    }

    private void block(PrunedTape tape, float[] xs, float[] ys, float[] zs, int from, int m) {
        int[] slots = tape.slotsArray();
        byte[] ops = tape.opsArray();
        int[] lhs = tape.lhsArray(), rhs = tape.rhsArray();
        boolean[] nanFree = tape.nanFreeArray();
        float[] consts = tape.constants();
        for (int i = 0, len = tape.length(); i < len; i++) {
            Opcode op = OPS[ops[i]];
            int s = slots[i];
            switch (op) {
                case VAR_X -> seed(s, xs, from, m, 1f, 0f, 0f);
                case VAR_Y -> seed(s, ys, from, m, 0f, 1f, 0f);
                case VAR_Z -> seed(s, zs, from, m, 0f, 0f, 1f);
                default -> {
                    if (op.arity() == 1) unary(op, s, lhs[i], consts, slots, m);
                    else binary(op, s, lhs[i], rhs[i], consts, slots, m, nanFree[i]);
                }
            }
        }
    }

    private void seed(int s, float[] c, int from, int m, float x, float y, float z) {
        System.arraycopy(c, from, v[s], 0, m);
        Arrays.fill(gx[s], 0, m, x);
        Arrays.fill(gy[s], 0, m, y);
        Arrays.fill(gz[s], 0, m, z);
    }

    // An operand's values: its slot's, or the constant in every lane of `spare`.
    private float[] values(int operand, float[] consts, int[] slots, float[] spare, int m) {
        if (operand >= 0) return v[slots[operand]];
        Arrays.fill(spare, 0, m, consts[~operand]);
        return spare;
    }

    private float[] partials(float[][] axis, int operand, int[] slots) {
        return operand >= 0 ? axis[slots[operand]] : zero;
    }

    private void unary(Opcode op, int s, int l, float[] consts, int[] slots, int m) {
        float[] a = values(l, consts, slots, ca, m);
        if (l < 0) Arrays.fill(tv, 0, m, F32Semantics.apply(op, consts[~l], 0));
        else JavaTileEvaluator.unary(op, tv, a, m);
        if (GradientRules.isFlat(op)) {
            flat(s, m);
            System.arraycopy(tv, 0, v[s], 0, m);
            return;
        }
        float[] da = partials(gx, l, slots), db = partials(gy, l, slots), dc = partials(gz, l, slots);
        float[] ox = gx[s], oy = gy[s], oz = gz[s];
        for (int p = 0; p < m; p++) {
            // Operands are read before the outputs are written: the output slot may be the operand's.
            float k = GradientRules.unaryFactor(op, a[p], tv[p]);
            float x = da[p] * k, y = db[p] * k, z = dc[p] * k;
            ox[p] = x;
            oy[p] = y;
            oz[p] = z;
        }
        System.arraycopy(tv, 0, v[s], 0, m);
    }

    private void binary(Opcode op, int s, int l, int r, float[] consts, int[] slots, int m, boolean nanFree) {
        float[] a = values(l, consts, slots, ca, m), b = values(r, consts, slots, cb, m);
        JavaTileEvaluator.binary(op, tv, l >= 0 ? a : null, l >= 0 ? 0 : consts[~l], r >= 0 ? b : null,
                r >= 0 ? 0 : consts[~r], m, nanFree);
        if (GradientRules.isFlat(op)) {
            flat(s, m);
        } else {
            axis(op, a, b, partials(gx, l, slots), partials(gx, r, slots), gx[s], m);
            axis(op, a, b, partials(gy, l, slots), partials(gy, r, slots), gy[s], m);
            axis(op, a, b, partials(gz, l, slots), partials(gz, r, slots), gz[s], m);
        }
        System.arraycopy(tv, 0, v[s], 0, m);
    }

    // One axis of a binary op's partials; the common ops inline GradientRules.binary's expressions.
    private void axis(Opcode op, float[] a, float[] b, float[] da, float[] db, float[] o, int m) {
        float[] t = tv;
        switch (op) {
            case ADD -> { for (int p = 0; p < m; p++) o[p] = da[p] + db[p]; }
            case SUB -> { for (int p = 0; p < m; p++) o[p] = da[p] - db[p]; }
            case MUL -> { for (int p = 0; p < m; p++) o[p] = da[p] * b[p] + a[p] * db[p]; }
            case MIN, MAX -> { for (int p = 0; p < m; p++) o[p] = GradientRules.takesLhs(op, a[p], b[p]) ? da[p] : db[p]; }
            default -> { for (int p = 0; p < m; p++) o[p] = GradientRules.binary(op, a[p], b[p], t[p], da[p], db[p]); }
        }
    }

    private void flat(int s, int m) {
        Arrays.fill(gx[s], 0, m, 0f);
        Arrays.fill(gy[s], 0, m, 0f);
        Arrays.fill(gz[s], 0, m, 0f);
    }
}
