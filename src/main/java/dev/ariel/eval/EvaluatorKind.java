package dev.ariel.eval;

/**
 * The kinds of evaluator a {@link Backend} yields. Each kind has one conformance suite that runs
 * against every backend.
 */
public enum EvaluatorKind {
    /** One point in f32: {@link PointEvaluator}. */
    POINT(true),
    /** A run of pixels of one row, the whole tape (brute force): {@link RowEvaluator}. */
    ROW(true),
    /** Every pixel of a quadtree leaf tile, with the tile's own pruned tape: {@link TileEvaluator}. */
    TILE(true),
    /** Bounds over 2D tiles, with the min/max choices pruning needs: {@link IntervalEvaluator}. */
    INTERVAL(true),
    /** Value and partial derivatives at points (3D normals): {@link GradientEvaluator}. */
    GRADIENT(true),
    /** Bounds over 3D boxes, a tile times a range of z (the octree): {@link IntervalEvaluator} with z0 &lt; z1. */
    INTERVAL_3D(true);

    private final boolean offered;

    EvaluatorKind(boolean offered) {
        this.offered = offered;
    }

    /** Whether backends offer this kind by default. */
    boolean offered() {
        return offered;
    }
}
