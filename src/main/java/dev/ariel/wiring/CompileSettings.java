package dev.ariel.wiring;

import dev.ariel.jit.CompileOptions;
import dev.ariel.llvm.OptLevel;
import dev.ariel.llvm.OptLevel.CodegenLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the JIT compiles, as a caller chooses it by name: an optimization level, a codegen level
 * and an op budget. It lets the CLI and other callers above the wiring say {@code -O2} or
 * {@code --codegen none} without naming a {@code jit} or {@code llvm} type; naming them, and so
 * loading LLVM, is left to the code that compiles.
 *
 * @param options the JIT's options these settings stand for
 */
public record CompileSettings(CompileOptions options) {

    /** The op budget with no {@code --jit-max-ops}: a model with more instructions is interpreted. */
    public static final int DEFAULT_MAX_OPS = CompileOptions.DEFAULT_MAX_OPS;

    /** An optimization level, 0 to 3 as clang's {@code -O0..-O3}, which sets both passes and codegen. */
    public record Level(OptLevel level) {
        /** Parses {@code O2} or {@code 2}; an {@link IllegalArgumentException} says what is accepted. */
        public static Level parse(String text) {
            return new Level(OptLevel.parse(text));
        }

        /** Every level, lowest first. */
        public static List<Level> all() {
            return java.util.Arrays.stream(OptLevel.values()).map(Level::new).toList();
        }
    }

    /** A codegen level alone: none, less, default or aggressive. */
    public record Codegen(CodegenLevel level) {
        /** Parses a codegen level's name; an {@link IllegalArgumentException} says what is accepted. */
        public static Codegen parse(String text) {
            return new Codegen(CodegenLevel.parse(text));
        }
    }

    /** The library's default: O1's IR passes with codegen level none (see {@link RenderSettings#DEFAULT_COMPILE}). */
    public static CompileSettings defaults() {
        return new CompileSettings(RenderSettings.DEFAULT_COMPILE);
    }

    /**
     * {@code level} (null: the default), then {@code codegen} over it (null: the level's own), with
     * a budget of {@code maxOps} instructions (at least 1).
     */
    public static CompileSettings of(Level level, Codegen codegen, int maxOps) {
        CompileOptions o = level != null ? CompileOptions.of(level.level()) : RenderSettings.DEFAULT_COMPILE;
        if (codegen != null) o = o.withCodegen(codegen.level());
        return new CompileSettings(o.withMaxOps(Math.max(1, maxOps)));
    }

    /**
     * Each level, then its variant with {@code codegen} (null: none), so a table reads O2, O2/none,
     * O3, ...; a variant that is its level's own codegen (O0/none is O0) is one entry.
     */
    public static List<CompileSettings> levels(List<Level> levels, Codegen codegen) {
        List<CompileSettings> all = new ArrayList<>();
        for (Level level : levels) {
            CompileOptions plain = CompileOptions.of(level.level());
            all.add(new CompileSettings(plain));
            if (codegen != null) all.add(new CompileSettings(plain.withCodegen(codegen.level())));
        }
        return distinct(all);
    }

    /** {@code settings} in order, each label once (the first of those that share it). */
    public static List<CompileSettings> distinct(List<CompileSettings> settings) {
        Map<String, CompileSettings> byLabel = new LinkedHashMap<>();
        for (CompileSettings s : settings) byLabel.putIfAbsent(s.label(), s);
        return List.copyOf(byLabel.values());
    }

    /** The label tables and file names use: {@code O2}, or {@code O2/none} for a codegen override. */
    public String label() {
        return options.label();
    }

    /** The op budget. */
    public int maxOps() {
        return options.maxOps();
    }
}
