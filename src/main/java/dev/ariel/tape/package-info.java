/**
 * Step 3: flattening the graph into the struct-of-arrays SSA tape that evaluators and the LLVM backend consume.
 */
package dev.ariel.tape;
