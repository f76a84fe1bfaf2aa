package dev.ariel.eval;

/**
 * Evaluates a tape at one point in f64: the reference oracle that f32 tiers are measured against.
 * Not thread-safe: use one per thread.
 */
public interface PointEvaluator64 {
    /** The model's f64 value at (x, y, z), with constants at their written double values. */
    double evaluate(double x, double y, double z);
}
