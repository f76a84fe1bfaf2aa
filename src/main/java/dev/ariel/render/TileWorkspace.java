package dev.ariel.render;

import dev.ariel.eval.Backend;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.TileEvaluator;
import dev.ariel.tape.PrunedTape;
import java.util.Arrays;

/**
 * One render thread's reusable buffers: per level an interval evaluator, a tape, and the boxes of
 * the children being bounded; the leaf evaluator and its output. Made from a backend's evaluator
 * kinds, and kept per thread between frames, so a frame allocates nothing at the leaves.
 */
final class TileWorkspace {
    private static final ThreadLocal<TileWorkspace> CURRENT = new ThreadLocal<>();

    final Backend backend;
    final IntervalEvaluator rootIntervals;
    final IntervalEvaluator[] intervals;
    final PrunedTape[] levels;
    final int[][] tx;
    final int[][] ty;
    final float[][] bx0, bx1, by0, by1;
    final TileEvaluator interpreter;
    final float[] out;
    final long[] hash = new long[2];
    final int leaf;
    // The tally of the frame whose task this thread runs now. A thread that waits for its
    // subtasks may run another frame's task meanwhile, so each task sets it afresh.
    Tally tally;

    private TileWorkspace(Backend backend, int capacity, int levelCount, int leaf) {
        this.backend = backend;
        this.leaf = leaf;
        rootIntervals = backend.intervalEvaluator(capacity);
        intervals = new IntervalEvaluator[levelCount];
        levels = new PrunedTape[levelCount];
        int lanes = IntervalEvaluator.MAX_LANES;
        tx = new int[levelCount][lanes];
        ty = new int[levelCount][lanes];
        bx0 = new float[levelCount][lanes];
        bx1 = new float[levelCount][lanes];
        by0 = new float[levelCount][lanes];
        by1 = new float[levelCount][lanes];
        for (int i = 0; i < levelCount; i++) {
            // Deeper levels see shorter tapes; each grows to what it meets. A huge tape is
            // bounded a lane or two at a time: room for 4 would waste 120 MB a thread at the
            // op limit.
            intervals[i] = backend.intervalEvaluator(i == 0 ? capacity * Math.min(4, TileRenderer.lanesFor(capacity)) : 256);
            levels[i] = new PrunedTape(i == 0 ? capacity : 256);
        }
        interpreter = backend.tileEvaluator(leaf * leaf);
        out = new float[Math.max(leaf * leaf, 1)];
    }

    /** This thread's workspace for {@code backend} and {@code sizes}, made anew if it had none that fits. */
    static TileWorkspace current(Backend backend, int capacity, TileSizes sizes) {
        TileWorkspace ws = CURRENT.get();
        if (ws == null || ws.backend != backend || ws.levels.length != sizes.levels() || ws.leaf != sizes.leaf()) {
            ws = new TileWorkspace(backend, capacity, sizes.levels(), sizes.leaf());
            CURRENT.set(ws);
        }
        return ws;
    }

    /** Records a tile that decided pixels, for the debug picture's outlines. */
    void tile(int x, int y, int size) {
        Tally t = tally;
        if (t.tiles.length < t.tileCount + 3) t.tiles = Arrays.copyOf(t.tiles, Math.max(96, t.tiles.length * 2));
        t.tiles[t.tileCount++] = x;
        t.tiles[t.tileCount++] = y;
        t.tiles[t.tileCount++] = size;
    }

    /** What one thread did for one frame. */
    static final class Tally {
        long intervalNanos, simplifyNanos, evalNanos, tierNanos;
        long filled, empty, leavesInterp, leavesCompiled, pixInterp, pixCompiled, opEvals, intervalOps;
        int[] tiles = new int[0];
        int tileCount;
    }
}
