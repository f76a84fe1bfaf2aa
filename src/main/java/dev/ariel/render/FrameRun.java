package dev.ariel.render;

import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.TileEvaluator;
import dev.ariel.tape.Box;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One pass of the quadtree over a frame: its tasks, the tiles it decides and its statistics. The
 * pixels go to a {@link FrameTarget}, which holds what the frame's mode needs; whether tier 1 is
 * looked up is the tier's {@link CompiledTier.Plan}, decided before the pass.
 */
final class FrameRun {
    private final TileRenderer scheduler;
    private final TileSizes sizes;
    private final SsaTape root;
    final View view;
    private final FrameTarget target;
    final int width;
    final int height;
    private final float[] colX;
    private final float[] rowY;
    private final float z;
    // Whether to look tier 1 up at all (the plan's lookUp).
    private final boolean lookUp;
    private final Deadline deadline;
    private final ConcurrentHashMap<Long, TileWorkspace.Tally> tallies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompiledTier.Site> sites = new ConcurrentLinkedQueue<>();
    // Tasks of this frame running now, and whether the frame failed. When a task fails,
    // fork/join rethrows at once while its siblings may still run (compiled code among them):
    // the frame stops them at their next tile and waits, so none outlives the frame's lease.
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean abandoned;

    FrameRun(TileRenderer scheduler, SsaTape root, View view, FrameTarget target, boolean lookUp, Deadline deadline) {
        this.scheduler = scheduler;
        this.sizes = scheduler.sizes();
        this.root = root;
        this.view = view;
        this.target = target;
        this.lookUp = lookUp;
        this.deadline = deadline;
        width = view.width();
        height = view.height();
        colX = view.columnXs();
        rowY = view.rowYs();
        z = (float) view.z();
    }

    List<CompiledTier.Site> sites() {
        return new ArrayList<>(sites);
    }

    TileWorkspace workspace() {
        TileWorkspace ws = TileWorkspace.current(scheduler.backend(), root.length(), sizes);
        ws.tally = tallies.computeIfAbsent(Thread.currentThread().threadId(), t -> new TileWorkspace.Tally());
        return ws;
    }

    /** Runs the pass on the scheduler's pool. */
    FrameRun run() {
        // A mono or debug frame needs only the sign of the value; an SDF frame needs the value.
        PrunedTape top = PrunedTape.of(root, target.decides());
        // The whole image first: a model that is empty or full here needs no tiles at all.
        try {
            scheduler.pool().invoke(new RootTask(this, top));
        } catch (RuntimeException | Error e) {
            abandoned = true;
            while (active.get() > 0) LockSupport.parkNanos(100_000); // each stops within a tile
            throw e;
        }
        return this;
    }

    // Counts a task in, unless the frame failed (then the task does nothing).
    private boolean enter() {
        active.incrementAndGet();
        if (!abandoned) return true;
        active.decrementAndGet();
        return false;
    }

    private void exit() {
        active.decrementAndGet();
    }

    private void check() {
        deadline.check();
        if (abandoned) throw new CancellationException("another tile of the frame failed");
    }

    Frame finish(long wallNanos, long compileWaitNanos) {
        long iv = 0, sv = 0, ev = 0, tv = 0, f = 0, e = 0, li = 0, lc = 0, pi = 0, pc = 0, oe = 0, io = 0;
        int tileInts = 0;
        for (TileWorkspace.Tally t : tallies.values()) {
            iv += t.intervalNanos;
            sv += t.simplifyNanos;
            ev += t.evalNanos;
            tv += t.tierNanos;
            f += t.filled;
            e += t.empty;
            li += t.leavesInterp;
            lc += t.leavesCompiled;
            pi += t.pixInterp;
            pc += t.pixCompiled;
            oe += t.opEvals;
            io += t.intervalOps;
            tileInts += t.tileCount;
        }
        int[] tiles = new int[target.recordsTiles() ? tileInts : 0];
        if (target.recordsTiles()) {
            int at = 0;
            for (TileWorkspace.Tally t : tallies.values()) {
                System.arraycopy(t.tiles, 0, tiles, at, t.tileCount);
                at += t.tileCount;
            }
        }
        long compiledTiles = 0;
        for (CompiledTier.Site s : sites) if (s.code() != null) compiledTiles++;
        FrameStats stats = new FrameStats(wallNanos, iv, sv, ev, tv, compileWaitNanos, f, e, li, lc, pi, pc, oe, io,
                sites.size(), compiledTiles);
        return target.frame(view, tiles, stats);
    }

