/**
 * Step 4: the evaluator contracts (point, f64 oracle, row, and a compiling tier's), the Java
 * interpreter tier that implements them, and interval arithmetic over tiles with the min/max
 * choices that pruning needs.
 */
package dev.ariel.eval;
