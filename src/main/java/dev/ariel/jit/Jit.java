package dev.ariel.jit;

import static org.bytedeco.llvm.global.LLVM.LLVMCreateMemoryBufferWithMemoryRangeCopy;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcCreateLLJIT;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcExecutionSessionGetSymbolStringPool;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcExecutionSessionSetErrorReporter;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcJITDylibAddGenerator;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcJITDylibCreateResourceTracker;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcLLJITAddObjectFileWithRT;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcLLJITGetExecutionSession;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcLLJITGetGlobalPrefix;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcLLJITGetMainJITDylib;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcLLJITLookup;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcReleaseResourceTracker;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcResourceTrackerRemove;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcSymbolStringPoolClearDeadEntries;

import dev.ariel.eval.MinMaxFacts;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.Llvm;
import dev.ariel.llvm.LlvmException;
import dev.ariel.tape.SsaTape;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMErrorRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMOrcErrorReporterFunction;
import org.bytedeco.llvm.LLVM.LLVMOrcDefinitionGeneratorRef;
import org.bytedeco.llvm.LLVM.LLVMOrcJITDylibRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITRef;
import org.bytedeco.llvm.LLVM.LLVMOrcResourceTrackerRef;
import org.bytedeco.llvm.LLVM.LLVMOrcSymbolPredicate;

/**
 * The process's ORC LLJIT: links compiled kernels into memory, finds their entry points and
 * unloads them. One instance serves the whole process ({@link #shared()}) and lives as long as it.
 *
 * <p>Compiling (IR, passes, codegen) happens outside, in {@link KernelCompiler}, on the caller's
 * thread, so several threads compile at once. Only linking, lookup and removal go through this
 * object, under one lock: an LLJIT shared by threads that add and look up at once crashed here
 * (see {@code ../shared/notes/llvm-javacpp-facts.md}), and linking is a small part of the cost.
 *
 * <p>Symbols that generated code calls but does not define ({@code fmodf} for {@code mod}, and any
 * library call LLVM's codegen introduces) resolve against the libraries loaded in this process.
 * A symbol that resolves nowhere fails the lookup with an {@link LlvmException}, before any
 * code runs.
 */
public final class Jit {
    private static volatile Jit shared;

    private final ReentrantLock lock = new ReentrantLock();
    private final LLVMOrcLLJITRef jit;
    private final LLVMOrcJITDylibRef main;
    private final HostTarget host;
    private final AtomicLong symbols = new AtomicLong();
    private long loaded;
    // Link errors (such as an undefined symbol) reach this reporter, not the failing lookup, which
    // only says "Failed to materialize symbols". Written and read under the lock. The field keeps
    // the callback reachable for as long as LLVM may call it.
    private final StringBuilder sessionErrors = new StringBuilder();
    private final LLVMOrcErrorReporterFunction reporter = new LLVMOrcErrorReporterFunction() {
        @Override
        public void call(Pointer context, LLVMErrorRef error) {
            String text = Llvm.consume(error);
            synchronized (sessionErrors) {
                if (!sessionErrors.isEmpty()) sessionErrors.append("; ");
                sessionErrors.append(text);
            }
        }
    };

