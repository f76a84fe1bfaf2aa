package dev.ariel.jit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateMemoryBufferWithMemoryRangeCopy;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcCreateLLJIT;
import static org.bytedeco.llvm.global.LLVM.LLVMOrcExecutionSessionGetSymbolStringPool;
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

import dev.ariel.tape.MinMaxFacts;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.KernelIr;
import dev.ariel.llvm.Llvm;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.tape.SsaTape;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.llvm.LLVM.LLVMErrorRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
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
 *
 * <p>Long runs: PostgreSQL's llvmjit reuses one LLVMContext for 100 compiles and then recreates it,
 * because types and constants pile up in a context. Ariel never reuses one: each compile builds its
 * module in a fresh context, which {@link KernelCompiler} disposes of after codegen, so only object
 * bytes reach this JIT. The LLJIT itself lives as long as the process, as PostgreSQL's do; like
 * PostgreSQL, each unload removes its resource tracker and then clears the symbol string pool's dead
 * entries. Measured: 20,000 links and unloads of one 40-symbol object left live malloc memory and
 * RSS flat ({@code Soak --link-only}), so the session does not grow per object and is not
 * recreated. What did grow, glibc's arenas keeping what compiles free, {@link NativeHeap} handles.
 */
public final class Jit {
    private static volatile Jit shared;

    private final ReentrantLock lock = new ReentrantLock();
    private final LLVMOrcLLJITRef jit;
    private final LLVMOrcJITDylibRef main;
    private final HostTarget host;
    private final AtomicLong symbols = new AtomicLong();
    private long loaded;
    // Objects linked under an id, so that each is linked once however many callers want it.
    private final java.util.HashMap<String, Code> objects = new java.util.HashMap<>();
    // Link errors (such as an undefined symbol) reach the session's error reporter, not the failing
    // lookup, which only says "Failed to materialize symbols". Written and read under the lock.
    private final StringBuilder sessionErrors = new StringBuilder();

    private Jit() {
        Llvm.requireNativeAccess(); // before NativeHeap's downcalls, which would warn first
        NativeHeap.tune(); // before the first compile: see NativeHeap
        Llvm.initialize();
        host = HostTarget.host();
        LLVMOrcLLJITRef j = new LLVMOrcLLJITRef();
        // A null builder lets LLJIT pick its linker for the host (JITLink on x86-64 ELF).
        Llvm.check(LLVMOrcCreateLLJIT(j, null), "cannot create the LLVM JIT");
        jit = j;
        installErrorReporter();
        main = LLVMOrcLLJITGetMainJITDylib(jit);
        LLVMOrcDefinitionGeneratorRef generator = new LLVMOrcDefinitionGeneratorRef();
        Llvm.check(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(generator, LLVMOrcLLJITGetGlobalPrefix(jit),
                (LLVMOrcSymbolPredicate) null, null), "cannot let the JIT see this process's libraries");
        LLVMOrcJITDylibAddGenerator(main, generator); // the JITDylib owns it now
    }

