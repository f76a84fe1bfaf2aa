package dev.ariel.mesh;

/**
 * What to mesh: the octree's level and the bounds, and how many threads to use.
 *
 * <p>The finest cells are cubes whose side is the bounds' longest side / 2^level. The other sides
 * are rounded up to whole cells, the extra split evenly on both ends, so the meshed box (the
 * {@link Grid}) can be slightly larger than the bounds along their shorter sides.
 *
 * @param level the octree depth of the finest cells, 1..12
 * @param x0 smallest x
 * @param y0 smallest y
 * @param z0 smallest z
 * @param x1 largest x
 * @param y1 largest y
 * @param z1 largest z
 * @param threads worker threads, ≥ 1
 */
public record MeshSettings(int level, double x0, double y0, double z0, double x1, double y1, double z1, int threads) {
    /** The default level, 128 cells along the longest side. */
    public static final int DEFAULT_LEVEL = 7;
    /** The deepest level allowed (4,096 cells a side). */
    public static final int MAX_LEVEL = 12;

    public MeshSettings {
        if (level < 1 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level must be 1.." + MAX_LEVEL + ", not " + level);
        }
        if (!(x0 < x1 && y0 < y1 && z0 < z1) || !Double.isFinite(x0 + x1 + y0 + y1 + z0 + z1)) {
            throw new IllegalArgumentException("bounds must be finite with X0 < X1, Y0 < Y1, Z0 < Z1");
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, not " + threads);
    }

    /** The cube [−1, 1]³ at the default level, on every core. */
    public static MeshSettings defaults() {
        return new MeshSettings(DEFAULT_LEVEL, -1, -1, -1, 1, 1, 1, Runtime.getRuntime().availableProcessors());
    }

    /** A copy at {@code l}. */
    public MeshSettings withLevel(int l) {
        return new MeshSettings(l, x0, y0, z0, x1, y1, z1, threads);
    }

    /** A copy with {@code n} threads. */
    public MeshSettings withThreads(int n) {
        return new MeshSettings(level, x0, y0, z0, x1, y1, z1, n);
    }

    /** A copy with these bounds. */
    public MeshSettings withBounds(double ax, double ay, double az, double bx, double by, double bz) {
        return new MeshSettings(level, ax, ay, az, bx, by, bz, threads);
    }

    /** The grid of finest cells these settings describe. */
    public Grid grid() {
        double cell = Math.max(x1 - x0, Math.max(y1 - y0, z1 - z0)) / (1 << level);
        return new Grid(cell, new double[] {x0, y0, z0}, new double[] {x1, y1, z1}, level);
    }
}
