package dev.ariel.volume;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaTileEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.render.Deadline;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.Box;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RecursiveAction;

/**
 * One pass of the octree over a frame. A box is a tile of columns times a range of slices; boxes
 * are visited front to back (top slice first), so a column's height is the first filled voxel met.
 * Each box is bounded by interval arithmetic against its parent's tape: proved filled, it gives
 * every column still without a height the box's top slice; proved empty, it is skipped; otherwise
 * its tape is simplified and it is split, or, at the leaves, its voxels are evaluated slice by
 * slice from the top, only in columns still without a height. A tile whose columns all have
 * heights is never bounded again.
 *
 * <p>Threads: the whole volume's children and theirs are fork/join tasks, the rest runs depth
 * first where its parent does. Each column is written by one task at a time, and the tasks of
 * one slice range are joined before the range below starts, so heights need no locks.
 */
final class OctreeRun extends VolumeRun {
    // Expansions of the whole volume (level −1) and of level-0 boxes fork their children.
    private static final int FORK_DEPTH = 2;

    private final TileSizes sizes;
    private final VolumeOptions options;
    private final Backend gradientBackend;
    private final TapeCompiler compiler;
    private final int leafLevel;

    OctreeRun(VolumeRenderer renderer, SsaTape root, VolumeView view, boolean gradients, VolumeOptions options,
            Deadline deadline) {
        super(renderer, root, view, gradients, deadline);
        this.options = options;
        this.sizes = options.sizes();
        this.leafLevel = sizes.levels() - 1;
        this.gradientBackend = options.gradientBackend() != null ? options.gradientBackend() : renderer.backend();
        this.compiler = options.compile().compiles() ? renderer.backend().tapeCompiler() : null;
    }

    @Override
    TapeCompiler.Lease lease() {
        return compiler == null ? null : compiler.lease();
    }

    @Override
    RecursiveAction rootTask() {
        return new RootTask(this);
    }

    VolumeWorkspace workspace() {
        VolumeWorkspace ws = VolumeWorkspace.current(renderer.backend(), root.length(), sizes);
        ws.tally = tally();
        return ws;
    }

    /** Bounds the whole volume, and goes on below it unless that decides it. */
    void whole(VolumeWorkspace ws) {
        long t0 = System.nanoTime();
        // Value-exact choices when gradients are wanted, so pruned tapes give the model's gradients.
        PrunedTape top = PrunedTape.of(root, !gradients && options.signOnlyHeights());
        IntervalEvaluator iv = ws.rootIntervals;
        iv.evaluate(top, lo(xs, 0, width), hi(xs, 0, width), lo(ys, 0, height), hi(ys, 0, height), zs[0], zs[depth - 1]);
        ws.tally.intervalNanos += System.nanoTime() - t0;
        int out = top.output();
        if (iv.lower(top, out, 0) >= 0) {
            ws.tally.empty++;
            return;
        }
        PrunedTape tape = top;
        if (iv.decidedChoices() > 0) {
            tape = new PrunedTape(top.length());
            tape.simplify(top, iv.choices(), iv.maybeNaNArray());
        }
        tape.shareable(); // tasks on other threads read it
        if (iv.upper(top, out, 0) < 0 && !iv.maybeNaN(top, out, 0)) {
            ws.tally.filled++;
            fill(ws, tape, 0, 0, width, height, depth - 1);
            return;
        }
        ws.tally.split++;
        expand(ws, -1, tape, 0, 0, width, height, 0, depth - 1, null);
    }

