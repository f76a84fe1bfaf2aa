package dev.ariel.eval;

import dev.ariel.tape.Box;
import dev.ariel.tape.IntervalAnalysis;
import dev.ariel.tape.SsaTape;

/**
 * An execution tier, as fidget's {@code Function}: it yields each kind of evaluator for a tape.
 * The tile scheduler and the brute-force renderer know only this contract; the Java interpreter
 * ({@link JavaEngine}) and the LLVM tier ({@code dev.ariel.jit.JitBackend}) implement it. Backends
 * are thread-safe; the evaluators they make are not, so each thread asks for its own.
 *
 * <p>Kinds a backend does not specialise fall back to the interpreter's: the leaf-tile and
 * interval kinds below are the Java ones unless a backend overrides them. A compiling backend
 * also yields a {@link TapeCompiler}, which serves compiled leaf tiles below the compile level.
 * See {@link EvaluatorKind} for the kinds, including the one still to come (3D boxes).
 */
public interface Backend {
    /** The tier's name as the CLI spells it, such as {@code interp}. */
    String name();

    /** Whether this backend yields evaluators of {@code kind}. */
    default boolean supports(EvaluatorKind kind) {
        return kind.offered();
    }

    /** A new point evaluator for {@code tape}. */
    PointEvaluator pointEvaluator(SsaTape tape);

    /** A new row evaluator for {@code tape}, correct at any input (brute force). */
    default RowEvaluator rowEvaluator(SsaTape tape) {
        return rowEvaluator(tape, Box.EVERYTHING);
    }

    /**
     * A new row evaluator for {@code tape} that callers promise to ask only about inputs inside
     * {@code box}; a tier may use code that is only correct there (see {@link IntervalAnalysis}).
     */
    RowEvaluator rowEvaluator(SsaTape tape, Box box);

    /**
     * A new evaluator for the quadtree's leaf tiles, whose tape changes with every tile, for up to
     * {@code maxPoints} pixels a call (it grows if asked for more).
     */
    default TileEvaluator tileEvaluator(int maxPoints) {
        return new JavaTileEvaluator(maxPoints);
    }

    /**
     * A new gradient evaluator for {@code tape}: values and partial derivatives at points, for
     * the normals of 3D renders. It is the interpreter's unless a backend compiles its own.
     */
    default GradientEvaluator gradientEvaluator(SsaTape tape) {
        return new JavaGradientEvaluator(tape);
    }

    /** A new interval evaluator, with room for tapes of {@code capacity} instructions (it grows). */
    default IntervalEvaluator intervalEvaluator(int capacity) {
        return new IntervalEvaluator(capacity);
    }

    /**
     * The compiling contract of this tier, which serves tiles of a compile level with compiled
     * code, or null for a tier that does not compile tile tapes (the interpreter).
     */
    default TapeCompiler tapeCompiler() {
        return null;
    }
}
