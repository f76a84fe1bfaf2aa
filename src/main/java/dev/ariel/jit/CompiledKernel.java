package dev.ariel.jit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ariel.eval.RowEvaluator;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * A row function in JIT memory, callable from any number of threads at once, and unloaded by
 * {@link #close()}.
 *
 * <p>Calls go through the FFM API as critical calls on the Java arrays themselves: no copies,
 * about 8 ns of overhead a call, and one call per row run, never per pixel. Bounds are checked
 * in Java before native code sees an index. Closing while another thread is still inside
 * {@link #evaluate} would free code that is running; owners close a kernel only once every render
 * that uses it has finished. Kernels linked from one object (a batch) share its memory, which is
 * freed when the last of them is closed.
 */
public final class CompiledKernel implements RowEvaluator, AutoCloseable {
    private static final FunctionDescriptor ROW =
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, JAVA_FLOAT, JAVA_FLOAT);

    private final Jit.Code code;
    private final String symbol;
    private final long address;
    private final CompileStats stats;
    private final MethodHandle function;
    private volatile boolean closed;

    CompiledKernel(Jit.Code code, String symbol, long address, CompileStats stats) {
        this.code = code;
        this.symbol = symbol;
        this.address = address;
        this.stats = stats;
        // Critical: the call is short and never calls back into Java, so it may read heap arrays in place.
        this.function = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address), ROW,
                Linker.Option.critical(true));
    }

    /** The function's symbol in the JIT. */
    public String symbol() {
        return symbol;
    }

    /** The function's address. */
    public long address() {
        return address;
    }

    /**
     * What compiling it cost and produced; for a kernel compiled in a batch, what the whole
     * batch's module cost and produced.
     */
    public CompileStats stats() {
        return stats;
    }

    @Override
    public void evaluate(float[] xs, int from, int count, float y, float z, float[] out) {
        Objects.checkFromIndexSize(from, count, xs.length);
        Objects.checkFromIndexSize(from, count, out.length);
        if (closed) throw new IllegalStateException(symbol + " has been unloaded");
        if (count == 0) return;
        long offset = (long) from * Float.BYTES;
        try {
            function.invokeExact(MemorySegment.ofArray(xs).asSlice(offset), MemorySegment.ofArray(out).asSlice(offset),
                    (long) count, y, z);
        } catch (Throwable t) {
            throw new IllegalStateException("calling " + symbol + " failed", t);
        }
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unloads the code and frees its memory in the JIT, or, for a kernel compiled in a batch,
     * does so once every kernel of the batch is closed. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        code.release();
    }
}
