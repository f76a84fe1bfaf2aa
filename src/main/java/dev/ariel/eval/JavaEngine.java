package dev.ariel.eval;
import dev.ariel.tape.Box;

import dev.ariel.tape.SsaTape;

/** Tier 0: the Java interpreter, and the oracle that compiled tiers are tested against. */
public final class JavaEngine implements Engine {
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
