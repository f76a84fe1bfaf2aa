package dev.ariel.eval;
import dev.ariel.tape.Box;

import dev.ariel.tape.SsaTape;

/**
 * Tier 0, the Java interpreter: the backend that needs no native code, and the oracle that
 * compiled tiers are tested against. It keeps the name {@code JavaEngine} (not {@code JavaBackend})
 * because seven branches in flight and the benchmarks call it by that name.
 */
public final class JavaEngine implements Backend {
    /** The only instance; it holds no state. */
    public static final JavaEngine INSTANCE = new JavaEngine();

    private JavaEngine() {}

    @Override
    public String name() {
        return "interp";
    }

    @Override
    public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
        return new JavaRowEvaluator(tape, box);
    }

    @Override
    public PointEvaluator pointEvaluator(SsaTape tape) {
        return new JavaPointEvaluator(tape);
    }
}
