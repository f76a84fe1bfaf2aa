package dev.ariel.volume;

import dev.ariel.eval.TapeCompiler;
import dev.ariel.render.Deadline;
import dev.ariel.tape.SsaTape;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What the octree and brute-force passes share: the frame's grid, its heights and gradients, the
 * threads' tallies, and a failure that stops every task of the frame before the frame returns, so
 * that none outlives the frame's hold on compiled code.
 */
abstract class VolumeRun {
    final VolumeRenderer renderer;
    final SsaTape root;
    final boolean gradients;
    final float[] xs, ys, zs;
    final int width, height, depth;
    final int[] heights;
    final float[] gx, gy, gz;
    private final Deadline deadline;
    private final ConcurrentHashMap<Long, VolumeWorkspace.Tally> tallies = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean abandoned;

    VolumeRun(VolumeRenderer renderer, SsaTape root, VolumeView view, boolean gradients, Deadline deadline) {
        this.renderer = renderer;
        this.root = root;
        this.gradients = gradients;
        this.deadline = deadline;
        xs = view.columnXs();
        ys = view.rowYs();
        zs = view.sliceZs();
        width = view.width();
        height = view.height();
        depth = view.depth();
        heights = new int[width * height];
        gx = gradients ? new float[width * height] : null;
        gy = gradients ? new float[width * height] : null;
        gz = gradients ? new float[width * height] : null;
    }

    /** The task that renders the whole frame. */
    abstract RecursiveAction rootTask();

    /** A hold on compiled code for the frame, or null if the pass runs none. */
    abstract TapeCompiler.Lease lease();

    /** Runs the pass on the renderer's pool and returns the frame. */
    final VolumeFrame run() {
        long start = System.nanoTime();
        TapeCompiler.Lease lease = lease();
        try {
            renderer.pool().invoke(rootTask());
        } catch (RuntimeException | Error e) {
            abandoned = true;
            while (active.get() > 0) LockSupport.parkNanos(100_000); // each stops within a box
            throw e;
        } finally {
            if (lease != null) lease.close();
        }
        return new VolumeFrame(new HeightField(width, height, depth, heights, gx, gy, gz),
                stats(System.nanoTime() - start));
    }

    /** This thread's tally for this frame. */
    final VolumeWorkspace.Tally tally() {
        long id = Thread.currentThread().threadId();
        VolumeWorkspace.Tally t = tallies.get(id);
        if (t == null) {
            t = new VolumeWorkspace.Tally();
            VolumeWorkspace.Tally had = tallies.putIfAbsent(id, t);
            if (had != null) t = had;
        }
        return t;
    }

    /** Gives up if the deadline passed or another task of the frame failed. */
    final void check() {
        deadline.check();
        if (abandoned) throw new CancellationException("another task of the frame failed");
    }

    private VolumeStats stats(long wall) {
        long iv = 0, sv = 0, vv = 0, gv = 0, cv = 0, f = 0, e = 0, s = 0, l = 0, vi = 0, vc = 0, vo = 0, gp = 0, tc = 0;
        for (VolumeWorkspace.Tally t : tallies.values()) {
            iv += t.intervalNanos;
            sv += t.simplifyNanos;
            vv += t.voxelNanos;
            gv += t.gradientNanos;
            cv += t.compileNanos;
            f += t.filled;
            e += t.empty;
            s += t.split;
            l += t.leaves;
            vi += t.voxelsInterp;
            vc += t.voxelsCompiled;
            vo += t.voxelOps;
            gp += t.gradientPoints;
            tc += t.tapesCompiled;
        }
        return new VolumeStats(wall, iv, sv, vv, gv, cv, f, e, s, l, vi, vc, vo, gp, tc);
    }

    /** The smaller f32 coordinate of a run of {@code n} samples from {@code from}: the box's sound bound. */
    static float lo(float[] c, int from, int n) {
        return Math.min(c[from], c[from + n - 1]);
    }

    /** The larger f32 coordinate of a run of {@code n} samples from {@code from}. */
    static float hi(float[] c, int from, int n) {
        return Math.max(c[from], c[from + n - 1]);
    }

    /** A task of one frame: it runs only while the frame has not failed, and is counted meanwhile. */
    abstract static class RunTask extends RecursiveAction {
        private final VolumeRun run;

        RunTask(VolumeRun run) {
            this.run = run;
        }

        @Override
        protected final void compute() {
            run.active.incrementAndGet();
            try {
                if (!run.abandoned) work();
            } finally {
                run.active.decrementAndGet();
            }
        }

        abstract void work();
    }
}
