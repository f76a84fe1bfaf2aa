package dev.ariel.serve;

import dev.ariel.render.View;

/**
 * Where a map tile lies: tile (0, 0, 0) covers [−1, 1]², each level halves the extent, x grows to
 * the right and y downwards. Pixels sit at the centres of a size × size grid over the tile, so
 * neighbours abut without sharing a row: as a {@link View} (whose end pixels sit on the edges),
 * that is a scale of half the extent times (size − 1)/size. Every number here is exact in double.
 */
final class TileGeometry {
    /** The side of a tile in pixels. */
    static final int SIZE = 256;

    private TileGeometry() {}

    /** The view that renders tile ({@code z}, {@code x}, {@code y}) at slice z = 0. */
    static View view(int z, long x, long y) {
        return view(z, x, y, 0);
    }

    /** The view that renders tile ({@code z}, {@code x}, {@code y}) of the slice at model z = {@code slice}. */
    static View view(int z, long x, long y, double slice) {
        double extent = Math.scalb(2.0, -z);
        double cx = -1 + (x + 0.5) * extent;
        double cy = 1 - (y + 0.5) * extent;
        double scale = Math.scalb(1.0, -z) * (SIZE - 1) / SIZE;
        return new View(SIZE, SIZE, cx, cy, scale, slice);
    }
}
