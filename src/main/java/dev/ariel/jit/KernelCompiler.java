package dev.ariel.jit;

import dev.ariel.eval.Box;
import dev.ariel.eval.MinMaxFacts;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.KernelIr;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.tape.SsaTape;

/**
 * Takes a tape to machine code: IR build and verification, the IR pass pipeline, and codegen into
 * an object file, each step timed. Also shows the IR (before or after the passes) and the
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
     */
    public record CompiledObject(String symbol, ObjectCode code, CompileStats stats) {}

    /** Compiles {@code tape} for the host, specialised by {@code facts}, exporting {@code symbol}. */
    public static CompiledObject compile(SsaTape tape, MinMaxFacts facts, CompileOptions options, HostTarget host, String symbol) {
        long t0 = System.nanoTime();
        try (HostMachine machine = HostMachine.create(host, options.codegen());
                IrModule module = KernelIr.emit(tape, facts, machine, symbol)) {
            long t1 = System.nanoTime();
            int before = module.instructionCount();
            machine.runPasses(module, options.opt());
            int after = module.instructionCount();
            long t2 = System.nanoTime();
            ObjectCode code = machine.emitObject(module);
            long t3 = System.nanoTime();
            return new CompiledObject(symbol, code, new CompileStats(t1 - t0, t2 - t1, t3 - t2, 0, before, after,
                    code.bytes().length, code.textBytes(), facts.minMaxCount(), facts.hardwareCount()));
        }
    }

    /** The textual IR of {@code tape}'s kernel for {@code box}, at {@code stage}. */
    public static String ir(SsaTape tape, Box box, CompileOptions options, Stage stage) {
        return show(tape, box, options, stage == Stage.AFTER, (machine, module) -> module.text());
    }

    /** The host assembly of {@code tape}'s kernel for {@code box}, after the passes and codegen. */
    public static String assembly(SsaTape tape, Box box, CompileOptions options) {
        return show(tape, box, options, true, HostMachine::emitAssembly);
    }

    // Builds the kernel as a compile would (optionally through the passes) and renders it as text.
    private static String show(SsaTape tape, Box box, CompileOptions options, boolean passes,
            java.util.function.BiFunction<HostMachine, IrModule, String> text) {
        try (HostMachine machine = HostMachine.create(HostTarget.host(), options.codegen());
                IrModule module = KernelIr.emit(tape, MinMaxFacts.of(tape, box), machine, "ariel_kernel")) {
            if (passes) machine.runPasses(module, options.opt());
            return text.apply(machine, module);
        }
    }
}
