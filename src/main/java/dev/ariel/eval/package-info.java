/**
 * Step 4: the evaluator contracts (point, f64 oracle, row, and a compiling tier's), the Java
 * interpreter tier that implements them, and the interval pass over tiles
 * ({@link dev.ariel.eval.IntervalEvaluator}), which carries {@code tape}'s interval rules over a
 * pruned tape and many boxes at once and makes the min/max choices that pruning needs.
 */
package dev.ariel.eval;
