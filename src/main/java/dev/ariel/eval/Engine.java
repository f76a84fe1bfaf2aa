package dev.ariel.eval;

import dev.ariel.tape.SsaTape;

/**
 * An execution tier: makes evaluators for a tape. Engines are thread-safe; the evaluators they
 * make are not, so each thread asks for its own.
 */
public interface Engine {
    /** The tier's name as the CLI spells it, such as {@code interp}. */
    String name();

    /** A new row evaluator for {@code tape}. */
    RowEvaluator rowEvaluator(SsaTape tape);

    /** A new point evaluator for {@code tape}. */
    PointEvaluator pointEvaluator(SsaTape tape);
}
