/**
 * Step 6: compiling and running native code, the step that takes a tape through {@code dev.ariel.llvm}
 * to machine code, links it into ORC LLJIT, and calls it from Java threads through the FFM API.
 *
 * <p>{@link dev.ariel.jit.KernelCompiler} runs the pipeline (IR build, passes, codegen) and can
 * show its IR and assembly; {@link dev.ariel.jit.Jit} owns the process's LLJIT and links objects
 * into it, one {@code ResourceTracker} per object (a kernel or a batch) so that code can be unloaded;
 * {@link dev.ariel.jit.CompiledKernel} is a callable row function; {@link dev.ariel.jit.JitEngine}
 * is the JIT tier behind the {@link dev.ariel.eval.Backend} contract, with an in-process cache of
 * compiled kernels; {@link dev.ariel.jit.JitTapeCompiler} is the tile renderer's
 * {@link dev.ariel.eval.TapeCompiler}, which compiles many small tapes in batches (one module and
 * one tracker per batch) on background threads and keeps their code within a memory bound;
 * {@link dev.ariel.jit.CodeCache} keeps compiled objects on disk, so that a later process links
 * them instead of compiling again.
 */
package dev.ariel.jit;
