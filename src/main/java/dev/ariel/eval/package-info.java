/**
 * Step 4: the backend contract ({@link dev.ariel.eval.Backend}, which yields each
 * {@link dev.ariel.eval.EvaluatorKind}: point, row, leaf tile, interval and gradient, with 3D boxes
 * to come), the compiling contract ({@link dev.ariel.eval.TapeCompiler}), the f64 oracle, the
 * Java interpreter backend that implements them, and the interval pass over tiles
 * ({@link dev.ariel.eval.IntervalEvaluator}), which carries {@code tape}'s interval rules over a
 * pruned tape and many boxes at once and makes the min/max choices that pruning needs.
 */
package dev.ariel.eval;