    /**
     * Goes on below an undecided box of {@code level} (−1: the whole volume) with tape
     * {@code tape}: its children's slice ranges from the top down, and in each, the child tiles
     * that still have columns without a height, up to 16 bounded in one pass.
     */
    void expand(VolumeWorkspace ws, int level, PrunedTape tape, int x, int y, int w, int h, int k0, int k1, Site site) {
        int cl = level + 1;
        int child = sizes.size(cl);
        int lanes = lanesFor(tape.length());
        int[] tx = ws.tx[cl], ty = ws.ty[cl];
        for (int top = k1; top >= k0; top -= child) {
            int c0 = Math.max(k0, top - child + 1);
            int count = 0;
            boolean open = false;
            for (int cy = y; cy < y + h; cy += child) {
                for (int cx = x; cx < x + w; cx += child) {
                    if (allDone(cx, cy, Math.min(child, x + w - cx), Math.min(child, y + h - cy))) continue;
                    open = true;
                    tx[count] = cx;
                    ty[count] = cy;
                    if (++count == lanes) {
                        ws = bound(ws, cl, tape, count, x + w, y + h, c0, top, site);
                        count = 0;
                    }
                }
            }
            if (count > 0) ws = bound(ws, cl, tape, count, x + w, y + h, c0, top, site);
            if (!open) return; // every column of the box has its height
        }
    }

    /**
     * Bounds {@code count} child tiles of level {@code cl} (origins in the workspace) over slices
     * [c0, c1] in one pass, then decides, simplifies and goes on with each. Returns the workspace
     * to go on with, which is the same, with this frame's tally set again after any join.
     */
    private VolumeWorkspace bound(VolumeWorkspace ws, int cl, PrunedTape tape, int count, int xEnd, int yEnd, int c0,
            int c1, Site site) {
        check();
        long t0 = System.nanoTime();
        int size = sizes.size(cl);
        int[] tx = ws.tx[cl], ty = ws.ty[cl];
        float[] x0 = ws.bx0[cl], x1 = ws.bx1[cl], y0 = ws.by0[cl], y1 = ws.by1[cl];
        for (int c = 0; c < count; c++) {
            int w = Math.min(size, xEnd - tx[c]), h = Math.min(size, yEnd - ty[c]);
            x0[c] = lo(xs, tx[c], w);
            x1[c] = hi(xs, tx[c], w);
            y0[c] = lo(ys, ty[c], h);
            y1[c] = hi(ys, ty[c], h);
        }
        IntervalEvaluator iv = ws.intervals[cl];
        iv.evaluate(tape, count, x0, x1, y0, y1, zs[c0], zs[c1]);
        ws.tally.intervalNanos += System.nanoTime() - t0;
        boolean fork = cl < FORK_DEPTH && cl < leafLevel;
        List<BoxTask> forks = fork ? new ArrayList<>() : null;
        int out = tape.output();
        for (int c = 0; c < count; c++) {
            long t1 = System.nanoTime();
            int x = tx[c], y = ty[c];
            int w = Math.min(size, xEnd - x), h = Math.min(size, yEnd - y);
            if (iv.lower(tape, out, c) >= 0) { // NaN is empty too
                ws.tally.empty++;
                ws.tally.simplifyNanos += System.nanoTime() - t1;
                continue;
            }
            boolean filled = iv.upper(tape, out, c) < 0 && !iv.maybeNaN(tape, out, c);
            if (filled && !gradients) {
                ws.tally.filled++;
                fill(ws, tape, x, y, w, h, c1);
                ws.tally.simplifyNanos += System.nanoTime() - t1;
                continue;
            }
            PrunedTape mine = tape;
            if (iv.decidedChoices(c) > 0) {
                mine = ws.tapes[cl];
                mine.simplify(tape, iv.choices(), iv.maybeNaNArray(), count, c);
                if (fork && !filled) mine = mine.compactCopy(); // read by a task, maybe on another thread
            }
            ws.tally.simplifyNanos += System.nanoTime() - t1;
            if (filled) {
                ws.tally.filled++;
                fill(ws, mine, x, y, w, h, c1);
                continue;
            }
            ws.tally.split++;
            Site s = cl == options.compileLevel() && compiler != null ? site(ws, mine, x, y, w, h, c0, c1) : site;
            if (cl == leafLevel) leaf(ws, mine, x, y, w, h, c0, c1, s);
            else if (fork) forks.add(new BoxTask(this, cl, mine, x, y, w, h, c0, c1, s));
            else below(ws, cl, mine, x, y, w, h, c0, c1, s);
        }
        if (fork && !forks.isEmpty()) {
            RecursiveAction.invokeAll(forks);
            ws = workspace();
        }
        return ws;
    }

