package dev.ariel.jit;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Keeps glibc's malloc from holding on to the memory that LLVM frees after each compile.
 *
 * <p>A compile allocates tens of MB for a moment (the module, the pass pipeline, codegen) and frees
 * nearly all of it. glibc's malloc keeps one arena per thread (up to 8 per core), and by default it
 * raises its mmap and trim thresholds each time a large mmapped block is freed (up to 32 and 64
 * MB): after that, large blocks come from the arenas, and the arenas keep their freed top memory
 * resident. With compiles on many threads, each arena grows to the largest compile it has served.
 * Measured with {@code scripts/soak} (1,000 random models of up to 2,000 ops, 2 cores): live malloc
 * memory stayed at 11 to 13 MB, yet resident memory grew from 721 MB after warm-up (model 100) to a
 * peak of 1,100 MB, nearly all of it free memory in 16 arenas, which {@code malloc_trim} could not
 * return (it leaves the tops of threads' arenas alone). With {@link #tune()}: 476 MB after warm-up,
 * a peak of 550 MB and 500 MB at the end (the run starts at 366 MB, 256 MB of it the pre-touched
 * Java heap), and compiling took no longer.
 *
 * <p>{@link #tune()} fixes both thresholds at glibc's initial 128 KB, as the environment variables
 * {@code MALLOC_MMAP_THRESHOLD_} and {@code MALLOC_TRIM_THRESHOLD_} would: blocks of 128 KB or more
 * are mapped and unmapped on their own, and an arena gives its top back once more than 128 KB of
 * it is free. Process-wide, so it runs once, when the JIT is created (the first compile). It does
 * nothing where the C library is not glibc, or where either variable (or {@code GLIBC_TUNABLES})
 * is set, or with {@code -Dariel.malloc.tune=false}.
 */
public final class NativeHeap {
    private NativeHeap() {}

    /** glibc's initial mmap threshold, and the value both thresholds are fixed at. */
    static final int THRESHOLD = 128 * 1024;
    private static final int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    private static volatile boolean tuned;

    /** Whether {@link #tune()} has fixed malloc's thresholds in this process. */
    public static boolean tuned() {
        return tuned;
    }

    /** Fixes malloc's thresholds (see the class comment); true if it did, now or before. */
    static synchronized boolean tune() {
        if (tuned) return true;
        if (!Boolean.parseBoolean(System.getProperty("ariel.malloc.tune", "true"))) return false;
        for (String v : new String[] {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"}) {
            if (System.getenv(v) != null) return false; // the user has chosen
        }
        Linker linker = Linker.nativeLinker();
        // gnu_get_libc_version exists only in glibc: musl and others have mallopt stubs or none.
        Optional<MemorySegment> glibc = linker.defaultLookup().find("gnu_get_libc_version");
        Optional<MemorySegment> mallopt = linker.defaultLookup().find("mallopt");
        if (glibc.isEmpty() || mallopt.isEmpty()) return false;
        MethodHandle set = linker.downcallHandle(mallopt.get(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        try {
            // mallopt returns 1 on success. Setting either threshold turns the dynamic adjustment off.
            tuned = (int) set.invokeExact(M_MMAP_THRESHOLD, THRESHOLD) == 1 & (int) set.invokeExact(M_TRIM_THRESHOLD, THRESHOLD) == 1;
        } catch (Throwable t) {
            return false;
        }
        return tuned;
    }
}
