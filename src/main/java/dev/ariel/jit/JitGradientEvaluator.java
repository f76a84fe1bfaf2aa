package dev.ariel.jit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ariel.eval.GradientEvaluator;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * Calls a compiled gradient kernel ({@code dev.ariel.llvm.GradientIr}) on Java arrays, as a
 * critical FFM call that reads and writes them in place, one call per batch. The kernel's code
 * stays loaded while its {@link JitEngine} is open; the engine closes it.
 */
final class JitGradientEvaluator implements GradientEvaluator {
    private static final FunctionDescriptor GRADIENT = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS);

    private final CompiledKernel kernel;
    private final MethodHandle function;

    JitGradientEvaluator(CompiledKernel kernel) {
        this.kernel = kernel;
        // Critical: the call is short and never calls back into Java, so it may use heap arrays in place.
        this.function = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(kernel.address()), GRADIENT,
                Linker.Option.critical(true));
    }

    @Override
    public void evaluate(float[] xs, float[] ys, float[] zs, int n, float[] v, float[] dx, float[] dy, float[] dz) {
        for (float[] array : new float[][] {xs, ys, zs, v, dx, dy, dz}) Objects.checkFromIndexSize(0, n, array.length);
        if (kernel.isClosed()) throw new IllegalStateException(kernel.symbol() + " has been unloaded");
        if (n == 0) return;
        try {
            function.invokeExact(MemorySegment.ofArray(xs), MemorySegment.ofArray(ys), MemorySegment.ofArray(zs), (long) n,
                    MemorySegment.ofArray(v), MemorySegment.ofArray(dx), MemorySegment.ofArray(dy), MemorySegment.ofArray(dz));
        } catch (Throwable t) {
            throw new IllegalStateException("calling " + kernel.symbol() + " failed", t);
        }
    }
}
