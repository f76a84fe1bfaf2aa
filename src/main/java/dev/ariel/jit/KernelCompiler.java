package dev.ariel.jit;

import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.llvm.GradientIr;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.KernelIr;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a tape, or a batch of them, to machine code: IR build and verification, the IR pass
 * pipeline, and codegen into an object file, each step timed. Also shows the IR (before or after the passes) and the
 * assembly that the same steps produce. Thread-safe: every call uses its own LLVM context and
 * target machine, so compiles on different threads run in parallel.
 */
public final class KernelCompiler {
    private KernelCompiler() {}

    /** Where in the pipeline to show the IR. */
    public enum Stage {
        /** As emitted from the tape, verified. */
        BEFORE,
        /** After the {@code default<On>} pipeline. */
        AFTER
    }

    /**
     * An object file ready to link, with the compile's statistics so far.
     *
     * @param symbol the row function's symbol
     * @param code the object file
     * @param stats timings and sizes; {@link CompileStats#linkNanos()} is still 0
     * @param rowsFunction whether the object also exports {@code symbol + "_rows"}, as every
     *     object this class compiles does (see {@link KernelIr})
     */
    public record CompiledObject(String symbol, ObjectCode code, CompileStats stats, boolean rowsFunction) {
        /** An object that exports only the row function {@code symbol}. */
        public CompiledObject(String symbol, ObjectCode code, CompileStats stats) {
            this(symbol, code, stats, false);
        }
    }

    /**
     * One function of a compiled batch.
     *
     * @param name its symbol
     * @param ops the tape instructions it was compiled from
     * @param minMax the tape's min/max instructions
     * @param hardwareMinMax how many of them compiled to a single hardware min/max
     */
    public record Symbol(String name, int ops, int minMax, int hardwareMinMax) {}

    /**
     * An object file exporting one row function per kernel of a batch, ready to link as a unit.
     *
     * @param code the object file
     * @param symbols its functions, in the order the kernels were given
     * @param stats timings and sizes of the whole module; {@link CompileStats#linkNanos()} is still 0,
     *     and the min/max counts are summed over the functions
     */
    public record CompiledBatch(ObjectCode code, List<Symbol> symbols, CompileStats stats) {
        public CompiledBatch {
            symbols = List.copyOf(symbols);
            if (symbols.isEmpty()) throw new IllegalArgumentException("a batch needs at least one symbol");
        }

        /** Tape instructions summed over the functions. */
        public long ops() {
            long n = 0;
            for (Symbol s : symbols) n += s.ops();
            return n;
        }
    }

    /** Compiles {@code tape} for the host, specialised by {@code facts}, exporting {@code symbol}. */
    public static CompiledObject compile(SsaTape tape, MinMaxFacts facts, CompileOptions options, HostTarget host, String symbol) {
        CompiledBatch batch = compileBatch(List.of(new KernelIr.Kernel(tape, facts, symbol)), options, host);
        return new CompiledObject(symbol, batch.code(), batch.stats(), true);
    }

    /**
     * Compiles several kernels into one module and one object file. Fixed costs (a context, a
     * target machine, the pass pipeline's set-up, F32Math's helper functions, an object file and,
     * later, one link) are paid once per batch rather than once per tape.
     */
    public static CompiledBatch compileBatch(List<KernelIr.Kernel> kernels, CompileOptions options, HostTarget host) {
        for (KernelIr.Kernel k : kernels) {
            if (k.tape().length() > options.maxOps()) {
                throw new IllegalArgumentException(k.name() + " has " + k.tape().length()
                        + " instructions, over the compile budget of " + options.maxOps());
            }
        }
        long t0 = System.nanoTime();
        try (HostMachine machine = HostMachine.create(host, options.codegen());
                IrModule module = KernelIr.emit(kernels, machine, kernels.get(0).name())) {
            long t1 = System.nanoTime();
            List<Symbol> symbols = new ArrayList<>(kernels.size());
            int minMax = 0, hardware = 0;
            for (KernelIr.Kernel k : kernels) {
                Symbol s = new Symbol(k.name(), k.tape().length(), k.facts().minMaxCount(), k.facts().hardwareCount());
                symbols.add(s);
                minMax += s.minMax();
                hardware += s.hardwareMinMax();
            }
            Lowered lowered = lower(machine, module, options, t1 - t0, minMax, hardware);
            return new CompiledBatch(lowered.code(), symbols, lowered.stats());
        }
    }

    /**
     * Compiles the gradient kernel of {@code tape} (see {@link GradientIr}) for the host, exporting
     * {@code symbol}. Every min/max in it is exact, so its statistics count no hardware min/max.
     */
    public static CompiledObject compileGradient(SsaTape tape, CompileOptions options, HostTarget host, String symbol) {
        if (tape.length() > options.maxOps()) {
            throw new IllegalArgumentException(symbol + " has " + tape.length()
                    + " instructions, over the compile budget of " + options.maxOps());
        }
        long t0 = System.nanoTime();
        try (HostMachine machine = HostMachine.create(host, options.codegen());
                IrModule module = GradientIr.emit(tape, machine, symbol)) {
            Lowered lowered = lower(machine, module, options, System.nanoTime() - t0, 0, 0);
            return new CompiledObject(symbol, lowered.code(), lowered.stats(), false);
        }
    }

    private record Lowered(ObjectCode code, CompileStats stats) {}

    // The IR passes and codegen of a built module, timed after the build's irNanos.
    private static Lowered lower(HostMachine machine, IrModule module, CompileOptions options, long irNanos,
            int minMax, int hardware) {
        long t1 = System.nanoTime();
        int before = module.instructionCount();
        machine.runPasses(module, options.opt());
        int after = module.instructionCount();
        long t2 = System.nanoTime();
        ObjectCode code = machine.emitObject(module);
        long t3 = System.nanoTime();
        return new Lowered(code, new CompileStats(irNanos, t2 - t1, t3 - t2, 0, before, after,
                code.bytes().length, code.textBytes(), minMax, hardware));
    }

    /** The textual IR of {@code tape}'s kernel for {@code box}, at {@code stage}. */
    public static String ir(SsaTape tape, Box box, CompileOptions options, Stage stage) {
        return show(rowKernel(tape, box), options, stage == Stage.AFTER, (machine, module) -> module.text());
    }

    /** The textual IR of {@code tape}'s gradient kernel ({@link GradientIr}), at {@code stage}. */
    public static String gradientIr(SsaTape tape, CompileOptions options, Stage stage) {
        return show(machine -> GradientIr.emit(tape, machine, "ariel_gradient"), options, stage == Stage.AFTER,
                (machine, module) -> module.text());
    }

    /** The host assembly of {@code tape}'s kernel for {@code box}, after the passes and codegen. */
    public static String assembly(SsaTape tape, Box box, CompileOptions options) {
        return show(rowKernel(tape, box), options, true, HostMachine::emitAssembly);
    }

    private static java.util.function.Function<HostMachine, IrModule> rowKernel(SsaTape tape, Box box) {
        return machine -> KernelIr.emit(tape, MinMaxFacts.of(tape, box), machine, "ariel_kernel");
    }

    // Builds a kernel as a compile would (optionally through the passes) and renders it as text.
    private static String show(java.util.function.Function<HostMachine, IrModule> emit, CompileOptions options,
            boolean passes, java.util.function.BiFunction<HostMachine, IrModule, String> text) {
        try (HostMachine machine = HostMachine.create(HostTarget.host(), options.codegen());
                IrModule module = emit.apply(machine)) {
            if (passes) machine.runPasses(module, options.opt());
            return text.apply(machine, module);
        }
    }
}
