package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.LLVMCodeGenLevelAggressive;
import static org.bytedeco.llvm.global.LLVM.LLVMCodeGenLevelDefault;
import static org.bytedeco.llvm.global.LLVM.LLVMCodeGenLevelLess;
import static org.bytedeco.llvm.global.LLVM.LLVMCodeGenLevelNone;

/**
 * An optimization level as clang's {@code -O} means it: the {@code default<On>} IR pass pipeline
 * together with the matching codegen level.
 */
public enum OptLevel {
    O0, O1, O2, O3;

    /** The new pass manager's pipeline text for this level, such as {@code default<O2>}. */
    public String passPipeline() {
        return "default<" + name() + ">";
    }

    /** The codegen level clang pairs with this level. */
    public CodegenLevel codegen() {
        return switch (this) {
            case O0 -> CodegenLevel.NONE;
            case O1 -> CodegenLevel.LESS;
            case O2 -> CodegenLevel.DEFAULT;
            case O3 -> CodegenLevel.AGGRESSIVE;
        };
    }

    /** Parses {@code 0}..{@code 3} or {@code O0}..{@code O3}. */
    public static OptLevel parse(String text) {
        String t = text.startsWith("O") || text.startsWith("o") ? text.substring(1) : text;
        return switch (t) {
            case "0" -> O0;
            case "1" -> O1;
            case "2" -> O2;
            case "3" -> O3;
            default -> throw new IllegalArgumentException("optimization level must be 0, 1, 2 or 3, not '" + text + "'");
        };
    }

    /** LLVM's codegen optimization level, which decides instruction selection and register allocation effort. */
    public enum CodegenLevel {
        NONE(LLVMCodeGenLevelNone), LESS(LLVMCodeGenLevelLess), DEFAULT(LLVMCodeGenLevelDefault),
        AGGRESSIVE(LLVMCodeGenLevelAggressive);

        final int llvm;

        CodegenLevel(int llvm) {
            this.llvm = llvm;
        }

        /** The CLI's spelling: {@code none}, {@code less}, {@code default} or {@code aggressive}. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses the CLI's spelling. */
        public static CodegenLevel parse(String text) {
            for (CodegenLevel c : values()) {
                if (c.text().equals(text)) return c;
            }
            throw new IllegalArgumentException("codegen level must be none, less, default or aggressive, not '" + text + "'");
        }
    }
}
