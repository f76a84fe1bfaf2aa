package dev.ariel.jit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

/**
 * Starts the JIT's one-time costs in the background, so that they overlap with reading the model.
 *
 * <p>In a cold JVM, loading libLLVM and creating the LLJIT cost about 110 ms here, and the FFM
 * linker's first downcall handle about 100–200 ms more (it generates classes). A render that
 * will compile calls {@link #start()} before it reads the model; the compile later waits only for
 * what is not done yet. Failures are left for the real call to report.
 */
public final class JitWarmUp {
    private JitWarmUp() {}

    /** Starts loading LLVM and the FFM linker on two daemon threads; returns at once. */
    public static void start() {
        // Without native access the compile that needs LLVM says so (Llvm.initialize); loading it
        // here would only print the JVM's warning first.
        if (!dev.ariel.llvm.Llvm.nativeAccess()) return;
        Thread.ofPlatform().daemon().name("ariel-llvm-load").start(() -> {
            try {
                Jit.shared();
            } catch (RuntimeException | Error e) {
                // reported by the compile that needs it
            }
        });
        Thread.ofPlatform().daemon().name("ariel-ffm-load").start(() -> {
            try {
                // A handle for the kernels' own signature spins the classes their calls use. It is never called.
                Linker linker = Linker.nativeLinker();
                MemorySegment any = linker.defaultLookup().find("abs").orElse(MemorySegment.NULL);
                if (!any.equals(MemorySegment.NULL)) {
                    linker.downcallHandle(any, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, JAVA_FLOAT, JAVA_FLOAT),
                            Linker.Option.critical(true));
                }
            } catch (RuntimeException | Error e) {
                // reported by the compile that needs it
            }
        });
    }
}
