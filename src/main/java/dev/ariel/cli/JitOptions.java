package dev.ariel.cli;

import dev.ariel.wiring.CompileSettings;
import picocli.CommandLine.Option;

/** How the JIT compiles: the options {@code render} and {@code info} share. */
final class JitOptions {
    @Option(names = "-O", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "JIT optimization level 0-3, as clang's -O0..-O3: it sets both the IR passes and the "
                    + "codegen level (default, with neither -O nor --codegen: -O1 --codegen none, which renders "
                    + "one frame soonest).")
    CompileSettings.Level level;

    @Option(names = "--codegen", paramLabel = "LEVEL", converter = CodegenConverter.class,
            description = "Override the codegen level alone, whatever -O says: none, less, default or aggressive.")
    CompileSettings.Codegen codegen;

    @Option(names = "--jit-max-ops", paramLabel = "N", converter = BudgetConverter.class,
            description = "Compile budget: a model with more instructions is interpreted instead (default: "
                    + CompileSettings.DEFAULT_MAX_OPS + ").")
    int maxOps = CompileSettings.DEFAULT_MAX_OPS;

    CompileSettings compileSettings() {
        return CompileSettings.of(level, codegen, maxOps);
    }

    static final class LevelConverter extends Converters.Parsing<CompileSettings.Level> {
        @Override
        CompileSettings.Level parse(String value) {
            return CompileSettings.Level.parse(value);
        }
    }

    // A budget below one instruction would mean "interpret everything" in one command and was
    // clamped to 1 in another: it is a usage error everywhere instead.
    static final class BudgetConverter extends Converters.Parsing<Integer> {
        @Override
        Integer parse(String text) {
            int n;
            try {
                n = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number of instructions");
            }
            if (n < 1) throw new IllegalArgumentException("the JIT's budget must be at least 1 instruction, not " + n);
            return n;
        }
    }

    static final class CodegenConverter extends Converters.Parsing<CompileSettings.Codegen> {
        @Override
        CompileSettings.Codegen parse(String value) {
            return CompileSettings.Codegen.parse(value);
        }
    }
}
