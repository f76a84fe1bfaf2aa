package dev.ariel.volume;

import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;

/**
 * Whether the octree runs a compile-level box's leaves on compiled code: never, always (the tape
 * is compiled before its leaves run, as {@code --engine jit} does), or as a {@link Decider} the
 * wiring supplies says. Immutable.
 */
public final class CompilePolicy {
    /** Asked once per undecided compile-level box; answers whether compiling its tape pays. */
    public interface Decider {
        /**
         * Whether to compile {@code tape} for {@code box} before running the box's leaves.
         *
         * @param columns columns of the box that have no height yet
         * @param slices slices of the box
         */
        boolean compile(SsaTape tape, Box box, int columns, int slices);
    }

    /** Interpret every leaf. */
    public static final CompilePolicy NONE = new CompilePolicy("none", null);
    /** Compile every undecided compile-level box's tape before its leaves run. */
    public static final CompilePolicy ALWAYS = new CompilePolicy("always", null);

    private final String name;
    private final Decider decider;

    private CompilePolicy(String name, Decider decider) {
        this.name = name;
        this.decider = decider;
    }

    /** A policy that compiles where {@code decider} says so. */
    public static CompilePolicy auto(Decider decider) {
        if (decider == null) throw new IllegalArgumentException("auto needs a decider");
        return new CompilePolicy("auto", decider);
    }

    /** Whether this policy ever compiles. */
    public boolean compiles() {
        return this != NONE;
    }

    /** Whether to compile {@code tape} for this box. */
    boolean compile(SsaTape tape, Box box, int columns, int slices) {
        if (this == NONE) return false;
        return decider == null || decider.compile(tape, box, columns, slices);
    }

    @Override
    public String toString() {
        return name;
    }
}
