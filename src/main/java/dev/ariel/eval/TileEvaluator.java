package dev.ariel.eval;

import dev.ariel.tape.PrunedTape;

/**
 * Evaluates a quadtree leaf tile: the one calling convention of the interpreter's leaves and of
 * compiled code. Not thread-safe: use one per thread.
 */
public interface TileEvaluator {
    /**
     * Writes the value at {@code (xs[from + j], ys[yFrom + r], z)} into {@code out[r * count + j]}
     * for {@code r < rows} and {@code j < count}: the pixels of a tile, row by row.
     *
     * @param tape the leaf's pruned tape; compiled code ignores it and runs the tape of the
     *     compile-level tile above, which it was pruned from and which agrees with it in every
     *     value the frame needs (the sign in a mono frame, the value in an SDF frame)
     */
    void evaluate(PrunedTape tape, float[] xs, int from, int count, float[] ys, int yFrom, int rows, float z, float[] out);

    /** Whether this is compiled code (for statistics and the debug picture). */
    default boolean compiled() {
        return false;
    }

    /**
     * Compiled code for a compile-level tile's tape as a leaf evaluator: one call for the leaf's
     * rows, because crossing into native code costs microseconds a call until the JVM has
     * compiled the call path.
     */
    static TileEvaluator compiled(RowEvaluator code) {
        return new TileEvaluator() {
            @Override
            public void evaluate(PrunedTape tape, float[] xs, int from, int count, float[] ys, int yFrom, int rows,
                    float z, float[] out) {
                code.evaluateRows(xs, from, count, ys, yFrom, rows, z, out);
            }

            @Override
            public boolean compiled() {
                return true;
            }
        };
    }
}
