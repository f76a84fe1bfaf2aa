package dev.ariel.jit;

/**
 * What compiling one kernel cost and produced.
 *
 * @param buildNanos building and verifying the IR
 * @param passNanos the IR pass pipeline
 * @param codegenNanos generating the object file (instruction selection, register allocation)
 * @param linkNanos linking it into the JIT and looking up the symbol
 * @param irInstructionsBefore IR instructions before the passes
 * @param irInstructionsAfter IR instructions after the passes
 * @param objectBytes the object file's size
 * @param textBytes the machine code's size (its executable sections)
 * @param minMax the tape's min/max instructions
 * @param hardwareMinMax how many of them compiled to a single hardware min/max
 */
public record CompileStats(long buildNanos, long passNanos, long codegenNanos, long linkNanos,
        int irInstructionsBefore, int irInstructionsAfter, long objectBytes, long textBytes,
        int minMax, int hardwareMinMax) {
    /** The whole compile, from tape to callable code. */
    public long totalNanos() {
        return buildNanos + passNanos + codegenNanos + linkNanos;
    }

    /** A copy with another link time. */
    public CompileStats withLinkNanos(long nanos) {
        return new CompileStats(buildNanos, passNanos, codegenNanos, nanos, irInstructionsBefore, irInstructionsAfter,
                objectBytes, textBytes, minMax, hardwareMinMax);
    }

    /** The statistics of code that was not compiled here but read back: only its sizes. */
    public static CompileStats loaded(dev.ariel.llvm.ObjectCode code) {
        return new CompileStats(0, 0, 0, 0, 0, 0, code.bytes().length, code.textBytes(), 0, 0);
    }
}
