/**
 * Step 1 of the flow, the representation: opcodes, their f32 and f64 semantics (the one definition every tier matches), and the hash-consed expression graph.
 */
package dev.ariel.expr;
