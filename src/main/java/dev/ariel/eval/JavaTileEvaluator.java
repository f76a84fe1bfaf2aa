package dev.ariel.eval;

import static dev.ariel.eval.RowOps.*;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.PrunedTape;
import java.util.Arrays;

/**
 * The interpreter tier at the leaves of the quadtree: evaluates a {@link PrunedTape} at a list of
 * points, such as every pixel of a 16×16 tile at once, with the same loops and the same bits as
 * {@link JavaRowEvaluator}.
 *
 * <p>A leaf's tape is short (tens of instructions where the root has thousands) and changes with
 * every tile, so this evaluator does no per-tape set-up beyond the tape's slot plan: it reads the
 * tape's arrays directly. Where the interval pass proved a min/max NaN-free
 * ({@link PrunedTape#nanFree}), it uses {@link Math#min(float, float)}, which vectorizes. Slot
 * buffers are kept between calls and grow as needed. Not thread-safe: one per thread.
 */
public final class JavaTileEvaluator implements TileEvaluator {
    private static final Opcode[] OPS = Opcode.values();

    private float[][] buf = new float[0][];
    private int points;
    // A tile's coordinates, point by point: the grid's columns repeated, and each row's y.
    private float[] gridXs = new float[0];
    private float[] gridYs = new float[0];

    /** An evaluator for up to {@code maxPoints} points a call; it grows if asked for more. */
    public JavaTileEvaluator(int maxPoints) {
        points = Math.max(1, maxPoints);
    }

