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
        if (count > 1 && rows > 1 && tape.output() >= 0 && separable(tape, count, rows)) {
            evaluateSeparable(tape, xs, from, count, ys, yFrom, rows, z, out);
            return;
        }
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

    // --- Separable evaluation: in a tile, an instruction that reads x alone is the same in every
    // row, and one that reads y alone the same in every column (z is one value for the whole tile).
    // About half of prospero's leaf instructions are such: each is evaluated once, on the tile's
    // columns or rows, and spread over the tile only where an instruction that reads both uses it.

    private static final byte ONE = 0, X = 1, Y = 2, XY = 3; // what an instruction's value varies with
    private byte[] kinds = new byte[0];

    // Marks every instruction's kind; whether evaluating by kind pays: its element operations,
    // spreads included, against every instruction on every pixel.
    private boolean separable(PrunedTape tape, int count, int rows) {
        int len = tape.length();
        if (kinds.length < len) {
            kinds = new byte[Math.max(len, kinds.length * 2)];
            wide = new boolean[kinds.length];
        }
        byte[] k = kinds;
        boolean[] spreads = wide; // here: which narrow values an XY instruction reads
        byte[] ops = tape.opsArray();
        int[] lhs = tape.lhsArray();
        int[] rhs = tape.rhsArray();
        long n = (long) count * rows, cost = 0, all = 0;
        for (int i = 0; i < len; i++) {
            Opcode op = OPS[ops[i]];
            byte kind = switch (op) {
                case VAR_X -> X;
                case VAR_Y -> Y;
                case VAR_Z -> ONE;
                default -> {
                    int a = lhs[i];
                    byte ka = a < 0 ? ONE : k[a];
                    if (op.arity() == 1) yield ka;
                    int b = rhs[i];
                    yield (byte) (ka | (b < 0 ? ONE : k[b]));
                }
            };
            k[i] = kind;
            spreads[i] = false;
            int w = WEIGHT[ops[i]];
            cost += w * (kind == XY ? n : kind == X ? count : kind == Y ? rows : 1);
            all += w * n;
            if (kind == XY && op.arity() > 0) {
                cost += spreadCost(lhs[i], k, spreads, n);
                if (op.arity() == 2) cost += spreadCost(rhs[i], k, spreads, n);
            }
        }
        // Evaluating by kind must save at least a third of the weighted element operations:
        // per-call work on short rows costs more than its element count says. On prospero's
        // leaves (lines and ellipses: a few x-only and y-only products, each spread) it did not
        // pay; on dense.vm's (sin and cos of x alone and y alone) it halved the pixels' time.
        return cost * 3 < all * 2;
    }

    // What one element of an instruction costs, roughly, against an add: the vectorized loops
    // cost about one, the transcendental ones (scalar calls into StrictMath-like code) tens.
    private static final int[] WEIGHT = new int[OPS.length];

    static {
        for (Opcode op : OPS) {
            WEIGHT[op.ordinal()] = switch (op) {
                case SIN, COS, TAN, ASIN, ACOS, ATAN, EXP, LN, ATAN2, MOD -> 16;
                case SQRT, DIV, RECIP -> 2;
                default -> 1;
            };
        }
    }

    private static long spreadCost(int operand, byte[] k, boolean[] spreads, long n) {
        if (operand < 0 || k[operand] == ONE || k[operand] == XY || spreads[operand]) return 0;
        spreads[operand] = true;
        return n / 2;
    }

    private void evaluateSeparable(PrunedTape tape, float[] xs, int from, int count, float[] ys, int yFrom, int rows,
            float z, float[] out) {
        int n = count * rows;
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
        int len = tape.length();
        if (columnA.length < rows) {
            columnA = new float[rows];
            columnB = new float[rows];
        }
        Arrays.fill(wide, 0, len, false);
        float[][] buf = this.buf;
        byte[] k = kinds;
        byte[] ops = tape.opsArray();
        int[] lhs = tape.lhsArray();
        int[] rhs = tape.rhsArray();
        boolean[] nanFree = tape.nanFreeArray();
        float[] consts = tape.constants();
        int output = tape.output();
        for (int i = 0; i < len; i++) {
            Opcode op = OPS[ops[i]];
            byte kind = k[i];
            // The tile's last instruction, when it is the output and varies with both, writes the result itself.
            float[] o = i == output && kind == XY && i == len - 1 ? out : buf[slots[i]];
            int m = kind == XY ? n : kind == X ? count : kind == Y ? rows : 1;
            int a = lhs[i];
            switch (op) {
                case VAR_X -> System.arraycopy(xs, from, o, 0, count);
                case VAR_Y -> System.arraycopy(ys, yFrom, o, 0, rows);
                case VAR_Z -> o[0] = z;
                default -> {
                    if (op.arity() == 1) {
                        if (a < 0) Arrays.fill(o, 0, m, F32Semantics.apply(op, consts[~a], 0));
                        else unary(op, o, operand(buf[slots[a]], a, kind, count, rows, columnA), m);
                    } else {
                        int b = rhs[i];
                        float[] av = a < 0 || k[a] == ONE ? null : operand(buf[slots[a]], a, kind, count, rows, columnA);
                        float[] bv = b < 0 || k[b] == ONE ? null : operand(buf[slots[b]], b, kind, count, rows, columnB);
                        float ac = a < 0 ? consts[~a] : k[a] == ONE ? buf[slots[a]][0] : 0;
                        float bc = b < 0 ? consts[~b] : k[b] == ONE ? buf[slots[b]][0] : 0;
                        binary(op, o, av, ac, bv, bc, m, nanFree[i]);
                    }
                }
            }
        }
        float[] result = output == len - 1 && k[output] == XY ? out : buf[slots[output]];
        if (!wide[output] && k[output] != XY) spread(result, output, count, rows);
        if (result != out) System.arraycopy(result, 0, out, 0, n);
    }

    private boolean[] wide = new boolean[0]; // instructions of kind X or Y whose value is spread over the tile
    private float[] columnA = new float[0];
    private float[] columnB = new float[0];

    // The value of instruction `at` as an instruction of kind `to` reads it. A narrower value that
    // an XY instruction reads is spread over the whole tile once, in its own buffer, which holds
    // it for as long as any instruction reads it: a Y one that reads it later gets its column back.
    private float[] operand(float[] value, int at, byte to, int count, int rows, float[] column) {
        byte from = kinds[at];
        if (from == to) {
            if (!wide[at] || from != Y) return value;
            for (int r = 0; r < rows; r++) column[r] = value[r * count];
            return column;
        }
        if (to == XY) {
            if (!wide[at]) spread(value, at, count, rows);
            return value;
        }
        return value; // ONE read by X or Y is a constant, handled by the caller
    }

    // Spreads the value of instruction `at` (kind X: one per column, Y: one per row, ONE) over
    // every pixel of the tile, in place. An X value doubles its rows with each copy (a loop that
    // copies within one array would not vectorize); a Y value fills rows from the last up, so
    // that no value is overwritten before it is read.
    private void spread(float[] v, int at, int count, int rows) {
        int n = count * rows;
        switch (kinds[at]) {
            case X -> {
                for (int done = count; done < n; done <<= 1) System.arraycopy(v, 0, v, done, Math.min(done, n - done));
            }
            case Y -> {
                for (int r = rows - 1; r >= 0; r--) Arrays.fill(v, r * count, r * count + count, v[r]);
            }
            default -> Arrays.fill(v, 0, n, v[0]);
        }
        wide[at] = true;
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