    /** Goes on inside an undecided box of level {@code cl} (not a leaf), as the owner of its gradients if it is of that level. */
    void below(VolumeWorkspace ws, int cl, PrunedTape tape, int x, int y, int w, int h, int c0, int c1, Site site) {
        boolean owner = cl == options.gradientLevel() && gradients;
        if (owner) ws.ownerOpen = true;
        try {
            expand(ws, cl, tape, x, y, w, h, c0, c1, site);
        } finally {
            if (owner) ws.ownerOpen = false;
        }
        if (owner) flush(ws, tape);
    }

    /** Every column of the tile without a height gets slice c1's; a box proved filled. */
    private void fill(VolumeWorkspace ws, PrunedTape tape, int x, int y, int w, int h, int c1) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int p = j * width + i;
                if (heights[p] != 0) continue;
                heights[p] = c1 + 1;
                if (gradients) ws.gradientPoint(xs[i], ys[j], zs[c1], p);
            }
        }
        if (!ws.ownerOpen) flush(ws, tape);
    }

    /**
     * Evaluates a leaf box's voxels slice by slice from the top, in the columns still without a
     * height, until every column has one or the box's bottom slice is done.
     */
    private void leaf(VolumeWorkspace ws, PrunedTape tape, int x, int y, int w, int h, int c0, int c1, Site site) {
        check();
        long t0 = System.nanoTime();
        VolumeWorkspace.Tally t = ws.tally;
        t.leaves++;
        float[] px = ws.px, py = ws.py, out = ws.out;
        int[] pidx = ws.pidx;
        RowEvaluator code = site == null ? null : site.code;
        JavaTileEvaluator points = code == null && ws.interpreter instanceof JavaTileEvaluator j ? j : null;
        for (int k = c1; k >= c0; k--) {
            int n = 0;
            int ax = Integer.MAX_VALUE, bx = -1, ay = Integer.MAX_VALUE, by = -1;
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    int p = j * width + i;
                    if (heights[p] != 0) continue;
                    px[n] = xs[i];
                    py[n] = ys[j];
                    pidx[n++] = p;
                    ax = Math.min(ax, i);
                    bx = Math.max(bx, i);
                    ay = Math.min(ay, j);
                    by = Math.max(by, j);
                }
            }
            if (n == 0) break;
            float z = zs[k];
            if (points != null) {
                points.evaluate(tape, px, py, z, n, out);
                t.voxelsInterp += n;
                t.voxelOps += (long) n * tape.length();
            } else {
                // A tier that takes rectangles evaluates the undecided columns' bounding one.
                int bw = bx - ax + 1, bh = by - ay + 1;
                if (code != null) code.evaluateRows(xs, ax, bw, ys, ay, bh, z, out);
                else ws.interpreter.evaluate(tape, xs, ax, bw, ys, ay, bh, z, out);
                for (int q = 0; q < n; q++) out[q] = out[(pidx[q] / width - ay) * bw + pidx[q] % width - ax];
                if (code != null) t.voxelsCompiled += (long) bw * bh;
                else t.voxelsInterp += (long) bw * bh;
                t.voxelOps += (long) bw * bh * (code != null ? site.tape.length() : tape.length());
            }
            for (int q = 0; q < n; q++) {
                if (out[q] < 0) {
                    heights[pidx[q]] = k + 1;
                    if (gradients) ws.gradientPoint(px[q], py[q], z, pidx[q]);
                }
            }
        }
        t.voxelNanos += System.nanoTime() - t0;
        if (!ws.ownerOpen) flush(ws, tape);
    }

    /** Evaluates the queued top voxels' gradients with {@code tape}, which is exact at each of them. */
    private void flush(VolumeWorkspace ws, PrunedTape tape) {
        int n = ws.gCount;
        if (n == 0) return;
        long t0 = System.nanoTime();
        GradientEvaluator g = gradientBackend.gradientEvaluator(tape.toSsaTape());
        g.evaluate(ws.gxs, ws.gys, ws.gzs, n, ws.gv, ws.gdx, ws.gdy, ws.gdz);
        for (int q = 0; q < n; q++) {
            int p = ws.gidx[q];
            gx[p] = ws.gdx[q];
            gy[p] = ws.gdy[q];
            gz[p] = ws.gdz[q];
        }
        ws.gCount = 0;
        ws.tally.gradientPoints += n;
        ws.tally.gradientNanos += System.nanoTime() - t0;
    }

    /** The compiled code for a compile-level box's tape, where the policy wants it, compiled now if not cached. */
    private Site site(VolumeWorkspace ws, PrunedTape tape, int x, int y, int w, int h, int c0, int c1) {
        long t0 = System.nanoTime();
        SsaTape ssa = tape.toSsaTape();
        Box box = new Box(lo(xs, x, w), hi(xs, x, w), lo(ys, y, h), hi(ys, y, h), zs[c0], zs[c1]);
        Site site = null;
        if (compiler.compiles(ssa) && options.compile().compile(ssa, box, undecided(x, y, w, h), c1 - c0 + 1)) {
            RowEvaluator code = compiler.cached(ssa, box);
            if (code == null) {
                try {
                    compiler.compileAll(List.of(ssa), List.of(box)).join();
                    code = compiler.cached(ssa, box);
                } catch (CompletionException e) {
                    code = null; // a tape that fails to compile is interpreted
                }
            }
            ws.tally.tapesCompiled++;
            if (code != null) site = new Site(ssa, code);
        }
        ws.tally.compileNanos += System.nanoTime() - t0;
        return site;
    }

    private boolean allDone(int x, int y, int w, int h) {
        return undecided(x, y, w, h) == 0;
    }

    private int undecided(int x, int y, int w, int h) {
        int n = 0;
        for (int j = y; j < y + h; j++) {
            int row = j * width;
            for (int i = x; i < x + w; i++) if (heights[row + i] == 0) n++;
        }
        return n;
    }

    // A pass keeps every instruction's bounds for each box: cap the lanes for huge tapes, as 2D does.
    private static int lanesFor(int length) {
        return Math.max(1, Math.min(IntervalEvaluator.MAX_LANES, (1 << 22) / Math.max(1, length)));
    }

    /** Compiled code for the leaves below a compile-level box, and the tape it runs. */
    record Site(SsaTape tape, RowEvaluator code) {}

    /** The whole volume: bounded, then split into tasks. */
    private static final class RootTask extends RunTask {
        private final OctreeRun run;

        RootTask(OctreeRun run) {
            super(run);
            this.run = run;
        }

        @Override
        void work() {
            run.whole(run.workspace());
        }
    }

    /** An undecided box of a coarse level, with its own tape: goes on below it. */
    private static final class BoxTask extends RunTask {
        private final OctreeRun run;
        private final int level, x, y, w, h, c0, c1;
        private final PrunedTape tape;
        private final Site site;

        BoxTask(OctreeRun run, int level, PrunedTape tape, int x, int y, int w, int h, int c0, int c1, Site site) {
            super(run);
            this.run = run;
            this.level = level;
            this.tape = tape;
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.c0 = c0;
            this.c1 = c1;
            this.site = site;
        }

        @Override
        void work() {
            run.below(run.workspace(), level, tape, x, y, w, h, c0, c1, site);
        }
    }
}
