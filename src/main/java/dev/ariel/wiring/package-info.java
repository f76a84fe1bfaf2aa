/**
 * Step 8: the wiring, one entry point from an engine choice, a strategy and options to frames
 * ({@link dev.ariel.wiring.FrameSource}, {@link dev.ariel.wiring.RenderEngine}), used alike by the
 * CLI, the service and the comparison; plus the code cache's hints and the one IR listing.
 *
 * <p>It sits above {@code render} and {@code jit} in the flow, as PostgreSQL's llvmjit provider sits
 * above its executor: the scheduler ({@code render}) knows only the {@code eval} contracts and no
 * LLVM class, and this package is the only one that names both the scheduler and the JIT. A
 * ServiceLoader-found provider would do the same at the cost of a jar scan at every start-up
 * (issue 19 counts start-up milliseconds) and of a second, reflective way in; a package in the
 * flow keeps every dependency visible to the compiler. LLVM still loads only when a compiling
 * engine first compiles: nothing here touches a JIT class for {@code --engine interp} or a
 * one-frame tiered render.
 */
package dev.ariel.wiring;
