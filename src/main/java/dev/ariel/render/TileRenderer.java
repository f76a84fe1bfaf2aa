package dev.ariel.render;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaTileEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quadtree tile scheduler: renders a model by interval arithmetic over tiles, from coarse
 * tiles down to leaves, evaluating pixels only where intervals cannot decide them, with each
 * tile's tape simplified by the choices its intervals made. Thread-safe; one renderer may serve
 * many frames and many threads.
 *
 * <p>For each tile, {@link IntervalEvaluator} bounds the parent's tape over the tile's f32 box.
 * A tile proved &lt; 0 (and never NaN) is filled at once, one proved ≥ 0 is left empty (NaN pixels
 * are empty too), and any other tile gets a {@link PrunedTape} without the min/max branches that
 * cannot win there and is split into the next size's tiles. At the leaves the interpreter
 * ({@link JavaTileEvaluator}) evaluates every pixel of the tile in one pass, or, below a tile of
 * the compile level whose tape tier 1 has compiled, that compiled code does (see
 * {@link CompiledTier}). In SDF mode nothing is decided by interval, since every value is
 * wanted, but tapes are still simplified: choices are exact, so values are too.
 *
 * <p>Work runs on a fork/join pool of {@code threads} workers. Every undecided tile above the leaf
 * level is a task of its own, so both cores are busy from the coarse levels down; it keeps an
 * exact-size copy of its tape (about 0.7 MB a frame for prospero.vm at 1024²). The children of a
 * tile are bounded together, up to 16 in one pass over the tape (see {@link IntervalEvaluator}),
 * and leaves are simplified into and evaluated from the thread's reusable buffers, allocating
 * nothing. Every tile writes only its own pixels, so no image state is shared and mutable
 * between threads.
 */
public final class TileRenderer {
    private static final byte EMPTY_BY_INTERVAL = DebugShading.EMPTY_BY_INTERVAL;
    private static final byte FILLED_BY_INTERVAL = DebugShading.FILLED_BY_INTERVAL;
    private static final byte BY_INTERPRETER = DebugShading.INTERPRETED;
    private static final byte BY_COMPILED_CODE = DebugShading.COMPILED;

    private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>();
    private static final AtomicLong FRAME_IDS = new AtomicLong();

    private final int threads;
    private final TileSizes sizes;
    private final CompiledTier tier;
    private final int compileLevel;
    // Tiles of the levels above this one are tasks of their own, so that work spreads over the
    // threads from the coarse levels down; the last level's tiles run where their parent does.
    private final int forkLevels;

    /** The most render threads: {@link ForkJoinPool} refuses a parallelism above 32,767. */
    public static final int MAX_THREADS = 0x7fff;

