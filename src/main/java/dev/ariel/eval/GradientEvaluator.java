package dev.ariel.eval;

/**
 * Evaluates a tape's value and its partial derivatives ∂/∂x, ∂/∂y, ∂/∂z in f32 at a batch of
 * points, by forward-mode automatic differentiation (the {@link EvaluatorKind#GRADIENT} kind).
 * The value is the point evaluator's, and the derivatives follow {@link GradientRules}, which
 * also says what each op gives where it is not differentiable; every tier gives the same bits
 * (NaN as one value, −0 = +0). Not thread-safe: each thread asks its backend for its own.
 */
public interface GradientEvaluator {
    /**
     * Evaluates points {@code 0 .. n−1} of {@code xs}, {@code ys}, {@code zs}, writing the value
     * of point p into {@code v[p]} and its partials into {@code dx[p]}, {@code dy[p]}, {@code dz[p]}.
     */
    void evaluate(float[] xs, float[] ys, float[] zs, int n, float[] v, float[] dx, float[] dy, float[] dz);
}
