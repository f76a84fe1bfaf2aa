package dev.ariel.volume;

import dev.ariel.eval.Backend;
import dev.ariel.render.TileSizes;

/**
 * How the octree renders: its box sizes, where compiled code may run, and which tapes gradients
 * are evaluated with. Immutable; change it with the {@code with...} copies.
 *
 * @param sizes the boxes' edges in voxels, from the coarsest to the leaves, the same along x, y
 *     and z: a box of level L splits into boxes of level L + 1, (size(L)/size(L+1))² columns
 *     times slices of size(L+1), visited from the top slice down
 * @param compile whether leaves below a compile-level box run on compiled code
 * @param compileLevel the level whose boxes' tapes are compiled (an index into {@code sizes})
 * @param gradientLevel −1: each top voxel's gradient is evaluated with the tape of the box (leaf,
 *     or box proved filled) that found its height; L ≥ 1: with the tape of its box of level L,
 *     batching every top voxel below it into one call, so a tier whose gradient evaluators are
 *     compiled per tape compiles one per such box, not one per leaf. Exact either way: pruning is
 *     value-exact, so every tape agrees with the whole model's gradient in its box
 * @param gradientBackend the backend whose gradient evaluators run, or null for the renderer's
 *     own; every tier gives the same bits, so this only changes the cost
 * @param signOnlyHeights whether a render without gradients may prune by sign alone (as mono
 *     frames do), which keeps more boxes decided; heights are the same either way
 */
public record VolumeOptions(TileSizes sizes, CompilePolicy compile, int compileLevel, int gradientLevel,
        Backend gradientBackend, boolean signOnlyHeights) {
    /** The default box sizes, measured on bear.vm and colonnade.vm at 256³ and 512³. */
    public static final TileSizes DEFAULT_SIZES = TileSizes.of(128, 32, 8);

    public VolumeOptions {
        if (sizes == null || compile == null) throw new IllegalArgumentException("sizes and compile policy are required");
        if (compileLevel < 0 || compileLevel >= sizes.levels()) {
            throw new IllegalArgumentException("the compile level must be 0 to " + (sizes.levels() - 1) + ", not " + compileLevel);
        }
        if (gradientLevel != -1 && (gradientLevel < 1 || gradientLevel >= sizes.levels())) {
            throw new IllegalArgumentException("the gradient level must be -1 or 1 to " + (sizes.levels() - 1)
                    + ", not " + gradientLevel);
        }
    }

    /** Interpreted leaves, per-box gradient tapes, sign-only pruning where gradients are not wanted. */
    public static VolumeOptions defaults() {
        return new VolumeOptions(DEFAULT_SIZES, CompilePolicy.NONE, 0, -1, null, true);
    }

    /**
     * The defaults for {@code backend}: a backend that compiles gets its gradients evaluated per
     * box of level 1, since its gradient evaluators are compiled per tape.
     */
    public static VolumeOptions defaults(Backend backend) {
        VolumeOptions d = defaults();
        return backend.tapeCompiler() == null ? d : d.withGradientLevel(1);
    }

    /** A copy with other box sizes; the compile and gradient levels are clamped into them. */
    public VolumeOptions withSizes(TileSizes s) {
        int last = s.levels() - 1;
        int g = gradientLevel < 0 || last < 1 ? -1 : Math.min(gradientLevel, last);
        return new VolumeOptions(s, compile, Math.min(compileLevel, last), g, gradientBackend, signOnlyHeights);
    }

    /** A copy with another compile policy at {@code level}. */
    public VolumeOptions withCompile(CompilePolicy policy, int level) {
        return new VolumeOptions(sizes, policy, level, gradientLevel, gradientBackend, signOnlyHeights);
    }

    /** A copy whose gradients use the tapes of boxes of {@code level} (−1: the deciding box's). */
    public VolumeOptions withGradientLevel(int level) {
        return new VolumeOptions(sizes, compile, compileLevel, level, gradientBackend, signOnlyHeights);
    }

    /** A copy whose gradients come from {@code backend} (null: the renderer's). */
    public VolumeOptions withGradientBackend(Backend backend) {
        return new VolumeOptions(sizes, compile, compileLevel, gradientLevel, backend, signOnlyHeights);
    }

    /** A copy that does or does not prune by sign alone when no gradients are wanted. */
    public VolumeOptions withSignOnlyHeights(boolean signOnly) {
        return new VolumeOptions(sizes, compile, compileLevel, gradientLevel, gradientBackend, signOnly);
    }
}
