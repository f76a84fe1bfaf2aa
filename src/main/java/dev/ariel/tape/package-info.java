/**
 * Step 3: flattening the graph into the struct-of-arrays SSA tape that evaluators and the LLVM
 * backend consume, and simplifying it per tile ({@link dev.ariel.tape.PrunedTape}) from the
 * min/max choices that interval arithmetic makes there.
 */
package dev.ariel.tape;