    /*
     * LLVM hands session errors to a C callback. It is an FFM upcall, set with an FFM downcall,
     * rather than a JavaCPP FunctionPointer: JavaCPP's JNI thunk for a callback makes a JNI call
     * while an exception check is pending after calling into Java, which -Xcheck:jni reports (the
     * only warning it gave over the whole test suite), and an upcall involves no JNI at all. The
     * stub lives in the global arena: this JIT, and so its session, lives as long as the process.
     */
    private void installErrorReporter() {
        Linker linker = Linker.nativeLinker();
        MemorySegment setter = SymbolLookup.loaderLookup().find("LLVMOrcExecutionSessionSetErrorReporter")
                .orElseThrow(() -> new LlvmException("the loaded libLLVM has no LLVMOrcExecutionSessionSetErrorReporter"));
        try {
            MethodHandle report = MethodHandles.lookup().findVirtual(Jit.class, "report",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
            MemorySegment stub = linker.upcallStub(report, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), Arena.global());
            MemorySegment session = MemorySegment.ofAddress(LLVMOrcLLJITGetExecutionSession(jit).address());
            linker.downcallHandle(setter, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS))
                    .invokeExact(session, stub, MemorySegment.NULL);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LlvmException("cannot install the JIT's error reporter: " + t, t);
        }
    }

    // Called by LLVM, on the thread whose lookup or link failed, with an error it hands over to be
    // consumed. It must not throw: an exception escaping an upcall ends the JVM.
    private void report(MemorySegment context, MemorySegment error) {
        String text;
        try {
            text = Llvm.consume(Llvm.errorAt(error.address()));
        } catch (Throwable t) {
            text = "an LLVM error whose message could not be read (" + t + ")";
        }
        synchronized (sessionErrors) {
            if (!sessionErrors.isEmpty()) sessionErrors.append("; ");
            sessionErrors.append(text);
        }
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

    /** How many kernels the process-wide JIT holds, or -1 if it was never started (LLVM not loaded). */
    public static long kernelsHeldIfStarted() {
        Jit j = shared;
        return j == null ? -1 : j.loadedKernels();
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
        return load(KernelCompiler.compile(tape, facts, options, host, newSymbol("ariel_kernel_")));
    }

    /** A symbol no other code in this JIT has or will have: {@code prefix} and a process-wide counter. */
    String newSymbol(String prefix) {
        return prefix + symbols.incrementAndGet();
    }

    /** Links {@code object} into the JIT and returns its callable row function. */
    public CompiledKernel load(KernelCompiler.CompiledObject object) {
        CompileStats s = object.stats();
        KernelCompiler.Symbol symbol = new KernelCompiler.Symbol(object.symbol(), 0, s.minMax(), s.hardwareMinMax());
        return link(null, object.code(), List.of(symbol.name()), s, object.rowsFunction()).kernels().get(0);
    }

    /**
     * Links a batch's object file into the JIT under one resource tracker and returns its row
     * functions in the batch's order. They share that tracker, so the batch's code is unloaded
     * when the last of them is closed. If any symbol fails to link, nothing of the batch stays
     * loaded.
     */
    public List<CompiledKernel> loadBatch(KernelCompiler.CompiledBatch batch) {
        List<String> names = new ArrayList<>();
        for (KernelCompiler.Symbol s : batch.symbols()) names.add(s.name());
        return link(null, batch.code(), names, batch.stats(), true).kernels();
    }

    /**
     * Kernels linked by {@link #link}: the functions asked for, and whether this call linked the
     * object (false when it was linked already and the kernels share its code).
     */
    public record Linked(List<CompiledKernel> kernels, boolean linkedNow) {}

    /**
     * The functions {@code symbols} of object {@code id} if that object is linked now, sharing
     * its code; else null. An object stays linked while any kernel handed out for it is open.
     */
    public List<CompiledKernel> linked(String id, List<String> symbols) {
        lock.lock();
        try {
            Code code = objects.get(id);
            return code == null ? null : kernelsLocked(code, symbols, code.stats);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Links object {@code object} under one resource tracker, known by {@code id} (or by nothing,
     * if id is null), unless an object of that id is linked already, and returns the functions
     * {@code symbols} in that order. Objects are named so that one object is linked at most once
     * at a time: its symbols would clash with themselves. If any symbol fails to link, nothing of
     * the object stays loaded. With {@code rowsFunctions}, each symbol's {@code _rows} function
     * (see {@link KernelIr}) is linked too, and the kernels call it for several rows at once.
     */
    public Linked link(String id, ObjectCode object, List<String> symbols, CompileStats stats, boolean rowsFunctions) {
        if (symbols.isEmpty()) throw new IllegalArgumentException("link at least one symbol");
        byte[] bytes = object.bytes();
        String unit = symbols.get(0) + (symbols.size() > 1 ? " and " + (symbols.size() - 1) + " more" : "");
        long t0 = System.nanoTime();
        lock.lock();
        try {
            if (id != null) {
                Code existing = objects.get(id);
                if (existing != null) return new Linked(kernelsLocked(existing, symbols, existing.stats), false);
            }
            LLVMOrcResourceTrackerRef tracker = LLVMOrcJITDylibCreateResourceTracker(main);
            Code code;
            try {
                LLVMMemoryBufferRef buffer;
                try (BytePointer data = new BytePointer(bytes); BytePointer name = new BytePointer(symbols.get(0))) {
                    buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, bytes.length, name);
                }
                // The JIT owns the buffer from here, whether or not adding succeeds.
                Llvm.check(LLVMOrcLLJITAddObjectFileWithRT(jit, tracker, buffer), "cannot link " + unit);
                CompileStats s = stats;
                code = new Code(this, id, tracker, rowsFunctions, new CompileStats(s.buildNanos(), s.passNanos(), s.codegenNanos(), 0,
                        s.irInstructionsBefore(), s.irInstructionsAfter(), s.objectBytes(), s.textBytes(), s.minMax(),
                        s.hardwareMinMax()));
                // The first lookup links the whole object; the others only read the symbol table.
                lookupLocked(symbols.get(0));
                code.stats = code.stats.withLinkNanos(System.nanoTime() - t0);
                List<CompiledKernel> kernels = kernelsLocked(code, symbols, code.stats);
                if (id != null) objects.put(id, code);
                return new Linked(kernels, true);
            } catch (RuntimeException | Error e) {
                removeLocked(tracker, 0); // no kernel was handed out: lookups come before any
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    // Looks each symbol up and hands out a kernel for it on `code`, which counts them.
    private List<CompiledKernel> kernelsLocked(Code code, List<String> symbols, CompileStats stats) {
        long[] addresses = new long[symbols.size()];
        long[] rows = new long[symbols.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = lookupLocked(symbols.get(i));
            // Every kernel KernelIr emits has a rows function; objects made otherwise (tests) may not.
            rows[i] = code.hasRows ? lookupLocked(symbols.get(i) + KernelIr.ROWS_SUFFIX) : 0;
        }
        List<CompiledKernel> kernels = new ArrayList<>(symbols.size());
        for (int i = 0; i < addresses.length; i++) {
            code.open++;
            loaded++;
            kernels.add(new CompiledKernel(code, symbols.get(i), addresses[i], rows[i], stats));
        }
        return kernels;
    }

    private long lookupLocked(String name) {
        try (LongPointer result = new LongPointer(1)) {
            LLVMErrorRef error = LLVMOrcLLJITLookup(jit, result, name);
            String linkErrors = takeSessionErrors();
            Llvm.check(error, "cannot link " + name + (linkErrors.isEmpty() ? "" : " (" + linkErrors + ")"));
            long address = result.get();
            if (address == 0) throw new LlvmException("the JIT gave " + name + " address 0");
            return address;
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

    // One kernel is done with `code`; the last one unloads it. Under the lock, so that link()
    // never finds an object in `objects` whose code is on its way out.
    private void release(Code code) {
        lock.lock();
        try {
            loaded--;
            if (--code.open > 0) return;
            removeLocked(code);
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(Code code) {
        if (code.id != null) objects.remove(code.id, code);
        loaded -= code.open;
        code.open = 0;
        removeLocked(code.tracker, 0);
    }

    private void removeLocked(LLVMOrcResourceTrackerRef tracker, int kernels) {
        try {
            Llvm.check(LLVMOrcResourceTrackerRemove(tracker), "cannot unload compiled code");
        } finally {
            LLVMOrcReleaseResourceTracker(tracker);
            LLVMOrcSymbolStringPoolClearDeadEntries(LLVMOrcExecutionSessionGetSymbolStringPool(LLVMOrcLLJITGetExecutionSession(jit)));
            loaded -= kernels;
        }
    }

    /**
     * The code of one linked object, shared by the kernels handed out for it: unloaded once all
     * of them are closed, so that closing one kernel of a batch never pulls code from under the
     * others. Its fields are guarded by the JIT's lock.
     */
    static final class Code {
        private final Jit jit;
        private final String id;
        private final LLVMOrcResourceTrackerRef tracker;
        private final boolean hasRows;
        private CompileStats stats;
        private int open;

        private Code(Jit jit, String id, LLVMOrcResourceTrackerRef tracker, boolean hasRows, CompileStats stats) {
            this.jit = jit;
            this.hasRows = hasRows;
            this.id = id;
            this.tracker = tracker;
            this.stats = stats;
        }

        /** One kernel is done with the code; the last one unloads it. Each kernel calls this once. */
        void release() {
            jit.release(this);
        }
    }
}