    /** Bounds the whole image against the root tape: null if that decides it, else its tape. */
    PrunedTape root(TileWorkspace ws, PrunedTape top) {
        long t0 = System.nanoTime();
        float xa = colX[0], xb = colX[width - 1];
        float ya = rowY[0], yb = rowY[height - 1];
        IntervalEvaluator iv = ws.rootIntervals;
        iv.evaluate(top, Math.min(xa, xb), Math.max(xa, xb), Math.min(ya, yb), Math.max(ya, yb), z, z);
        ws.tally.intervalOps += top.length();
        PrunedTape result = null;
        if (!decided(ws, iv, top, 0, 0, 0, width, height)) {
            result = top;
            if (iv.decidedChoices() > 0) {
                result = new PrunedTape(top.length());
                result.simplify(top, iv.choices(), iv.maybeNaNArray());
            }
        }
        ws.tally.intervalNanos += System.nanoTime() - t0;
        return result;
    }

    // Fills a tile that lane `lane` of the last pass decided, and says whether it did.
    private boolean decided(TileWorkspace ws, IntervalEvaluator iv, PrunedTape parent, int lane, int x, int y, int w, int h) {
        if (!target.decides()) return false;
        int out = parent.output();
        // NaN pixels are empty too, so a maybe-NaN tile at or above zero is empty.
        boolean empty = iv.lower(parent, out, lane) >= 0;
        if (!empty && !(iv.upper(parent, out, lane) < 0 && !iv.maybeNaN(parent, out, lane))) return false;
        if (empty) ws.tally.empty++;
        else ws.tally.filled++;
        if (target.recordsTiles()) ws.tile(x, y, Math.max(w, h));
        target.decided(x, y, w, h, !empty);
        return true;
    }

    /**
     * Bounds {@code count} tiles of {@code level} (origins in {@code ws.tx[level]},
     * {@code ws.ty[level]}) against {@code parent} in one pass, then decides, simplifies and
     * goes on with each: depth-first on this thread, or, where {@code forks} is given, as new
     * tasks added to it.
     */
    void bound(TileWorkspace ws, int level, PrunedTape parent, int count, CompiledTier.Site site, List<TileTask> forks) {
        check();
        long t0 = System.nanoTime();
        int size = sizes.size(level);
        int[] tx = ws.tx[level], ty = ws.ty[level];
        float[] x0 = ws.bx0[level], x1 = ws.bx1[level], y0 = ws.by0[level], y1 = ws.by1[level];
        for (int c = 0; c < count; c++) {
            int w = Math.min(size, width - tx[c]), h = Math.min(size, height - ty[c]);
            float xa = colX[tx[c]], xb = colX[tx[c] + w - 1];
            float ya = rowY[ty[c]], yb = rowY[ty[c] + h - 1];
            x0[c] = Math.min(xa, xb);
            x1[c] = Math.max(xa, xb);
            y0[c] = Math.min(ya, yb);
            y1[c] = Math.max(ya, yb);
        }
        IntervalEvaluator iv = ws.intervals[level];
        iv.evaluate(parent, count, x0, x1, y0, y1, z, z);
        ws.tally.intervalOps += (long) parent.length() * count;
        ws.tally.intervalNanos += System.nanoTime() - t0;
        boolean last = level == sizes.levels() - 1;
        for (int c = 0; c < count; c++) {
            long t1 = System.nanoTime();
            int x = tx[c], y = ty[c];
            int w = Math.min(size, width - x), h = Math.min(size, height - y);
            if (decided(ws, iv, parent, c, x, y, w, h)) {
                ws.tally.simplifyNanos += System.nanoTime() - t1;
                continue;
            }
            PrunedTape tape = parent;
            if (iv.decidedChoices(c) > 0) {
                tape = ws.levels[level];
                tape.simplify(parent, iv.choices(), iv.maybeNaNArray(), count, c);
                // A forked tile's tape outlives this loop and is read by other threads.
                if (forks != null && !last) tape = tape.compactCopy();
            }
            ws.tally.simplifyNanos += System.nanoTime() - t1;
            CompiledTier.Site s = siteFor(ws, level, tape, x, y, w, h, site);
            if (target.surveys() && level >= scheduler.compileLevel()) continue;
            if (last) {
                leaf(ws, tape, x, y, w, h, s);
            } else if (forks != null) {
                forks.add(new TileTask(this, level, tape, x, y, s));
            } else {
                expand(ws, level, tape, x, y, w, h, s, null);
            }
        }
    }

