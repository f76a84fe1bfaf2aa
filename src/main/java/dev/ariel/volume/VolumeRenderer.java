package dev.ariel.volume;

import dev.ariel.eval.Backend;
import dev.ariel.render.Deadline;
import dev.ariel.tape.SsaTape;

/**
 * Finds each column's top filled voxel, and the model's gradient there, by an octree of interval
 * arithmetic over 3D boxes or by brute force. Thread-safe.
 */
public final class VolumeRenderer {
    private final Backend backend;
    private final int threads;

    /** A renderer whose evaluators come from {@code backend}, on {@code threads} workers. */
    public VolumeRenderer(Backend backend, int threads) {
        this.backend = backend;
        this.threads = threads;
    }

    /**
     * Renders {@code viewTape} (see {@link VolumeView#viewTape}) over {@code view}.
     *
     * @param brute evaluate every column from the top down to its first filled voxel, with no intervals
     * @param gradients whether to compute gradients at the top voxels
     */
    public HeightField render(SsaTape viewTape, VolumeView view, boolean brute, boolean gradients, Deadline deadline) {
        throw new UnsupportedOperationException("to be written: the octree");
    }
}
