/**
 * Step 3: flattening the graph into the struct-of-arrays SSA tape that evaluators and the LLVM
 * backend consume, simplifying it per tile ({@link dev.ariel.tape.PrunedTape}) from the min/max
 * choices that interval arithmetic makes there, and the analyses of a tape that every tier
 * shares: the f32 interval rule of each opcode ({@link dev.ariel.tape.IntervalRules}), bounds
 * over a {@link dev.ariel.tape.Box} ({@link dev.ariel.tape.IntervalAnalysis}) and the
 * {@link dev.ariel.tape.MinMaxFacts} they prove for compiled code.
 */
package dev.ariel.tape;