    /**
     * Goes on below an undecided tile of {@code level} with tape {@code tape}: bounds its
     * children, up to {@link IntervalEvaluator#MAX_LANES} at a time (fewer for huge tapes).
     */
    void expand(TileWorkspace ws, int level, PrunedTape tape, int x, int y, int w, int h, CompiledTier.Site site,
            List<TileTask> forks) {
        int child = sizes.size(level + 1);
        int[] tx = ws.tx[level + 1], ty = ws.ty[level + 1];
        int count = 0;
        int lanes = TileRenderer.lanesFor(tape);
        for (int cy = y; cy < y + h; cy += child) {
            for (int cx = x; cx < x + w; cx += child) {
                tx[count] = cx;
                ty[count] = cy;
                if (++count == lanes) {
                    bound(ws, level + 1, tape, count, site, forks);
                    count = 0;
                }
            }
        }
        if (count > 0) bound(ws, level + 1, tape, count, site, forks);
    }

    /** After the tile at {@code level} got its tape: tier 1's hook at the compile level. */
    private CompiledTier.Site siteFor(TileWorkspace ws, int level, PrunedTape tape, int x, int y, int w, int h,
            CompiledTier.Site inherited) {
        if (level != scheduler.compileLevel() || !lookUp) return inherited;
        long t0 = System.nanoTime();
        float xa = colX[x], xb = colX[x + w - 1];
        float ya = rowY[y], yb = rowY[y + h - 1];
        var box = new Box(Math.min(xa, xb), Math.max(xa, xb), Math.min(ya, yb), Math.max(ya, yb), z, z);
        CompiledTier.Site site = scheduler.tier().site(tape, box, x, y, ws.hash);
        sites.add(site);
        ws.tally.tierNanos += System.nanoTime() - t0;
        return site;
    }

    /** Evaluates every pixel of a leaf tile, by compiled code where the site has it, else by the interpreter. */
    private void leaf(TileWorkspace ws, PrunedTape tape, int x, int y, int w, int h, CompiledTier.Site site) {
        check();
        long t0 = System.nanoTime();
        if (target.recordsTiles()) ws.tile(x, y, Math.max(w, h));
        int n = w * h;
        TileEvaluator code = site == null ? null : site.code();
        TileEvaluator eval = code != null ? code : ws.interpreter;
        float[] out = ws.out;
        eval.evaluate(tape, colX, x, w, rowY, y, h, z, out);
        boolean compiled = eval.compiled();
        byte kind = compiled ? DebugShading.COMPILED : DebugShading.INTERPRETED;
        for (int j = 0; j < h; j++) target.store(out, j * w, x, y + j, w, kind);
        TileWorkspace.Tally t = ws.tally;
        if (compiled) {
            t.leavesCompiled++;
            t.pixCompiled += n;
            t.opEvals += (long) site.tape().length() * n;
        } else {
            t.leavesInterp++;
            t.pixInterp += n;
            t.opEvals += (long) tape.length() * n;
            if (site != null) site.work().interpreted(n, h, tape.length());
        }
        t.evalNanos += System.nanoTime() - t0;
    }