    /**
     * Returns {@code threads} if a renderer can run on that many threads.
     *
     * @throws IllegalArgumentException unless it is 1 to {@link #MAX_THREADS}
     */
    public static int checkThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", not " + threads);
        }
        return threads;
    }

    /**
     * A renderer.
     *
     * @param threads worker threads, 1 to {@link #MAX_THREADS}
     * @param sizes the quadtree's tile sizes
     * @param tier tier 1, or null to interpret every leaf
     */
    public TileRenderer(int threads, TileSizes sizes, CompiledTier tier) {
        this.threads = checkThreads(threads);
        this.sizes = sizes;
        this.tier = tier;
        this.compileLevel = tier == null ? -1 : sizes.levelOf(tier.compileSize());
        if (tier != null && compileLevel < 0) {
            throw new IllegalArgumentException("the compile size " + tier.compileSize() + " is not one of the tile sizes "
                    + sizes);
        }
        this.forkLevels = Math.max(1, sizes.levels() - 1);
    }

    /** The pruned interpreter on every core, with the default tile sizes. */
    public static TileRenderer interpreter() {
        return new TileRenderer(Runtime.getRuntime().availableProcessors(), TileSizes.defaults(), null);
    }

    /** The tile sizes. */
    public TileSizes sizes() {
        return sizes;
    }

    /** Tier 1, or null. */
    public CompiledTier tier() {
        return tier;
    }

    /** Renders one mono frame. */
    public MonoImage render(Model model, View view) {
        return render(model, view, RenderMode.MONO, 1).mono();
    }

    /**
     * Renders one frame of {@code view} in {@code mode}.
     *
     * @param framesLeft how many frames of this view, this one included, the caller still expects
     *     to render: the cost model weighs compiling against them
     */
    public Frame render(Model model, View view, RenderMode mode, int framesLeft) {
        return render(model, view, mode, framesLeft, Deadline.NONE);
    }

    /**
     * Renders one frame of {@code view} in {@code mode}, giving up with a
     * {@link RenderTimeoutException} once {@code deadline} passes (checked between tiles).
     *
     * @param framesLeft how many frames of this view, this one included, the caller still expects
     *     to render: the cost model weighs compiling against them
     */
    public Frame render(Model model, View view, RenderMode mode, int framesLeft, Deadline deadline) {
        try {
            return renderFrame(model, view, mode, framesLeft, deadline);
        } catch (RuntimeException e) {
            // Fork/join may rethrow a worker's exception as another instance, or wrapped.
            if (deadline.passed()) throw new RenderTimeoutException(deadline.budgetNanos());
            throw e;
        }
    }

    private Frame renderFrame(Model model, View view, RenderMode mode, int framesLeft, Deadline deadline) {
        SsaTape root = model.tape();
        long start = System.nanoTime();
        long compileWait = 0;
        TapeCompiler.Lease lease = tier == null ? null : tier.compiler().lease();
        try {
            if (tier != null && tier.policy() == CompiledTier.Policy.ALWAYS) {
                // --engine jit: every compile-level tape is compiled before the frame needs it.
                FrameRun plan = new FrameRun(root, view, mode, true, true, deadline);
                plan.run();
                if (tier.afterFrame(plan.sites(), framesLeft) > 0) {
                    long w0 = System.nanoTime();
                    lease.close(); // compiled batches may evict older code; no render runs now
                    lease = null;
                    tier.awaitCompiles();
                    lease = tier.compiler().lease();
                    compileWait = System.nanoTime() - w0;
                }
            }
            boolean useTier = tier != null && (tier.policy() != CompiledTier.Policy.AUTO
                    || ((framesLeft > 1 || tier.compiler().counters().tapesCompiled() > 0)
                            && !tier.skips(view, mode, framesLeft)));
            FrameRun run = new FrameRun(root, view, mode, false, useTier, deadline);
            run.run();
            if (tier != null && tier.policy() != CompiledTier.Policy.ALWAYS && useTier) {
                tier.afterFrame(run.sites(), Math.max(0, framesLeft - 1), view, mode);
            }
            return run.finish(System.nanoTime() - start, compileWait);
        } finally {
            if (lease != null) lease.close();
        }
    }

    // A pass over several tiles keeps every instruction's bounds for each of them: cap the lanes
    // so that a huge tape (a million instructions) takes about 40 MB a thread, not 160.
    private static final int LANE_BUDGET = 1 << 22;

    static int lanesFor(PrunedTape tape) {
        return lanesFor(tape.length());
    }

    static int lanesFor(int length) {
        return Math.max(1, Math.min(IntervalEvaluator.MAX_LANES, LANE_BUDGET / Math.max(1, length)));
    }

    private ForkJoinPool pool() {
        return POOLS.computeIfAbsent(threads, n -> new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("ariel-tiles-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false));
    }

    /**
     * One thread's reusable buffers: per level an interval evaluator, a tape, and the boxes of the
     * children being bounded; and the leaf's point arrays.
     */
    private static final class Workspace {
        final IntervalEvaluator rootIntervals;
        final IntervalEvaluator[] intervals;
        final PrunedTape[] levels;
        final int[][] tx;
        final int[][] ty;
        final float[][] bx0, bx1, by0, by1;
        final JavaTileEvaluator interpreter;
        final float[] xs;
        final float[] ys;
        final float[] out;
        final long[] hash = new long[2];
        final int leaf;
        // The tally of the frame whose task this thread runs now. A thread that waits for its
        // subtasks may run another frame's task meanwhile, so each task sets it afresh.
        Tally tally;

        Workspace(int capacity, int levelCount, int leaf) {
            this.leaf = leaf;
            rootIntervals = new IntervalEvaluator(capacity);
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
                intervals[i] = new IntervalEvaluator(i == 0 ? capacity * Math.min(4, lanesFor(capacity)) : 256);
                levels[i] = new PrunedTape(i == 0 ? capacity : 256);
            }
            interpreter = new JavaTileEvaluator(leaf * leaf);
            xs = new float[leaf * leaf];
            ys = new float[leaf * leaf];
            out = new float[Math.max(leaf * leaf, 1)];
        }
    }

    /** What one thread did for one frame. */
    private static final class Tally {
        long intervalNanos, simplifyNanos, evalNanos, tierNanos;
        long filled, empty, leavesInterp, leavesCompiled, pixInterp, pixCompiled, opEvals, intervalOps;
        int[] tiles = new int[0];
        int tileCount;
    }

    /** One frame: its buffers, its tasks and its statistics. */
    private final class FrameRun {
        final long id = FRAME_IDS.incrementAndGet();
        final SsaTape root;
        final View view;
        final RenderMode mode;
        final boolean planOnly;
        final int width;
        final int height;
        final float[] colX;
        final float[] rowY;
        final float z;
        final byte[] pixels;
        final byte[] kinds;
        final float[] values;
        final boolean decide;
        // Whether to look tier 1 up at all: a last frame of the tiered engine with nothing
        // compiled yet can neither use code nor start compiles that would pay.
        final boolean useTier;
        final Deadline deadline;
        final ConcurrentHashMap<Long, Tally> tallies = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<CompiledTier.Site> sites = new ConcurrentLinkedQueue<>();

        FrameRun(SsaTape root, View view, RenderMode mode, boolean planOnly, boolean useTier, Deadline deadline) {
            this.useTier = useTier;
            this.deadline = deadline;
            this.root = root;
            this.view = view;
            this.mode = mode;
            this.planOnly = planOnly;
            width = view.width();
            height = view.height();
            colX = view.columnXs();
            rowY = view.rowYs();
            z = (float) view.z();
            pixels = planOnly ? null : new byte[width * height];
            kinds = mode == RenderMode.DEBUG && !planOnly ? new byte[width * height] : null;
            values = mode == RenderMode.SDF && !planOnly ? new float[width * height] : null;
            decide = mode != RenderMode.SDF;
        }

        List<CompiledTier.Site> sites() {
            return new ArrayList<>(sites);
        }

        Workspace workspace() {
            Workspace ws = WORKSPACE.get();
            if (ws == null || ws.levels.length != sizes.levels() || ws.leaf != sizes.leaf()) {
                ws = new Workspace(root.length(), sizes.levels(), sizes.leaf());
                WORKSPACE.set(ws);
            }
            ws.tally = tallies.computeIfAbsent(Thread.currentThread().threadId(), t -> new Tally());
            return ws;
        }

        void run() {
            // A mono or debug frame needs only the sign of the value; an SDF frame needs the value.
            PrunedTape top = PrunedTape.of(root, decide);
            // The whole image first: a model that is empty or full here needs no tiles at all.
            RootTask task = new RootTask(this, top);
            pool().invoke(task);
        }

        Frame finish(long wallNanos, long compileWaitNanos) {
            long iv = 0, sv = 0, ev = 0, tv = 0, f = 0, e = 0, li = 0, lc = 0, pi = 0, pc = 0, oe = 0, io = 0;
            for (Tally ws : tallies.values()) {
                iv += ws.intervalNanos;
                sv += ws.simplifyNanos;
                ev += ws.evalNanos;
                tv += ws.tierNanos;
                f += ws.filled;
                e += ws.empty;
                li += ws.leavesInterp;
                lc += ws.leavesCompiled;
                pi += ws.pixInterp;
                pc += ws.pixCompiled;
                oe += ws.opEvals;
                io += ws.intervalOps;
            }
            int tileInts = 0;
            for (Tally ws : tallies.values()) tileInts += ws.tileCount;
            int[] tiles = new int[kinds == null ? 0 : tileInts];
            if (kinds != null) {
                int at = 0;
                for (Tally ws : tallies.values()) {
                    System.arraycopy(ws.tiles, 0, tiles, at, ws.tileCount);
                    at += ws.tileCount;
                }
            }
            long compiledTiles = 0;
            for (CompiledTier.Site s : sites) if (s.code != null) compiledTiles++;
            FrameStats stats = new FrameStats(wallNanos, iv, sv, ev, tv, compileWaitNanos, f, e, li, lc, pi, pc, oe, io,
                    sites.size(), compiledTiles);
            return new Frame(mode, width, height, mode == RenderMode.SDF ? null : new MonoImage(width, height, pixels),
                    kinds, values, tiles, view, stats);
        }

        /** Bounds the whole image against the root tape: null if that decides it, else its tape. */
        PrunedTape root(Workspace ws, PrunedTape top) {
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
        private boolean decided(Workspace ws, IntervalEvaluator iv, PrunedTape parent, int lane, int x, int y, int w, int h) {
            if (!decide) return false;
            int out = parent.output();
            if (iv.lower(parent, out, lane) >= 0) {
                // NaN pixels are empty too, so a maybe-NaN tile at or above zero is empty.
                ws.tally.empty++;
                if (kinds != null) {
                    tile(ws, x, y, Math.max(w, h));
                    fill(kinds, x, y, w, h, EMPTY_BY_INTERVAL);
                }
                return true;
            }
            if (iv.upper(parent, out, lane) < 0 && !iv.maybeNaN(parent, out, lane)) {
                ws.tally.filled++;
                if (pixels != null) fill(pixels, x, y, w, h, MonoImage.FILLED);
                if (kinds != null) {
                    tile(ws, x, y, Math.max(w, h));
                    fill(kinds, x, y, w, h, FILLED_BY_INTERVAL);
                }
                return true;
            }
            return false;
        }

        /**
         * Bounds {@code count} tiles of {@code level} (origins in {@code ws.tx[level]},
         * {@code ws.ty[level]}) against {@code parent} in one pass, then decides, simplifies and
         * goes on with each: depth-first on this thread, or, where {@code forks} is given, as new
         * tasks added to it.
         */
        void bound(Workspace ws, int level, PrunedTape parent, int count, CompiledTier.Site site, List<TileTask> forks) {
            deadline.check();
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
                if (planOnly && level >= compileLevel) continue;
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
        void expand(Workspace ws, int level, PrunedTape tape, int x, int y, int w, int h, CompiledTier.Site site,
                List<TileTask> forks) {
            int child = sizes.size(level + 1);
            int[] tx = ws.tx[level + 1], ty = ws.ty[level + 1];
            int count = 0;
            int lanes = lanesFor(tape);
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

        void tile(Workspace ws, int x, int y, int size) {
            Tally t = ws.tally;
            if (t.tiles.length < t.tileCount + 3) t.tiles = Arrays.copyOf(t.tiles, Math.max(96, t.tiles.length * 2));
            t.tiles[t.tileCount++] = x;
            t.tiles[t.tileCount++] = y;
            t.tiles[t.tileCount++] = size;
        }

        void fill(byte[] image, int x, int y, int w, int h, byte v) {
            for (int j = y; j < y + h; j++) Arrays.fill(image, j * width + x, j * width + x + w, v);
        }

        /** After the tile at {@code level} got its tape: tier 1's hook at the compile level. */
        CompiledTier.Site siteFor(Workspace ws, int level, PrunedTape tape, int x, int y, int w, int h,
                CompiledTier.Site inherited) {
            if (level != compileLevel || !useTier) return inherited;
            long t0 = System.nanoTime();
            float xa = colX[x], xb = colX[x + w - 1];
            float ya = rowY[y], yb = rowY[y + h - 1];
            var box = new dev.ariel.tape.Box(Math.min(xa, xb), Math.max(xa, xb), Math.min(ya, yb), Math.max(ya, yb), z, z);
            CompiledTier.Site site = tier.site(tape, box, x, y, ws.hash);
            sites.add(site);
            ws.tally.tierNanos += System.nanoTime() - t0;
            return site;
        }

        /** Evaluates every pixel of a leaf tile. */
        void leaf(Workspace ws, PrunedTape tape, int x, int y, int w, int h, CompiledTier.Site site) {
            deadline.check();
            long t0 = System.nanoTime();
            if (kinds != null) tile(ws, x, y, Math.max(w, h));
            int n = w * h;
            RowEvaluator code = site == null ? null : site.code;
            float[] out = ws.out;
            if (code != null) {
                // One call for the leaf's rows: crossing into native code costs microseconds a
                // call until the JVM has compiled the call path.
                code.evaluateRows(colX, x, w, rowY, y, h, z, out);
                for (int j = 0; j < h; j++) store(out, j * w, x, y + j, w, BY_COMPILED_CODE);
                ws.tally.leavesCompiled++;
                ws.tally.pixCompiled += n;
                ws.tally.opEvals += (long) site.tape.length() * n;
            } else {
                float[] xs = ws.xs, ys = ws.ys;
                for (int j = 0; j < h; j++) {
                    System.arraycopy(colX, x, xs, j * w, w);
                    Arrays.fill(ys, j * w, j * w + w, rowY[y + j]);
                }
                ws.interpreter.evaluate(tape, xs, ys, z, n, out);
                for (int j = 0; j < h; j++) store(out, j * w, x, y + j, w, BY_INTERPRETER);
                ws.tally.leavesInterp++;
                ws.tally.pixInterp += n;
                ws.tally.opEvals += (long) tape.length() * n;
                if (site != null) {
                    site.pixels.addAndGet(n);
                    site.rows.addAndGet(h);
                    site.dispatches.addAndGet(tape.length());
                    site.opEvaluations.addAndGet((long) tape.length() * n);
                }
            }
            ws.tally.evalNanos += System.nanoTime() - t0;
        }

        private void store(float[] out, int from, int x, int y, int w, byte kind) {
            int base = y * width + x;
            if (values != null) {
                System.arraycopy(out, from, values, base, w);
            } else {
                // NaN < 0 is false: NaN pixels are empty.
                for (int i = 0; i < w; i++) pixels[base + i] = out[from + i] < 0f ? MonoImage.FILLED : 0;
            }
            if (kinds != null) Arrays.fill(kinds, base, base + w, kind);
        }

    }

    /** The whole image as one tile, then tasks for groups of top-level tiles. */
    private final class RootTask extends RecursiveAction {
        private final FrameRun run;
        private final PrunedTape top;

        RootTask(FrameRun run, PrunedTape top) {
            this.run = run;
            this.top = top;
        }

        @Override
        protected void compute() {
            Workspace ws = run.workspace();
            PrunedTape tape = run.root(ws, top);
            if (tape == null) return;
            tape.shareable(); // groups on other threads read it
            int size = sizes.size(0);
            List<GroupTask> groups = new ArrayList<>();
            int lanes = lanesFor(tape);
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
    private final class GroupTask extends RecursiveAction {
        private final FrameRun run;
        private final PrunedTape parent;
        private final int[] xs;
        private final int[] ys;
        private final int count;

        GroupTask(FrameRun run, PrunedTape parent, int[] xs, int[] ys, int count) {
            this.run = run;
            this.parent = parent;
            this.xs = xs;
            this.ys = ys;
            this.count = count;
        }

        @Override
        protected void compute() {
            Workspace ws = run.workspace();
            System.arraycopy(xs, 0, ws.tx[0], 0, count);
            System.arraycopy(ys, 0, ws.ty[0], 0, count);
            List<TileTask> forks = forkLevels > 0 ? new ArrayList<>() : null;
            run.bound(ws, 0, parent, count, null, forks);
            if (forks != null) invokeAll(forks);
        }
    }

    /** An undecided tile of a coarse level, with its own tape: bounds its children and goes on. */
    private final class TileTask extends RecursiveAction {
        private final FrameRun run;
        private final int level;
        private final PrunedTape tape;
        private final int x;
        private final int y;
        private final CompiledTier.Site site;

        TileTask(FrameRun run, int level, PrunedTape tape, int x, int y, CompiledTier.Site site) {
            this.run = run;
            this.level = level;
            this.tape = tape;
            this.x = x;
            this.y = y;
            this.site = site;
        }

        @Override
        protected void compute() {
            Workspace ws = run.workspace();
            int size = sizes.size(level);
            int w = Math.min(size, run.width - x);
            int h = Math.min(size, run.height - y);
            List<TileTask> forks = level + 1 < forkLevels ? new ArrayList<>() : null;
            run.expand(ws, level, tape, x, y, w, h, site, forks);
            if (forks != null) invokeAll(forks);
        }
    }
}
