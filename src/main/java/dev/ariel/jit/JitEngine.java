package dev.ariel.jit;

import dev.ariel.tape.Box;
import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LLVM JIT tier: compiles a whole tape into one vectorised row function and runs it.
 *
 * <p>Compiled kernels are cached by what decides their code: the tape's code key, the
 * min/max facts proved for the box (see {@link MinMaxFacts}), and the compile options. Threads
 * that ask for the same kernel at once wait for one compile. A tape over the options' op budget
 * is not compiled: the engine hands out the interpreter's evaluator instead
 * ({@link #compiles(SsaTape)} says which). {@link #close()} unloads every kernel the engine made.
 */
public final class JitEngine implements Backend, AutoCloseable {
    // The last tape and box asked for, and their key: a render asks once per thread for the same
    // pair, and the interval analysis behind the key need not run each time. Box.EVERYTHING admits
    // NaN by identity, so an equal box of infinities is a different box here.
    private record Recent(SsaTape tape, Box box, MinMaxFacts facts, FunctionKey key) {}

    private final CompileOptions options;
    private final ObjectLinker linker;
    private final java.util.concurrent.atomic.LongAdder compiled = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder loadedFromDisk = new java.util.concurrent.atomic.LongAdder();
    private final ConcurrentHashMap<FunctionKey, CompletableFuture<CompiledKernel>> kernels = new ConcurrentHashMap<>();
    // Gradient kernels, apart from the row kernels that kernelCount() counts; keyed without facts.
    private final ConcurrentHashMap<FunctionKey, CompletableFuture<CompiledKernel>> gradients = new ConcurrentHashMap<>();
    private static final String GRADIENT_FACTS = "gradient";
    private volatile Recent recent;

    private JitEngine(CompileOptions options, CodeCache.Settings disk) {
        this.options = options;
        this.linker = new ObjectLinker(disk);
    }

    /** An engine that compiles with {@code options}. Creating it does not load LLVM; the first compile does. */
    public static JitEngine of(CompileOptions options) {
        return new JitEngine(options, null);
    }

    /**
     * An engine that compiles with {@code options} and keeps its code in the disk cache at
     * {@code disk}: it links what an earlier process compiled instead of compiling it again.
     */
    public static JitEngine of(CompileOptions options, CodeCache.Settings disk) {
        return new JitEngine(options, disk);
    }

    /** Kernels this engine compiled. */
    public long compiledCount() {
        return compiled.sum();
    }

    /** Kernels this engine linked from the disk cache instead of compiling them. */
    public long loadedFromDiskCount() {
        return loadedFromDisk.sum();
    }

    /** What the disk cache has done for this engine, or null if it has none or never used it. */
    public CodeCache.Counters diskCounters() {
        return linker.diskCounters();
    }

    @Override
    public String name() {
        return "jit";
    }

    /** How this engine compiles. */
    public CompileOptions options() {
        return options;
    }

    /** Whether {@code tape} is within the compile budget, so that this engine runs it as native code. */
    public boolean compiles(SsaTape tape) {
        return tape.length() <= options.maxOps();
    }

    @Override
    public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
        return compiles(tape) ? kernel(tape, box) : JavaEngine.INSTANCE.rowEvaluator(tape, box);
    }

    /**
     * The compiled kernel for {@code tape} over {@code box}, compiling it unless this engine has
     * already; it stays loaded until {@link #close()}.
     */
    public CompiledKernel kernel(SsaTape tape, Box box) {
        Jit jit = Jit.shared();
        Recent r = recent;
        if (r == null || r.tape() != tape || !r.box().equals(box) || r.box().admitsNaN() != box.admitsNaN()) {
            MinMaxFacts f = MinMaxFacts.of(tape, box);
            recent = r = new Recent(tape, box, f, new FunctionKey(tape.codeKey(), f.key(), options, jit.host().floatLanes()));
        }
        MinMaxFacts facts = r.facts();
        FunctionKey key = r.key();
        return once(kernels, key, () -> compileOrLoad(jit, tape, facts, key));
    }

    /**
     * A gradient evaluator for {@code tape}: its compiled gradient kernel, compiled once per tape
     * and kept until {@link #close()}, or the interpreter's over the compile budget. With a disk
     * cache, gradient kernels are kept there as row kernels are, under the tape's code key and
     * the kind {@code gradient} in place of the facts: they cost several times a row kernel's
     * compile (four values per instruction are live, not one), so a later process links them.
     * They are compiled with {@link #gradientOptions()}.
     */
    @Override
    public GradientEvaluator gradientEvaluator(SsaTape tape) {
        if (!compiles(tape)) return JavaEngine.INSTANCE.gradientEvaluator(tape);
        Jit jit = Jit.shared();
        FunctionKey key = new FunctionKey(tape.codeKey(), GRADIENT_FACTS, gradientOptions(), jit.host().floatLanes());
        CompiledKernel kernel = once(gradients, key, () -> compileOrLoadGradient(jit, tape, key));
        return new JitGradientEvaluator(kernel);
    }

    /**
     * How gradient kernels are compiled: as this engine's options say, except that -O1's IR passes
     * become -O0's (the codegen level stays). On a gradient kernel, four times a row kernel's IR
     * and mostly selects, -O1's InstCombine and EarlyCSE cost 2.5-10× the -O0 compile
     * (colonnade.vm: about 560 against 210 ms) and bought no consistent speed in measurement
     * (bear.vm's kernel ran slower at -O1, colonnade.vm's within noise; {@code scripts/grad-costs});
     * -O2 and -O3 are kept, for those who ask for fast code at any compile cost.
     */
    public CompileOptions gradientOptions() {
        return options.opt() == OptLevel.O1 ? new CompileOptions(OptLevel.O0, options.codegen(), options.maxOps()) : options;
    }

    private CompiledKernel compileOrLoadGradient(Jit jit, SsaTape tape, FunctionKey key) {
        if (!linker.hasDisk()) {
            String symbol = jit.newSymbol("ariel_gradient_");
            KernelCompiler.CompiledObject object = KernelCompiler.compileGradient(tape, gradientOptions(), jit.host(), symbol);
            compiled.increment();
            return jit.link(null, object.code(), List.of(symbol), object.stats(), false).kernels().get(0);
        }
        List<ObjectLinker.Served> found = linker.loadFromDisk(jit, List.of(key), false);
        if (!found.isEmpty()) {
            if (found.get(0).linkedBytes() > 0) loadedFromDisk.increment();
            return found.get(0).kernels().get(0);
        }
        String id = CodeCache.newObjectId();
        String symbol = "ariel_" + id + "_g";
        KernelCompiler.CompiledObject object = KernelCompiler.compileGradient(tape, gradientOptions(), jit.host(), symbol);
        CompiledKernel k = linker.linkAndStore(jit, id, object.code(), List.of(symbol), List.of(key), object.stats(), false)
                .get(0);
        compiled.increment();
        return k;
    }

    // Compiles what `key` names once however many threads ask at once; a failure is not kept.
    private static CompiledKernel once(ConcurrentHashMap<FunctionKey, CompletableFuture<CompiledKernel>> map,
            FunctionKey key, java.util.function.Supplier<CompiledKernel> compile) {
        CompletableFuture<CompiledKernel> mine = new CompletableFuture<>();
        CompletableFuture<CompiledKernel> existing = map.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(compile.get());
            } catch (RuntimeException | Error e) {
                map.remove(key, mine); // a later call may try again
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error failure) throw failure;
            throw e;
        }
    }

    private CompiledKernel compileOrLoad(Jit jit, SsaTape tape, MinMaxFacts facts, FunctionKey key) {
        if (!linker.hasDisk()) {
            CompiledKernel k = jit.compile(tape, facts, options);
            compiled.increment();
            return k;
        }
        if (tape.length() > options.maxOps()) {
            throw new IllegalArgumentException("the tape has " + tape.length() + " instructions, over the compile budget of "
                    + options.maxOps());
        }
        List<ObjectLinker.Served> found = linker.loadFromDisk(jit, List.of(key));
        if (!found.isEmpty()) {
            if (found.get(0).linkedBytes() > 0) loadedFromDisk.increment();
            return found.get(0).kernels().get(0);
        }
        String id = CodeCache.newObjectId();
        String symbol = "ariel_" + id + "_0";
        KernelCompiler.CompiledObject object = KernelCompiler.compile(tape, facts, options, jit.host(), symbol);
        CompiledKernel k = linker.linkAndStore(jit, id, object.code(), List.of(symbol), List.of(key), object.stats()).get(0);
        compiled.increment();
        return k;
    }

    @Override
    public PointEvaluator pointEvaluator(SsaTape tape) {
        RowEvaluator row = rowEvaluator(tape);
        float[] in = new float[1];
        float[] out = new float[1];
        return (x, y, z) -> {
            in[0] = x;
            row.evaluate(in, 0, 1, y, z, out);
            return out[0];
        };
    }

    /** How many kernels this engine holds loaded. */
    public int kernelCount() {
        return kernels.size();
    }

    /**
     * Unloads every kernel this engine compiled, waiting for compiles still under way. Renders
     * using them must have finished. The engine stays usable: later calls compile afresh.
     */
    @Override
    public void close() {
        List<CompletableFuture<CompiledKernel>> all = new ArrayList<>(kernels.values());
        kernels.clear();
        all.addAll(gradients.values());
        gradients.clear();
        for (CompletableFuture<CompiledKernel> f : all) {
            try {
                f.join().close();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // a failed compile loaded nothing
            }
        }
    }
}
