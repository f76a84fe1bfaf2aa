package dev.ariel.mesh;

/**
 * The finest cells of a mesh: {@code n[a]} cubes of side {@link #cell} along each axis, from
 * {@code origin}. Corner {@code i} along axis {@code a} is at the f32 coordinate
 * {@code (float) (origin[a] + i · cell)}, computed once here so every step and engine sees the
 * same coordinates.
 */
public final class Grid {
    private final double cell;
    private final int level;
    private final int[] n = new int[3];
    private final float[][] coords = new float[3][];

    Grid(double cell, double[] lo, double[] hi, int level) {
        this.cell = cell;
        this.level = level;
        for (int a = 0; a < 3; a++) {
            double side = hi[a] - lo[a];
            // A side that is a whole number of cells up to rounding stays that number.
            int cells = Math.max(1, (int) Math.ceil(side / cell - 1e-9));
            n[a] = cells;
            double origin = (lo[a] + hi[a]) / 2 - cells * cell / 2;
            coords[a] = new float[cells + 1];
            for (int i = 0; i <= cells; i++) coords[a][i] = (float) (origin + i * cell);
        }
    }

    /** The side of a finest cell. */
    public double cell() {
        return cell;
    }

    /** The octree's depth of the finest cells. */
    public int level() {
        return level;
    }

    /** How many finest cells lie along {@code axis}. */
    public int cells(int axis) {
        return n[axis];
    }

    /** The coordinate of corner {@code i} along {@code axis}. */
    public float coord(int axis, int i) {
        return coords[axis][i];
    }

    /** Whether corner (i, j, k) lies on the grid's boundary, where the clipped solid is empty. */
    boolean onBoundary(int i, int j, int k) {
        return i == 0 || j == 0 || k == 0 || i == n[0] || j == n[1] || k == n[2];
    }

    /**
     * The box term of the clipped model at (x, y, z): ≥ 0 on and outside the grid's box, < 0
     * inside it; the mesh is of max(f, this) < 0.
     */
    float boxTerm(float x, float y, float z) {
        float b = Math.max(coords[0][0] - x, x - coords[0][n[0]]);
        b = Math.max(b, Math.max(coords[1][0] - y, y - coords[1][n[1]]));
        return Math.max(b, Math.max(coords[2][0] - z, z - coords[2][n[2]]));
    }

    /** The axis (0..2) and sign (±1, as 1 or −1 in {@code sign[0]}) of the box term's largest part at p. */
    int boxAxis(float x, float y, float z, int[] sign) {
        float[] p = {x, y, z};
        int best = 0;
        float bv = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < 3; a++) {
            float lo = coords[a][0] - p[a];
            float hi = p[a] - coords[a][n[a]];
            if (lo > bv) {
                bv = lo;
                best = a;
                sign[0] = -1;
            }
            if (hi > bv) {
                bv = hi;
                best = a;
                sign[0] = 1;
            }
        }
        return best;
    }

    /** A packed key of corner or cell (i, j, k); each index fits 13 bits (level ≤ 12). */
    static long key(int i, int j, int k) {
        return i | ((long) j << 13) | ((long) k << 26);
    }

    static int ki(long key) {
        return (int) (key & 0x1FFF);
    }

    static int kj(long key) {
        return (int) ((key >>> 13) & 0x1FFF);
    }

    static int kk(long key) {
        return (int) ((key >>> 26) & 0x1FFF);
    }
}
