package dev.ariel.wiring;

import dev.ariel.render.Choices;
import java.util.List;
import java.util.Locale;

/** Which tiers render: the CLI's and the service's {@code --engine}. */
public enum EngineKind implements Choices.Choice {
    /** Interpret first and compile with LLVM what the cost model says will pay (the tiered engine). */
    AUTO,
    /** The Java interpreter only: never loads LLVM. */
    INTERP,
    /** Compile everything first (every compile-level tape, or the whole model by brute force). */
    JIT;

    /** The name as the CLI spells it: {@code auto}, {@code interp} or {@code jit}. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every engine's name, in the order the CLI lists them. */
    public static List<String> labels() {
        return List.of(AUTO.label(), INTERP.label(), JIT.label());
    }

    /** The engine named {@code value}; else an {@link IllegalArgumentException} listing the choices in one line. */
    public static EngineKind parse(String value) {
        for (EngineKind k : values()) {
            if (k.label().equals(value)) return k;
        }
        throw new IllegalArgumentException("unknown engine '" + value + "'; choose one of " + String.join(", ", labels()));
    }

    /**
     * Whether {@code failure} is LLVM failing, the one failure that {@link #INTERP} avoids; a caller
     * above the wiring asks here rather than naming {@code dev.ariel.llvm}.
     */
    public static boolean llvmFailed(Throwable failure) {
        return failure instanceof dev.ariel.llvm.LlvmException;
    }

    /** {@code auto, interp or jit}, for messages. */
    public static String choices() {
        return Choices.list(values());
    }
}
