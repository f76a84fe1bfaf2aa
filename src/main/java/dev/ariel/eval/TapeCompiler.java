package dev.ariel.eval;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.tape.Box;

import dev.ariel.tape.SsaTape;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A compiling tier as the tile scheduler sees it: it turns simplified tapes into row evaluators
 * in the background, and caches them by what decides their code, so that later frames of the same
 * or an overlapping view reuse them. Thread-safe.
 *
 * <p>Compiled code is only correct inside the box it was compiled for (see {@link MinMaxFacts}).
 * Code handed out by {@link #cached} stays loaded while the caller holds a {@link Lease}; eviction,
 * which keeps the cache's memory bounded, only unloads code that no lease can reach.
 */
public interface TapeCompiler extends AutoCloseable {
    /** The tier's name, such as {@code jit}. */
    String name();

    /** Whether this tier compiles {@code tape} at all (it may refuse tapes over an op budget). */
    boolean compiles(SsaTape tape);

    /**
     * Holds compiled code loaded until closed: renders take one for the length of a frame and
     * call only evaluators obtained while holding it.
     */
    Lease lease();

    /**
     * The compiled evaluator for {@code tape} over {@code box} if it is ready, else null. Never
     * compiles and never blocks on a compile. The caller must hold a {@link Lease}.
     */
    RowEvaluator cached(SsaTape tape, Box box);

    /**
     * Compiles every tape (each for its box) on background threads, batched into a few modules,
     * skipping those already cached or under way. The future completes when all are cached, or
     * exceptionally if a compile failed.
     */
    CompletableFuture<Void> compileAll(List<SsaTape> tapes, List<Box> boxes);

    /** Counters since this compiler was made. */
    Counters counters();

    /** Unloads everything, waiting for compiles under way. */
    @Override
    void close();

    /** A hold on compiled code; see {@link TapeCompiler#lease()}. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What a compiling tier has done.
     *
     * @param tapesCompiled functions compiled
     * @param opsCompiled tape instructions compiled, summed over those functions
     * @param modules modules (batches) compiled
     * @param compileNanos wall time spent compiling, summed over compiling threads
     * @param cacheHits {@link #cached} calls that found code
     * @param evictions functions unloaded to keep the cache within its bound
     * @param codeBytes machine code currently loaded
     * @param tapesLoaded functions linked from code a process compiled earlier (a disk cache), not compiled
     */
    record Counters(long tapesCompiled, long opsCompiled, long modules, long compileNanos, long cacheHits,
            long evictions, long codeBytes, long tapesLoaded) {}
}
