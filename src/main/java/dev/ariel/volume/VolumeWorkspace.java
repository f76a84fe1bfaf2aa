package dev.ariel.volume;

import dev.ariel.eval.Backend;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.TileEvaluator;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.PrunedTape;

/**
 * One render thread's reusable buffers for the octree: per level an interval evaluator, a tape and
 * the boxes being bounded; the leaf evaluator with its points and results; and the top voxels
 * whose gradients wait for one batched call. Kept per thread between frames, so that a frame
 * allocates nothing per voxel.
 */
final class VolumeWorkspace {
    private static final ThreadLocal<VolumeWorkspace> CURRENT = new ThreadLocal<>();

    final Backend backend;
    final TileSizes sizes;
    final IntervalEvaluator rootIntervals;
    final IntervalEvaluator[] intervals;
    final PrunedTape[] tapes;
    final int[][] tx, ty;
    final float[][] bx0, bx1, by0, by1;
    final TileEvaluator interpreter;
    // A leaf's undecided columns at one slice: coordinates, pixel indices, and results.
    final float[] px, py, out;
    final int[] pidx;
    // Top voxels waiting for their gradients: coordinates, pixel indices, and results.
    float[] gxs = new float[256], gys = new float[256], gzs = new float[256];
    float[] gv = new float[256], gdx = new float[256], gdy = new float[256], gdz = new float[256];
    int[] gidx = new int[256];
    int gCount;
    // Whether a box of the gradient level is open on this thread: boxes below it leave their top
    // voxels for it to evaluate, instead of evaluating them with their own tapes.
    boolean ownerOpen;
    // The tally of the frame whose task this thread runs now; set afresh by every task, since a
    // thread that waits for its subtasks may run another frame's task meanwhile.
    Tally tally;

    private VolumeWorkspace(Backend backend, int capacity, TileSizes sizes) {
        this.backend = backend;
        this.sizes = sizes;
        int levels = sizes.levels();
        int lanes = IntervalEvaluator.MAX_LANES;
        rootIntervals = backend.intervalEvaluator(capacity);
        intervals = new IntervalEvaluator[levels];
        tapes = new PrunedTape[levels];
        tx = new int[levels][lanes];
        ty = new int[levels][lanes];
        bx0 = new float[levels][lanes];
        bx1 = new float[levels][lanes];
        by0 = new float[levels][lanes];
        by1 = new float[levels][lanes];
        for (int i = 0; i < levels; i++) {
            // Deeper levels see shorter tapes; each grows to what it meets.
            intervals[i] = backend.intervalEvaluator(i == 0 ? capacity : 256);
            tapes[i] = new PrunedTape(i == 0 ? capacity : 256);
        }
        int leaf = sizes.leaf() * sizes.leaf();
        interpreter = backend.tileEvaluator(leaf);
        px = new float[leaf];
        py = new float[leaf];
        out = new float[leaf];
        pidx = new int[leaf];
    }

    /** This thread's workspace for {@code backend} and {@code sizes}, made anew if it had none that fits. */
    static VolumeWorkspace current(Backend backend, int capacity, TileSizes sizes) {
        VolumeWorkspace ws = CURRENT.get();
        if (ws == null || ws.backend != backend || !ws.sizes.equals(sizes)) {
            ws = new VolumeWorkspace(backend, capacity, sizes);
            CURRENT.set(ws);
        }
        return ws;
    }

    /** Queues the top voxel of pixel {@code index} at (x, y, z) for a gradient. */
    void gradientPoint(float x, float y, float z, int index) {
        if (gCount == gxs.length) grow(gCount * 2);
        gxs[gCount] = x;
        gys[gCount] = y;
        gzs[gCount] = z;
        gidx[gCount] = index;
        gCount++;
    }

    private void grow(int n) {
        gxs = java.util.Arrays.copyOf(gxs, n);
        gys = java.util.Arrays.copyOf(gys, n);
        gzs = java.util.Arrays.copyOf(gzs, n);
        gidx = java.util.Arrays.copyOf(gidx, n);
        gv = new float[n];
        gdx = new float[n];
        gdy = new float[n];
        gdz = new float[n];
    }

    /** What one thread did for one frame. */
    static final class Tally {
        long intervalNanos, simplifyNanos, voxelNanos, gradientNanos, compileNanos;
        long filled, empty, split, leaves, voxelsInterp, voxelsCompiled, voxelOps, gradientPoints, tapesCompiled;
    }
}
