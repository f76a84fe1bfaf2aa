package dev.ariel.cli;

import dev.ariel.jit.CompileOptions;
import dev.ariel.llvm.OptLevel;
import dev.ariel.llvm.OptLevel.CodegenLevel;
import picocli.CommandLine.Option;

/** How the JIT compiles: the options {@code render} and {@code info} share. */
final class JitOptions {
    /** With no flags: the library's default (O1's IR passes, codegen level none). */
    static final CompileOptions DEFAULT = dev.ariel.wiring.RenderSettings.DEFAULT_COMPILE;

    @Option(names = "-O", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = {"JIT optimization level 0-3, as clang's -O0..-O3: it sets both the IR passes and the",
                "codegen level (default, with neither -O nor --codegen: -O1 --codegen none, which",
                "renders one frame soonest)."})
    OptLevel level;

    @Option(names = "--codegen", paramLabel = "LEVEL", converter = CodegenConverter.class,
            description = "Override the codegen level alone: none, less, default or aggressive.")
    CodegenLevel codegen;

    @Option(names = "--jit-max-ops", paramLabel = "N",
            description = "Compile budget: a model with more instructions is interpreted instead (default: "
                    + CompileOptions.DEFAULT_MAX_OPS + ").")
    int maxOps = CompileOptions.DEFAULT_MAX_OPS;

    CompileOptions compileOptions() {
        CompileOptions o = level != null ? CompileOptions.of(level) : DEFAULT;
        if (codegen != null) o = o.withCodegen(codegen);
        return o.withMaxOps(Math.max(1, maxOps));
    }

    static final class LevelConverter extends Converters.Parsing<OptLevel> {
        LevelConverter() {
            super(OptLevel::parse);
        }
    }

    static final class CodegenConverter extends Converters.Parsing<CodegenLevel> {
        CodegenConverter() {
            super(CodegenLevel::parse);
        }
    }
}
