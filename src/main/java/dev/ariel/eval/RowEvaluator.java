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
}
