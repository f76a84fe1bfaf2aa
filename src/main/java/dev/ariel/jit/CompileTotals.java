package dev.ariel.jit;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link JitTapeCompiler} has compiled and loaded, summed over its batches: counts, times
 * and the compile steps, for its {@code counters()} and {@code totals()}. Thread-safe.
 */
final class CompileTotals {
    private final LongAdder tapesCompiled = new LongAdder(), opsCompiled = new LongAdder(), modules = new LongAdder();
    private final LongAdder compileNanos = new LongAdder(), tapesLoaded = new LongAdder();
    // The compile steps summed over every batch, for reports that compare levels.
    private final LongAdder buildNanos = new LongAdder(), passNanos = new LongAdder(), codegenNanos = new LongAdder();
    private final LongAdder linkNanos = new LongAdder(), irBefore = new LongAdder(), irAfter = new LongAdder();
    private final LongAdder textBytes = new LongAdder(), objectBytes = new LongAdder();

    /** A module of {@code tapes} tapes and {@code ops} instructions was compiled and linked. */
    void compiled(int tapes, long ops, CompileStats s, long linkedNanos) {
        modules.increment();
        tapesCompiled.add(tapes);
        opsCompiled.add(ops);
        buildNanos.add(s.buildNanos());
        passNanos.add(s.passNanos());
        codegenNanos.add(s.codegenNanos());
        linkNanos.add(linkedNanos);
        irBefore.add(s.irInstructionsBefore());
        irAfter.add(s.irInstructionsAfter());
        textBytes.add(s.textBytes());
        objectBytes.add(s.objectBytes());
    }

    /** {@code tapes} tapes were served from disk. */
    void loaded(int tapes, long linkedNanos) {
        tapesLoaded.add(tapes);
        linkNanos.add(linkedNanos);
    }

    /** Time a compile thread spent on a batch it compiled. */
    void compileTime(long nanos) {
        compileNanos.add(nanos);
    }

    /** The compile steps summed (min/max counts are left at 0). */
    CompileStats steps() {
        return new CompileStats(buildNanos.sum(), passNanos.sum(), codegenNanos.sum(), linkNanos.sum(),
                (int) Math.min(Integer.MAX_VALUE, irBefore.sum()), (int) Math.min(Integer.MAX_VALUE, irAfter.sum()),
                objectBytes.sum(), textBytes.sum(), 0, 0);
    }

    /** The counters, with the table's hits, evictions and loaded bytes. */
    dev.ariel.eval.TapeCompiler.Counters counters(FunctionTable table) {
        return new dev.ariel.eval.TapeCompiler.Counters(tapesCompiled.sum(), opsCompiled.sum(), modules.sum(),
                compileNanos.sum(), table.hits(), table.evictions(), table.codeBytes(), tapesLoaded.sum());
    }
}