    @Override
    public void evaluate(PrunedTape tape, float[] xs, int from, int count, float[] ys, int yFrom, int rows, float z,
            float[] out) {
        int n = count * rows;
        if (gridXs.length < n) {
            gridXs = new float[n];
            gridYs = new float[n];
        }
        float[] px = gridXs, py = gridYs;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(xs, from, px, r * count, count);
            Arrays.fill(py, r * count, r * count + count, ys[yFrom + r]);
        }
        evaluate(tape, px, py, z, n, out);
    }

    /**
     * Writes the value of {@code tape} at {@code (xs[j], ys[j], z)} into {@code out[j]} for
     * {@code j < n}.
     */
    public void evaluate(PrunedTape tape, float[] xs, float[] ys, float z, int n, float[] out) {
        evaluate(tape, xs, ys, null, z, n, out);
    }

    /**
     * Writes the value of {@code tape} at {@code (xs[j], ys[j], zs[j])} into {@code out[j]} for
     * {@code j < n}: points of several slices in one call, as the octree's leaves evaluate them.
     */
    public void evaluate(PrunedTape tape, float[] xs, float[] ys, float[] zs, int n, float[] out) {
        evaluate(tape, xs, ys, zs, 0f, n, out);
    }

    // zs null: every point at z.
    private void evaluate(PrunedTape tape, float[] xs, float[] ys, float[] zs, float z, int n, float[] out) {
        int output = tape.output();
        if (output < 0) {
            Arrays.fill(out, 0, n, tape.constants()[~output]);
            return;
        }
        int[] slots = tape.slotsArray();
        int slotCount = tape.slotCount();
        if (n > points) {
            points = n;
            buf = new float[0][];
        }
        if (buf.length < slotCount) {
            float[][] grown = Arrays.copyOf(buf, Math.max(slotCount, buf.length * 2));
            for (int s = buf.length; s < grown.length; s++) grown[s] = new float[points];
            buf = grown;
        }
        float[][] buf = this.buf;
        byte[] ops = tape.opsArray();
        int[] lhs = tape.lhsArray();
        int[] rhs = tape.rhsArray();
        boolean[] nanFree = tape.nanFreeArray();
        float[] consts = tape.constants();
        int len = tape.length();
        for (int i = 0; i < len; i++) {
            Opcode op = OPS[ops[i]];
            float[] o = buf[slots[i]];
            int a = lhs[i];
            switch (op) {
                case VAR_X -> System.arraycopy(xs, 0, o, 0, n);
                case VAR_Y -> System.arraycopy(ys, 0, o, 0, n);
                case VAR_Z -> {
                    if (zs == null) Arrays.fill(o, 0, n, z);
                    else System.arraycopy(zs, 0, o, 0, n);
                }
                default -> {
                    if (op.arity() == 1) {
                        if (a < 0) Arrays.fill(o, 0, n, F32Semantics.apply(op, consts[~a], 0));
                        else unary(op, o, buf[slots[a]], n);
                    } else {
                        int b = rhs[i];
                        float[] av = a >= 0 ? buf[slots[a]] : null;
                        float[] bv = b >= 0 ? buf[slots[b]] : null;
                        float ac = a >= 0 ? 0 : consts[~a];
                        float bc = b >= 0 ? 0 : consts[~b];
                        binary(op, o, av, ac, bv, bc, n, nanFree[i]);
                    }
                }
            }
        }
        System.arraycopy(buf[slots[output]], 0, out, 0, n);
    }

    static void unary(Opcode op, float[] o, float[] a, int n) {
        switch (op) {
            case NEG -> neg(o, a, n);
            case ABS -> abs(o, a, n);
            case RECIP -> recip(o, a, n);
            case SQRT -> sqrt(o, a, n);
            case SQUARE -> square(o, a, n);
            case FLOOR -> floor(o, a, n);
            case CEIL -> ceil(o, a, n);
            case ROUND -> round(o, a, n);
            case SIN -> sin(o, a, n);
            case COS -> cos(o, a, n);
            case TAN -> tan(o, a, n);
            case ASIN -> asin(o, a, n);
            case ACOS -> acos(o, a, n);
            case ATAN -> atan(o, a, n);
            case EXP -> exp(o, a, n);
            case LN -> ln(o, a, n);
            case NOT -> not(o, a, n);
            default -> throw new IllegalStateException(op + " is not unary");
        }
    }

    // a or b is a row where its array is non-null, else the constant beside it.
    static void binary(Opcode op, float[] o, float[] a, float p, float[] b, float q, int n, boolean nanFree) {
        if (a == null && b == null) {
            Arrays.fill(o, 0, n, F32Semantics.apply(op, p, q));
            return;
        }
        switch (op) {
            case ADD -> { if (b == null) add(o, a, q, n); else if (a == null) add(o, p, b, n); else add(o, a, b, n); }
            case SUB -> { if (b == null) sub(o, a, q, n); else if (a == null) sub(o, p, b, n); else sub(o, a, b, n); }
            case MUL -> { if (b == null) mul(o, a, q, n); else if (a == null) mul(o, p, b, n); else mul(o, a, b, n); }
            case DIV -> { if (b == null) div(o, a, q, n); else if (a == null) div(o, p, b, n); else div(o, a, b, n); }
            case MIN -> {
                if (nanFree) {
                    if (b == null) minNoNaN(o, a, q, n); else if (a == null) minNoNaN(o, b, p, n); else minNoNaN(o, a, b, n);
                } else {
                    if (b == null) min(o, a, q, n); else if (a == null) min(o, p, b, n); else min(o, a, b, n);
                }
            }
            case MAX -> {
                if (nanFree) {
                    if (b == null) maxNoNaN(o, a, q, n); else if (a == null) maxNoNaN(o, b, p, n); else maxNoNaN(o, a, b, n);
                } else {
                    if (b == null) max(o, a, q, n); else if (a == null) max(o, p, b, n); else max(o, a, b, n);
                }
            }
            case ATAN2 -> { if (b == null) atan2(o, a, q, n); else if (a == null) atan2(o, p, b, n); else atan2(o, a, b, n); }
            case COMPARE -> { if (b == null) compare(o, a, q, n); else if (a == null) compare(o, p, b, n); else compare(o, a, b, n); }
            case MOD -> { if (b == null) mod(o, a, q, n); else if (a == null) mod(o, p, b, n); else mod(o, a, b, n); }
            case AND -> { if (b == null) and(o, a, q, n); else if (a == null) and(o, p, b, n); else and(o, a, b, n); }
            case OR -> { if (b == null) or(o, a, q, n); else if (a == null) or(o, p, b, n); else or(o, a, b, n); }
            default -> throw new IllegalStateException(op + " is not binary");
        }
    }
}
