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
    private final MethodHandle rowsFunction; // null where the object exports no NAME_rows
    private volatile boolean closed;

    private static final FunctionDescriptor ROWS =
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_FLOAT);

    CompiledKernel(Jit.Code code, String symbol, long address, long rowsAddress, CompileStats stats) {
        this.code = code;
        this.symbol = symbol;
        this.address = address;
        this.stats = stats;
        // Critical: the call is short and never calls back into Java, so it may read heap arrays in place.
        this.function = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address), ROW,
                Linker.Option.critical(true));
        this.rowsFunction = rowsAddress == 0 ? null
                : Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(rowsAddress), ROWS, Linker.Option.critical(true));
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

    @Override
    public void evaluateRows(float[] xs, int from, int count, float[] ys, int yFrom, int rows, float z, float[] out) {
        if (rowsFunction == null) {
            RowEvaluator.super.evaluateRows(xs, from, count, ys, yFrom, rows, z, out);
            return;
        }
        Objects.checkFromIndexSize(from, count, xs.length);
        Objects.checkFromIndexSize(yFrom, rows, ys.length);
        Objects.checkFromIndexSize(0, Math.multiplyExact(rows, count), out.length);
        if (closed) throw new IllegalStateException(symbol + " has been unloaded");
        if (count == 0 || rows == 0) return;
        try {
            rowsFunction.invokeExact(MemorySegment.ofArray(xs).asSlice((long) from * Float.BYTES), MemorySegment.ofArray(out),
                    (long) count, MemorySegment.ofArray(ys).asSlice((long) yFrom * Float.BYTES), (long) rows, z);
        } catch (Throwable t) {
            throw new IllegalStateException("calling " + symbol + KERNEL_ROWS + " failed", t);
        }
    }

    private static final String KERNEL_ROWS = dev.ariel.llvm.KernelIr.ROWS_SUFFIX;

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