    /** A task of one frame: it runs only while the frame has not failed, and is counted meanwhile. */
    private abstract static class FrameTask extends RecursiveAction {
        final FrameRun run;

        FrameTask(FrameRun run) {
            this.run = run;
        }

        @Override
        protected final void compute() {
            if (!run.enter()) return;
            try {
                computeTile();
            } finally {
                run.exit();
            }
        }

        abstract void computeTile();
    }

    /** The whole image as one tile, then tasks for groups of top-level tiles. */
    private static final class RootTask extends FrameTask {
        private final PrunedTape top;

        RootTask(FrameRun run, PrunedTape top) {
            super(run);
            this.top = top;
        }

        @Override
        void computeTile() {
            TileWorkspace ws = run.workspace();
            PrunedTape tape = run.root(ws, top);
            if (tape == null) return;
            tape.shareable(); // groups on other threads read it
            int size = run.sizes.size(0);
            List<GroupTask> groups = new ArrayList<>();
            int lanes = TileRenderer.lanesFor(tape);
            int[] gx = new int[lanes], gy = new int[lanes];
            int count = 0;
            for (int y = 0; y < run.height; y += size) {
                for (int x = 0; x < run.width; x += size) {
                    gx[count] = x;
                    gy[count] = y;
                    if (++count == lanes) {
                        groups.add(new GroupTask(run, tape, gx.clone(), gy.clone(), count));
                        count = 0;
                    }
                }
            }
            if (count > 0) groups.add(new GroupTask(run, tape, gx, gy, count));
            invokeAll(groups);
        }
    }

    /** Up to 16 top-level tiles, bounded in one pass against the root's tape. */
    private static final class GroupTask extends FrameTask {
        private final PrunedTape parent;
        private final int[] xs;
        private final int[] ys;
        private final int count;

        GroupTask(FrameRun run, PrunedTape parent, int[] xs, int[] ys, int count) {
            super(run);
            this.parent = parent;
            this.xs = xs;
            this.ys = ys;
            this.count = count;
        }

        @Override
        void computeTile() {
            TileWorkspace ws = run.workspace();
            System.arraycopy(xs, 0, ws.tx[0], 0, count);
            System.arraycopy(ys, 0, ws.ty[0], 0, count);
            List<TileTask> forks = run.scheduler.forkLevels() > 0 ? new ArrayList<>() : null;
            run.bound(ws, 0, parent, count, null, forks);
            if (forks != null) invokeAll(forks);
        }
    }

    /** An undecided tile of a coarse level, with its own tape: bounds its children and goes on. */
    static final class TileTask extends FrameTask {
        private final int level;
        private final PrunedTape tape;
        private final int x;
        private final int y;
        private final CompiledTier.Site site;

        TileTask(FrameRun run, int level, PrunedTape tape, int x, int y, CompiledTier.Site site) {
            super(run);
            this.level = level;
            this.tape = tape;
            this.x = x;
            this.y = y;
            this.site = site;
        }

        @Override
        void computeTile() {
            TileWorkspace ws = run.workspace();
            int size = run.sizes.size(level);
            int w = Math.min(size, run.width - x);
            int h = Math.min(size, run.height - y);
            List<TileTask> forks = level + 1 < run.scheduler.forkLevels() ? new ArrayList<>() : null;
            run.expand(ws, level, tape, x, y, w, h, site, forks);
            if (forks != null) invokeAll(forks);
        }
    }
}
