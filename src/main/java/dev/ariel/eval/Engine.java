package dev.ariel.eval;
import dev.ariel.tape.IntervalAnalysis;
import dev.ariel.tape.Box;

import dev.ariel.tape.SsaTape;

/**
 * An execution tier: makes evaluators for a tape. Engines are thread-safe; the evaluators they
 * make are not, so each thread asks for its own.
 */
public interface Engine {
    /** The tier's name as the CLI spells it, such as {@code interp}. */
    String name();

    /** A new row evaluator for {@code tape}, correct at any input. */
    default RowEvaluator rowEvaluator(SsaTape tape) {
        return rowEvaluator(tape, Box.EVERYTHING);
    }

    /**
     * A new row evaluator for {@code tape} that callers promise to ask only about inputs inside
     * {@code box}; a tier may use code that is only correct there (see {@link IntervalAnalysis}).
     */
    RowEvaluator rowEvaluator(SsaTape tape, Box box);

    /** A new point evaluator for {@code tape}. */
    PointEvaluator pointEvaluator(SsaTape tape);
}
