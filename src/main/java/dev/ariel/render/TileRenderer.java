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
 * <p>Work runs on a fork/join pool of {@code threads} workers: the coarse levels fork a task per
 * child tile, so both cores are busy from the first levels down, and tiles of the last two levels
 * run depth-first on one thread with that thread's reusable buffers, allocating nothing. Every
 * tile writes only its own pixels, so no image state is shared and mutable between threads.
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
    // Tiles at least this big fork their children; smaller ones run depth-first on one thread.
    private final int forkLevels;

    /**
     * A renderer.
     *
     * @param threads worker threads, at least 1
     * @param sizes the quadtree's tile sizes
     * @param tier tier 1, or null to interpret every leaf
     */
    public TileRenderer(int threads, TileSizes sizes, CompiledTier tier) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        this.threads = threads;
        this.sizes = sizes;
        this.tier = tier;
        this.compileLevel = tier == null ? -1 : sizes.levelOf(tier.compileSize());
        if (tier != null && compileLevel < 0) {
            throw new IllegalArgumentException("the compile size " + tier.compileSize() + " is not one of the tile sizes "
                    + sizes);
        }
        this.forkLevels = Math.max(1, sizes.levels() - 2);
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
        SsaTape root = model.tape();
        long start = System.nanoTime();
        long compileWait = 0;
        TapeCompiler.Lease lease = tier == null ? null : tier.compiler().lease();
        try {
            if (tier != null && tier.policy() == CompiledTier.Policy.ALWAYS) {
                // --engine jit: every compile-level tape is compiled before the frame needs it.
                FrameRun plan = new FrameRun(root, view, mode, true);
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
            FrameRun run = new FrameRun(root, view, mode, false);
            run.run();
            if (tier != null && tier.policy() == CompiledTier.Policy.AUTO) {
                tier.afterFrame(run.sites(), Math.max(0, framesLeft - 1));
            }
            return run.finish(System.nanoTime() - start, compileWait);
        } finally {
            if (lease != null) lease.close();
        }
    }

    private ForkJoinPool pool() {
        return POOLS.computeIfAbsent(threads, n -> new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("ariel-tiles-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false));
    }

    /** One thread's reusable buffers: an interval evaluator, a tape per level, and leaf arrays. */
    private static final class Workspace {
        final IntervalEvaluator intervals;
        final PrunedTape[] levels;
        final JavaTileEvaluator interpreter;
        final float[] xs;
        final float[] ys;
        final float[] out;
        final long[] hash = new long[2];
        final int leaf;
        float[] row = new float[0];
        int[] tiles = new int[0];
        int tileCount;
        long frame = -1;
        long intervalNanos, evalNanos, tierNanos;
        long filled, empty, leavesInterp, leavesCompiled, pixInterp, pixCompiled, opEvals, intervalOps;

        Workspace(int capacity, int levelCount, int leaf) {
            this.leaf = leaf;
            intervals = new IntervalEvaluator(capacity);
            levels = new PrunedTape[levelCount + 1];
            for (int i = 0; i < levels.length; i++) levels[i] = new PrunedTape(capacity);
            interpreter = new JavaTileEvaluator(leaf * leaf);
            xs = new float[leaf * leaf];
            ys = new float[leaf * leaf];
            out = new float[Math.max(leaf * leaf, 1)];
        }
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
        final ConcurrentLinkedQueue<Workspace> used = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CompiledTier.Site> sites = new ConcurrentLinkedQueue<>();

        FrameRun(SsaTape root, View view, RenderMode mode, boolean planOnly) {
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
            if (ws == null || ws.levels[0].capacity() < root.length()
                    || ws.levels.length < sizes.levels() + 1 || ws.leaf != sizes.leaf()) {
                ws = new Workspace(root.length(), sizes.levels(), sizes.leaf());
                WORKSPACE.set(ws);
            }
            if (ws.frame != id) {
                ws.frame = id;
                ws.intervalNanos = ws.evalNanos = ws.tierNanos = 0;
                ws.filled = ws.empty = ws.leavesInterp = ws.leavesCompiled = ws.pixInterp = ws.pixCompiled = ws.opEvals = ws.intervalOps = 0;
                ws.tileCount = 0;
                used.add(ws);
            }
            return ws;
        }

        void run() {
            PrunedTape top = PrunedTape.of(root);
            int span = Math.max(width, height);
            int topSize = sizes.size(0);
            // The whole image first: a model that is empty or full here needs no tiles at all.
            RootTask task = new RootTask(this, top, span, topSize);
            pool().invoke(task);
        }

        Frame finish(long wallNanos, long compileWaitNanos) {
            long iv = 0, ev = 0, tv = 0, f = 0, e = 0, li = 0, lc = 0, pi = 0, pc = 0, oe = 0, io = 0;
            for (Workspace ws : used) {
                iv += ws.intervalNanos;
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
            for (Workspace ws : used) tileInts += ws.tileCount;
            int[] tiles = new int[kinds == null ? 0 : tileInts];
            if (kinds != null) {
                int at = 0;
                for (Workspace ws : used) {
                    System.arraycopy(ws.tiles, 0, tiles, at, ws.tileCount);
                    at += ws.tileCount;
                }
            }
            long compiledTiles = 0;
            for (CompiledTier.Site s : sites) if (s.code != null) compiledTiles++;
            FrameStats stats = new FrameStats(wallNanos, iv, ev, tv, compileWaitNanos, f, e, li, lc, pi, pc, oe, io,
                    sites.size(), compiledTiles);
            return new Frame(mode, width, height, mode == RenderMode.SDF ? null : new MonoImage(width, height, pixels),
                    kinds, values, tiles, view, stats);
        }

        /**
         * Bounds {@code parent} over the tile at (x, y), of up to {@code size} pixels a side, and
         * either decides it or simplifies its tape into {@code into} (or returns {@code parent}
         * when no choice changed anything). Returns null when decided.
         */
        PrunedTape intervals(Workspace ws, PrunedTape parent, int x, int y, int w, int h, PrunedTape into) {
            long t0 = System.nanoTime();
            float xa = colX[x], xb = colX[x + w - 1];
            float ya = rowY[y], yb = rowY[y + h - 1];
            IntervalEvaluator iv = ws.intervals;
            ws.intervalOps += parent.length();
            iv.evaluate(parent, Math.min(xa, xb), Math.max(xa, xb), Math.min(ya, yb), Math.max(ya, yb), z, z);
            int out = parent.output();
            float lo = iv.lower(parent, out);
            float hi = iv.upper(parent, out);
            boolean nan = iv.maybeNaN(parent, out);
            PrunedTape result;
            if (decide && lo >= 0) {
                ws.empty++;
                if (kinds != null) tile(ws, x, y, Math.max(w, h));
                if (kinds != null) fill(kinds, x, y, w, h, EMPTY_BY_INTERVAL);
                result = null;
            } else if (decide && hi < 0 && !nan) {
                ws.filled++;
                if (kinds != null) tile(ws, x, y, Math.max(w, h));
                if (pixels != null) fill(pixels, x, y, w, h, MonoImage.FILLED);
                if (kinds != null) fill(kinds, x, y, w, h, FILLED_BY_INTERVAL);
                result = null;
            } else if (iv.decidedChoices() == 0) {
                result = parent;
            } else {
                if (into == null) into = new PrunedTape(parent.length());
                into.simplify(parent, iv.choices(), iv.maybeNaNArray());
                result = into;
            }
            ws.intervalNanos += System.nanoTime() - t0;
            return result;
        }

        void tile(Workspace ws, int x, int y, int size) {
            if (ws.tiles.length < ws.tileCount + 3) ws.tiles = Arrays.copyOf(ws.tiles, Math.max(96, ws.tiles.length * 2));
            ws.tiles[ws.tileCount++] = x;
            ws.tiles[ws.tileCount++] = y;
            ws.tiles[ws.tileCount++] = size;
        }

        void fill(byte[] image, int x, int y, int w, int h, byte v) {
            for (int j = y; j < y + h; j++) Arrays.fill(image, j * width + x, j * width + x + w, v);
        }

        /** After the tile at {@code level} got its tape: tier 1's hook at the compile level. */
        CompiledTier.Site siteFor(Workspace ws, int level, PrunedTape tape, int x, int y, int w, int h,
                CompiledTier.Site inherited) {
            if (level != compileLevel) return inherited;
            long t0 = System.nanoTime();
            float xa = colX[x], xb = colX[x + w - 1];
            float ya = rowY[y], yb = rowY[y + h - 1];
            var box = new dev.ariel.eval.Box(Math.min(xa, xb), Math.max(xa, xb), Math.min(ya, yb), Math.max(ya, yb), z, z);
            CompiledTier.Site site = tier.site(tape, box, x, y, ws.hash);
            sites.add(site);
            ws.tierNanos += System.nanoTime() - t0;
            return site;
        }

        /** Evaluates every pixel of a leaf tile. */
        void leaf(Workspace ws, PrunedTape tape, int x, int y, int w, int h, CompiledTier.Site site) {
            long t0 = System.nanoTime();
            if (kinds != null) tile(ws, x, y, Math.max(w, h));
            int n = w * h;
            RowEvaluator code = site == null ? null : site.code;
            float[] out = ws.out;
            if (code != null) {
                if (ws.row.length < width) ws.row = new float[width];
                float[] row = ws.row;
                for (int j = 0; j < h; j++) {
                    code.evaluate(colX, x, w, rowY[y + j], z, row);
                    store(row, x, x, y + j, w, BY_COMPILED_CODE);
                }
                ws.leavesCompiled++;
                ws.pixCompiled += n;
                ws.opEvals += (long) site.tape.length() * n;
            } else {
                float[] xs = ws.xs, ys = ws.ys;
                for (int j = 0, k = 0; j < h; j++) {
                    float yv = rowY[y + j];
                    for (int i = 0; i < w; i++, k++) {
                        xs[k] = colX[x + i];
                        ys[k] = yv;
                    }
                }
                ws.interpreter.evaluate(tape, xs, ys, z, n, out);
                for (int j = 0; j < h; j++) store(out, j * w, x, y + j, w, BY_INTERPRETER);
                ws.leavesInterp++;
                ws.pixInterp += n;
                ws.opEvals += (long) tape.length() * n;
                if (site != null) {
                    site.pixels.addAndGet(n);
                    site.rows.addAndGet(h);
                    site.dispatches.addAndGet(tape.length());
                    site.opEvaluations.addAndGet((long) tape.length() * n);
                }
            }
            ws.evalNanos += System.nanoTime() - t0;
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

        /** Depth-first from {@code level} down, on this thread, with its buffers. */
        void descend(Workspace ws, int level, PrunedTape parent, int x, int y, CompiledTier.Site site) {
            int size = sizes.size(level);
            int w = Math.min(size, width - x);
            int h = Math.min(size, height - y);
            PrunedTape tape = intervals(ws, parent, x, y, w, h, ws.levels[level]);
            if (tape == null) return;
            site = siteFor(ws, level, tape, x, y, w, h, site);
            if (planOnly && level >= compileLevel) return;
            if (level == sizes.levels() - 1) {
                leaf(ws, tape, x, y, w, h, site);
                return;
            }
            int child = sizes.size(level + 1);
            for (int cy = y; cy < y + h; cy += child) {
                for (int cx = x; cx < x + w; cx += child) {
                    descend(ws, level + 1, tape, cx, cy, site);
                }
            }
        }
    }

    /** The whole image as one tile, then a task per top-level tile. */
    private final class RootTask extends RecursiveAction {
        private final FrameRun run;
        private final PrunedTape top;
        private final int span;
        private final int topSize;

        RootTask(FrameRun run, PrunedTape top, int span, int topSize) {
            this.run = run;
            this.top = top;
            this.span = span;
            this.topSize = topSize;
        }

        @Override
        protected void compute() {
            Workspace ws = run.workspace();
            PrunedTape tape = run.intervals(ws, top, 0, 0, run.width, run.height, null);
            if (tape == null) return;
            List<TileTask> tasks = new ArrayList<>();
            for (int y = 0; y < run.height; y += topSize) {
                for (int x = 0; x < run.width; x += topSize) {
                    tasks.add(new TileTask(run, 0, tape, x, y, null));
                }
            }
            invokeAll(tasks);
        }
    }

    /** A tile of a coarse level: bounds it, then forks its children or descends into them. */
    private final class TileTask extends RecursiveAction {
        private final FrameRun run;
        private final int level;
        private final PrunedTape parent;
        private final int x;
        private final int y;
        private final CompiledTier.Site site;

        TileTask(FrameRun run, int level, PrunedTape parent, int x, int y, CompiledTier.Site site) {
            this.run = run;
            this.level = level;
            this.parent = parent;
            this.x = x;
            this.y = y;
            this.site = site;
        }

        @Override
        protected void compute() {
            Workspace ws = run.workspace();
            if (level >= forkLevels) {
                run.descend(ws, level, parent, x, y, site);
                return;
            }
            int size = sizes.size(level);
            int w = Math.min(size, run.width - x);
            int h = Math.min(size, run.height - y);
            // Children may run on other threads: this tile's tape must be its own, not a workspace's.
            PrunedTape tape = run.intervals(ws, parent, x, y, w, h, null);
            if (tape == null) return;
            CompiledTier.Site s = run.siteFor(ws, level, tape, x, y, w, h, site);
            if (run.planOnly && level >= compileLevel) return;
            if (level == sizes.levels() - 1) {
                run.leaf(ws, tape, x, y, w, h, s);
                return;
            }
            int child = sizes.size(level + 1);
            List<TileTask> tasks = new ArrayList<>();
            for (int cy = y; cy < y + h; cy += child) {
                for (int cx = x; cx < x + w; cx += child) {
                    tasks.add(new TileTask(run, level + 1, tape, cx, cy, s));
                }
            }
            invokeAll(tasks);
        }
    }
}
