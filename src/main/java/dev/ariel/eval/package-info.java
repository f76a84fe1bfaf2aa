/**
 * Step 4: the evaluator contracts (point, f64 oracle, row) and the Java interpreter tier that implements them.
 */
package dev.ariel.eval;