    private Jit() {
        Llvm.initialize();
        host = HostTarget.host();
        LLVMOrcLLJITRef j = new LLVMOrcLLJITRef();
        // A null builder lets LLJIT pick its linker for the host (JITLink on x86-64 ELF).
        Llvm.check(LLVMOrcCreateLLJIT(j, null), "cannot create the LLVM JIT");
        jit = j;
        LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(jit), reporter, null);
        main = LLVMOrcLLJITGetMainJITDylib(jit);
        LLVMOrcDefinitionGeneratorRef generator = new LLVMOrcDefinitionGeneratorRef();
        Llvm.check(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(generator, LLVMOrcLLJITGetGlobalPrefix(jit),
                (LLVMOrcSymbolPredicate) null, null), "cannot let the JIT see this process's libraries");
        LLVMOrcJITDylibAddGenerator(main, generator); // the JITDylib owns it now
    }

    /** The process-wide JIT, created (and LLVM loaded) on first use. */
    public static Jit shared() {
        Jit j = shared;
        if (j == null) {
            synchronized (Jit.class) {
                j = shared;
                if (j == null) shared = j = new Jit();
            }
        }
        return j;
    }

    /** The host the JIT's code runs on. */
    public HostTarget host() {
        return host;
    }

    /** Compiles {@code tape} for a box whose min/max {@code facts} were proved, and loads it. */
    public CompiledKernel compile(SsaTape tape, MinMaxFacts facts, CompileOptions options) {
        if (tape.length() > options.maxOps()) {
            throw new IllegalArgumentException("the tape has " + tape.length() + " instructions, over the compile budget of "
                    + options.maxOps());
        }
        String symbol = "ariel_kernel_" + symbols.incrementAndGet();
        return load(KernelCompiler.compile(tape, facts, options, host, symbol));
    }

    /** Links {@code object} into the JIT and returns its callable row function. */
    public CompiledKernel load(KernelCompiler.CompiledObject object) {
        byte[] bytes = object.code().bytes();
        long t0 = System.nanoTime();
        lock.lock();
        try {
            LLVMOrcResourceTrackerRef tracker = LLVMOrcJITDylibCreateResourceTracker(main);
            try {
                LLVMMemoryBufferRef buffer;
                try (BytePointer data = new BytePointer(bytes); BytePointer name = new BytePointer(object.symbol())) {
                    buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, bytes.length, name);
                }
                // The JIT owns the buffer from here, whether or not adding succeeds.
                Llvm.check(LLVMOrcLLJITAddObjectFileWithRT(jit, tracker, buffer), "cannot link " + object.symbol());
                long address;
                try (LongPointer result = new LongPointer(1)) {
                    LLVMErrorRef error = LLVMOrcLLJITLookup(jit, result, object.symbol());
                    String linkErrors = takeSessionErrors();
                    Llvm.check(error, "cannot link " + object.symbol() + (linkErrors.isEmpty() ? "" : " (" + linkErrors + ")"));
                    address = result.get();
                }
                if (address == 0) throw new LlvmException("the JIT gave " + object.symbol() + " address 0");
                loaded++;
                CompileStats s = object.stats();
                CompileStats stats = new CompileStats(s.buildNanos(), s.passNanos(), s.codegenNanos(), System.nanoTime() - t0,
                        s.irInstructionsBefore(), s.irInstructionsAfter(), s.objectBytes(), s.textBytes(), s.minMax(),
                        s.hardwareMinMax());
                return new CompiledKernel(this, tracker, object.symbol(), address, stats);
            } catch (RuntimeException | Error e) {
                removeLocked(tracker, false);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private String takeSessionErrors() {
        synchronized (sessionErrors) {
            String s = sessionErrors.toString();
            sessionErrors.setLength(0);
            return s;
        }
    }

    /** Looks {@code symbol} up; for tests that check that unloaded code is really gone. */
    public long lookup(String symbol) {
        lock.lock();
        try (LongPointer result = new LongPointer(1)) {
            LLVMErrorRef error = LLVMOrcLLJITLookup(jit, result, symbol);
            takeSessionErrors();
            Llvm.check(error, "cannot find " + symbol);
            return result.get();
        } finally {
            lock.unlock();
        }
    }

    /** How many kernels are loaded now. */
    public long loadedKernels() {
        lock.lock();
        try {
            return loaded;
        } finally {
            lock.unlock();
        }
    }

    void unload(LLVMOrcResourceTrackerRef tracker) {
        lock.lock();
        try {
            removeLocked(tracker, true);
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(LLVMOrcResourceTrackerRef tracker, boolean wasLoaded) {
        try {
            Llvm.check(LLVMOrcResourceTrackerRemove(tracker), "cannot unload compiled code");
        } finally {
            LLVMOrcReleaseResourceTracker(tracker);
            LLVMOrcSymbolStringPoolClearDeadEntries(LLVMOrcExecutionSessionGetSymbolStringPool(LLVMOrcLLJITGetExecutionSession(jit)));
            if (wasLoaded) loaded--;
        }
    }
}
