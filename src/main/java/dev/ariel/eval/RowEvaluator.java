package dev.ariel.eval;

/**
 * Evaluates a tape across a run of pixels of one row in f32: the contract that the interpreter
 * and the JIT tiers implement alike. Not thread-safe: use one per thread.
 */
public interface RowEvaluator {
    /**
     * Writes the model's value at {@code (xs[j], y, z)} into {@code out[j]} for every
     * {@code j} in {@code [from, from + count)}.
     *
     * <p>Callers hand over the x coordinates rather than an origin and a step, because every tier
     * must see exactly the same f32 coordinates (see {@code docs/semantics.md}).
     */
    void evaluate(float[] xs, int from, int count, float y, float z, float[] out);

    /**
     * Evaluates {@code rows} rows: for each {@code r < rows}, writes the value at
     * {@code (xs[from + j], ys[yFrom + r], z)} into {@code out[r * count + j]} for {@code j < count}.
     * The same values as {@link #evaluate} row by row (which is what this default does); a
     * compiled tier overrides it to cross into native code once for all the rows.
     */
    default void evaluateRows(float[] xs, int from, int count, float[] ys, int yFrom, int rows, float z, float[] out) {
        java.util.Objects.checkFromIndexSize(yFrom, rows, ys.length);
        java.util.Objects.checkFromIndexSize(0, Math.multiplyExact(rows, count), out.length);
        float[] row = new float[from + count];
        for (int r = 0; r < rows; r++) {
            evaluate(xs, from, count, ys[yFrom + r], z, row);
            System.arraycopy(row, from, out, r * count, count);
        }
    }
}
