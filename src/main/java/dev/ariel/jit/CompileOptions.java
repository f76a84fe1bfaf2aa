package dev.ariel.jit;

import dev.ariel.llvm.OptLevel;
import dev.ariel.llvm.OptLevel.CodegenLevel;

/**
 * How to compile a tape: the IR pass pipeline, the codegen level, and a budget on the size of
 * one compiled function.
 *
 * @param opt the {@code default<On>} IR pipeline
 * @param codegen the codegen level ({@link OptLevel#codegen()} unless overridden)
 * @param maxOps the most tape instructions one function may hold; a larger tape is not compiled
 *     (the engine falls back to the interpreter), because codegen time grows with function size
 */
public record CompileOptions(OptLevel opt, CodegenLevel codegen, int maxOps) {
    /** The default budget: about 13 prospero.vm's, compiled in roughly a second or two here. */
    public static final int DEFAULT_MAX_OPS = 100_000;

    public CompileOptions {
        if (opt == null || codegen == null) throw new IllegalArgumentException("levels must be set");
        if (maxOps < 1) throw new IllegalArgumentException("maxOps must be at least 1, not " + maxOps);
    }

    /** {@code level}'s passes with its usual codegen level, as clang's {@code -O} sets both. */
    public static CompileOptions of(OptLevel level) {
        return new CompileOptions(level, level.codegen(), DEFAULT_MAX_OPS);
    }

    /** A copy with another codegen level. */
    public CompileOptions withCodegen(CodegenLevel c) {
        return new CompileOptions(opt, c, maxOps);
    }

    /** A copy with another budget. */
    public CompileOptions withMaxOps(int n) {
        return new CompileOptions(opt, codegen, n);
    }

    /** Such as {@code O2} or {@code O2/none} when the codegen level is not the usual one. */
    public String label() {
        return codegen == opt.codegen() ? opt.name() : opt.name() + "/" + codegen.text();
    }
}
