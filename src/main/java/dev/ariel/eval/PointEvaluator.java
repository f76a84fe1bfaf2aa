package dev.ariel.eval;

/**
 * Evaluates a tape at one point in f32. Not thread-safe: use one per thread.
 */
public interface PointEvaluator {
    /** The model's f32 value at (x, y, z). */
    float evaluate(float x, float y, float z);
}
