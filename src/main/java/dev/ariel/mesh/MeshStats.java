package dev.ariel.mesh;

/**
 * Where a mesh's work went.
 *
 * @param cellsPerDepth octree nodes bounded by interval arithmetic at each depth (0 = the root)
 * @param provedInside nodes proved filled, at any depth
 * @param provedOutside nodes proved empty (or beyond the grid), at any depth
 * @param surfaceCells finest cells the octree left undecided: the eight children of every node one level
 *     above the finest that it could not decide (they are not bounded one by one); only those whose
 *     corners differ in sign are contoured
 * @param repairedCells surface cells interval arithmetic had decided although their corners
 *     disagreed; 0 unless a bound was unsound (kept so that a broken rule shows, not a hole)
 * @param components surface components (mesh vertices placed by the QEF), one or more per surface cell
 * @param splitCells surface cells with more than one component, whose vertex was split
 * @param pointEvaluations f32 point evaluations (corners and bisection)
 * @param gradientEvaluations gradient evaluations (one per edge crossing)
 * @param octreeNanos time to build the octree, evaluate corners and index the surface cells' corners
 * @param edgeNanos time to find the edge crossings and their gradients
 * @param vertexNanos time to place the vertices
 * @param faceNanos time to make the triangles
 */
public record MeshStats(long[] cellsPerDepth, long provedInside, long provedOutside, long surfaceCells,
        long repairedCells, long components, long splitCells, long pointEvaluations, long gradientEvaluations,
        long octreeNanos, long edgeNanos, long vertexNanos, long faceNanos) {
    public MeshStats {
        cellsPerDepth = cellsPerDepth.clone();
    }

    @Override
    public long[] cellsPerDepth() {
        return cellsPerDepth.clone();
    }
}
