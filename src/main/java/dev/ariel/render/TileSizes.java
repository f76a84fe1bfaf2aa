package dev.ariel.render;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The tile sizes of the quadtree, in pixels, from the coarsest to the leaves: each size divides
 * the one before it, so every tile splits into whole tiles of the next size. Immutable.
 */
public final class TileSizes {
    /**
     * The largest leaf: every thread holds buffers of leaf² points (coordinates, results, and one
     * per live value in the interpreter), so a leaf of 16,384 would need gigabytes for an 8-pixel
     * image, and past 46,340 leaf² overflows an int. 128² = 16,384 points, the widest row the
     * brute-force renderer evaluates at once ({@link View#MAX_SIDE}).
     */
    public static final int MAX_LEAF = 128;

    /** The largest tile: as wide as the widest image; a larger one covers nothing more. */
    public static final int MAX_SIZE = View.MAX_SIDE;

    private final int[] sizes;

    private TileSizes(int[] sizes) {
        this.sizes = sizes;
    }

    /**
     * Tile sizes from the coarsest down.
     *
     * @throws IllegalArgumentException unless the sizes are positive, strictly decreasing, each
     *     divides the one before it, none is over {@link #MAX_SIZE} and the leaf is at most
     *     {@link #MAX_LEAF}
     */
    public static TileSizes of(int... sizes) {
        if (sizes.length == 0) throw new IllegalArgumentException("at least one tile size is needed");
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > MAX_SIZE) {
                throw new IllegalArgumentException("tile sizes must be 1 to " + MAX_SIZE + ", not " + sizes[i]);
            }
            if (i > 0 && (sizes[i] >= sizes[i - 1] || sizes[i - 1] % sizes[i] != 0)) {
                throw new IllegalArgumentException("each tile size must divide the one before it and be smaller: "
                        + sizes[i - 1] + " then " + sizes[i]);
            }
        }
        int leaf = sizes[sizes.length - 1];
        if (leaf > MAX_LEAF) {
            throw new IllegalArgumentException("the last tile size (the leaf) must be at most " + MAX_LEAF + ", not " + leaf);
        }
        return new TileSizes(sizes.clone());
    }

    /** Parses {@code "128,32,8"}. */
    public static TileSizes parse(String text) {
        try {
            return of(Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tile sizes must be whole numbers separated by commas, not '" + text + "'");
        }
    }

    /**
     * The default: 512, 128 and 32 pixels. Measured on prospero.vm with 2 threads in a warm JVM
     * (medians of 21 frames, {@code TileFrameTable}): 4.4 ms a 1024² frame, against 4.6 for
     * 256,64,32, 5.1 for 256,64,16 and 6.9 for 512,128,32,8; 12.8 ms at 4096². A 32×32 leaf is
     * one 1,024-wide pass of the interpreter per instruction, which amortises its dispatch; finer
     * leaves cost more in intervals and simplification than they save.
     */
    public static TileSizes defaults() {
        return of(512, 128, 32);
    }

    /**
     * The default for a render of {@code frames} frames: a one-off frame in a JVM that has not yet
     * rendered {@link #WARM_FRAMES} frames runs mostly before HotSpot has compiled the interpreter's
     * loops, where every instruction-pixel costs some 50 times more, so it is cheaper to prune on
     * down to 8-px leaves: about 130 ms against 170–190 ms for a cold 1024² prospero frame, though
     * 6.9 ms against 4.4 once warm. From two frames on, or in a warm JVM (the daemon, a service, a
     * library caller's hundredth frame), {@link #defaults()}: a warm daemon's one-frame prospero
     * render took 12.6 ms with them against 19.8 with 8-px leaves (medians of 40).
     */
    public static TileSizes forFrames(int frames) {
        return TileRenderer.framesRendered() < WARM_FRAMES ? forFreshProcess(frames) : defaults();
    }

    /** {@link #forFrames}' choice in a JVM that has rendered nothing yet: the same in every process. */
    public static TileSizes forFreshProcess(int frames) {
        return frames <= 1 ? of(512, 128, 32, 8) : defaults();
    }

    /** Frames after which a JVM counts as warm for {@link #forFrames}: it took 50–75 to reach full speed. */
    public static final int WARM_FRAMES = 50;

    /** How many levels. */
    public int levels() {
        return sizes.length;
    }

    /** The tile size at {@code level}, 0 being the coarsest. */
    public int size(int level) {
        return sizes[level];
    }

    /** The leaf size. */
    public int leaf() {
        return sizes[sizes.length - 1];
    }

    /** The level whose tiles are {@code size} pixels, or −1. */
    public int levelOf(int size) {
        for (int i = 0; i < sizes.length; i++) if (sizes[i] == size) return i;
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileSizes t && Arrays.equals(t.sizes, sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    /** As {@link #parse} reads it: {@code 128,32,8}. */
    @Override
    public String toString() {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
