package dev.ariel.volume;

import dev.ariel.eval.Backend;
import dev.ariel.render.Deadline;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.render.TileRenderer;
import dev.ariel.tape.SsaTape;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Finds each column's top filled voxel, and the model's gradient there, by an octree of interval
 * arithmetic over 3D boxes or by brute force. Thread-safe.
 *
 * <p>Conventions (the README's): column i, row j and slice k are sampled at the f32 coordinates
 * of {@link VolumeView#columnXs}, {@link VolumeView#rowYs} and {@link VolumeView#sliceZs}; a voxel
 * is filled where the f32 value is &lt; 0 (NaN is empty); a column's height is k + 1 for its
 * largest filled k, 0 if none. Both strategies give the same heights and, bit for bit, the same
 * gradients: the octree prunes with value-exact min/max choices when gradients are wanted (see
 * {@link OctreeRun}), and brute force evaluates the whole tape.
 *
 * <p>Work runs on a fork/join pool of {@code threads} workers, one pool per thread count shared
 * by every volume renderer, as {@link TileRenderer} keeps its own.
 */
public final class VolumeRenderer {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private final Backend backend;
    private final int threads;
    private final VolumeOptions options;

    /** A renderer whose evaluators come from {@code backend}, on {@code threads} workers, with the backend's default options. */
    public VolumeRenderer(Backend backend, int threads) {
        this(backend, threads, VolumeOptions.defaults(backend));
    }

    /** A renderer whose evaluators come from {@code backend}, on {@code threads} workers, with {@code options}. */
    public VolumeRenderer(Backend backend, int threads, VolumeOptions options) {
        this.backend = backend;
        this.threads = TileRenderer.checkThreads(threads);
        this.options = options;
        if (options.compile().compiles() && backend.tapeCompiler() == null) {
            throw new IllegalArgumentException("compile policy " + options.compile() + " needs a backend that compiles, not "
                    + backend.name());
        }
    }

    /** The backend whose evaluators render. */
    public Backend backend() {
        return backend;
    }

    /** The worker count. */
    public int threads() {
        return threads;
    }

    /** The octree's options. */
    public VolumeOptions options() {
        return options;
    }

    /**
     * Renders {@code viewTape} (see {@link VolumeView#viewTape}) over {@code view}.
     *
     * @param brute evaluate every column from the top down to its first filled voxel, with no intervals
     * @param gradients whether to compute gradients at the top voxels
     */
    public HeightField render(SsaTape viewTape, VolumeView view, boolean brute, boolean gradients, Deadline deadline) {
        return renderFrame(viewTape, view, brute, gradients, deadline).field();
    }

    /**
     * Renders as {@link #render} does, and says where the time went.
     *
     * @throws RenderTimeoutException once {@code deadline} passes (checked between boxes and slices)
     */
    public VolumeFrame renderFrame(SsaTape viewTape, VolumeView view, boolean brute, boolean gradients, Deadline deadline) {
        VolumeRun run = brute ? new BruteRun(this, viewTape, view, gradients, deadline)
                : new OctreeRun(this, viewTape, view, gradients, options, deadline);
        try {
            return run.run();
        } catch (RuntimeException e) {
            // Fork/join may rethrow a worker's exception as another instance, or wrapped.
            if (deadline.passed()) throw new RenderTimeoutException(deadline.budgetNanos());
            throw e;
        }
    }

    ForkJoinPool pool() {
        ForkJoinPool pool = POOLS.get(threads);
        if (pool != null) return pool;
        pool = new ForkJoinPool(threads, new Workers(), null, false);
        ForkJoinPool had = POOLS.putIfAbsent(threads, pool);
        if (had == null) return pool;
        pool.shutdown();
        return had;
    }

    // A class, not a lambda: render3d's start runs this, and lambdas' bootstraps cost start-up time.
    private static final class Workers implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool p) {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("ariel-volume-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }
    }
}
