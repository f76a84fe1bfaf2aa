package dev.ariel.render;

import dev.ariel.eval.Backend;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.eval.TileEvaluator;
import dev.ariel.tape.PrunedTape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * The quadtree tile scheduler: renders a model by interval arithmetic over tiles, from coarse
 * tiles down to leaves, evaluating pixels only where intervals cannot decide them, with each
 * tile's tape simplified by the choices its intervals made. Thread-safe; one renderer may serve
 * many frames and many threads.
 *
 * <p>For each tile, {@link IntervalEvaluator} bounds the parent's tape over the tile's f32 box.
 * A tile proved &lt; 0 (and never NaN) is filled at once, one proved ≥ 0 is left empty (NaN pixels
 * are empty too), and any other tile gets a {@link PrunedTape} without the min/max branches that
 * cannot win there and is split into the next size's tiles. At the leaves the backend's
 * {@link TileEvaluator} evaluates every pixel of the tile in one pass, or, below a tile of the
 * compile level whose tape tier 1 has compiled, that compiled code does, through the same
 * contract (see {@link CompiledTier}). The scheduler knows evaluators only through the
 * {@link Backend} that yields them. In SDF mode nothing is decided by interval, since every value is
 * wanted, but tapes are still simplified: choices are exact, so values are too.
 *
 * <p>Work runs on a fork/join pool of {@code threads} workers. Every undecided tile above the leaf
 * level is a task of its own, so both cores are busy from the coarse levels down; it keeps an
 * exact-size copy of its tape (about 0.7 MB a frame for prospero.vm at 1024²). The children of a
 * tile are bounded together, up to 16 in one pass over the tape (see {@link IntervalEvaluator}),
 * and leaves are simplified into and evaluated from the thread's reusable buffers, allocating
 * nothing. Every tile writes only its own pixels, so no image state is shared and mutable
 * between threads.
 *
 * <p>What a frame does with tier 1 is the tier's {@link CompiledTier.Plan}, asked for before the
 * frame; the scheduler carries it out. Its only static state is the fork/join pools, one per
 * thread count, shared by every renderer; each thread's buffers are in a {@link TileWorkspace}.
 */
public final class TileRenderer {
    private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    // Frames this JVM has rendered, by any renderer: how far HotSpot has seen the tile loop (TileSizes.forFrames).
    private static final java.util.concurrent.atomic.AtomicLong FRAMES_RENDERED = new java.util.concurrent.atomic.AtomicLong();

    private final Backend backend;
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
     * A renderer over the Java interpreter.
     *
     * @param threads worker threads, 1 to {@link #MAX_THREADS}
     * @param sizes the quadtree's tile sizes
     * @param tier tier 1, or null to interpret every leaf
     */
    public TileRenderer(int threads, TileSizes sizes, CompiledTier tier) {
        this(JavaEngine.INSTANCE, threads, sizes, tier);
    }

    /**
     * A renderer whose interval and leaf evaluators come from {@code backend}.
     *
     * @param threads worker threads, 1 to {@link #MAX_THREADS}
     * @param sizes the quadtree's tile sizes
     * @param tier tier 1, or null to interpret every leaf
     */
    public TileRenderer(Backend backend, int threads, TileSizes sizes, CompiledTier tier) {
        this.backend = backend;
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

    /** How many frames every renderer in this JVM has completed. */
    public static long framesRendered() {
        return FRAMES_RENDERED.get();
    }

    /** The tile sizes. */
    public TileSizes sizes() {
        return sizes;
    }

    /** Tier 1, or null. */
    public CompiledTier tier() {
        return tier;
    }

    /** The backend whose evaluators render the tiles. */
    public Backend backend() {
        return backend;
    }

    int compileLevel() {
        return compileLevel;
    }

    int forkLevels() {
        return forkLevels;
    }

    /** Renders one mono frame. */
    public MonoImage render(RenderModel model, View view) {
        return ((Frame.Mono) render(model, view, RenderMode.MONO, 1)).mono();
    }

    /**
     * Renders one frame of {@code view} in {@code mode}.
     *
     * @param framesLeft how many frames of this view, this one included, the caller still expects
     *     to render: the cost model weighs compiling against them
     */
    public Frame render(RenderModel model, View view, RenderMode mode, int framesLeft) {
        return render(model, view, mode, framesLeft, Deadline.NONE);
    }

    /**
     * Renders one frame of {@code view} in {@code mode}, giving up with a
     * {@link RenderTimeoutException} once {@code deadline} passes (checked between tiles).
     *
     * @param framesLeft how many frames of this view, this one included, the caller still expects
     *     to render: the cost model weighs compiling against them
     */
    public Frame render(RenderModel model, View view, RenderMode mode, int framesLeft, Deadline deadline) {
        try {
            return renderFrame(model, view, mode, framesLeft, deadline);
        } catch (RuntimeException e) {
            // Fork/join may rethrow a worker's exception as another instance, or wrapped.
            if (deadline.passed()) throw new RenderTimeoutException(deadline.budgetNanos());
            throw e;
        }
    }

    private Frame renderFrame(RenderModel model, View view, RenderMode mode, int framesLeft, Deadline deadline) {
        long start = System.nanoTime();
        long compileWait = 0;
        CompiledTier.Plan plan = tier == null ? CompiledTier.Plan.INTERPRET : tier.plan(view, mode, framesLeft);
        TapeCompiler.Lease lease = tier == null ? null : tier.compiler().lease();
        try {
            if (plan.compileFirst()) {
                FrameRun survey = new FrameRun(this, model.tape(), view, FrameTarget.survey(mode), true, deadline).run();
                if (tier.compileFor(survey.sites(), framesLeft) > 0) {
                    long w0 = System.nanoTime();
                    lease.close(); // compiled batches may evict older code; no render runs now
                    lease = null;
                    tier.awaitCompiles();
                    lease = tier.compiler().lease();
                    compileWait = System.nanoTime() - w0;
                }
            }
            FrameRun run = new FrameRun(this, model.tape(), view, FrameTarget.of(view, mode), plan.lookUp(), deadline).run();
            if (plan.learn()) tier.learn(run.sites(), framesLeft, view, mode);
            FRAMES_RENDERED.incrementAndGet();
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

    ForkJoinPool pool() {
        return POOLS.computeIfAbsent(threads, n -> new ForkJoinPool(n, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("ariel-tiles-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false));
    }
}
