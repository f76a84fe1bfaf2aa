package dev.ariel.mesh;

import dev.ariel.eval.Backend;
import dev.ariel.render.Deadline;
import dev.ariel.tape.SsaTape;
import java.util.List;

/**
 * Turns a model into a closed, oriented triangle mesh of the solid {@code f < 0} (NaN is
 * outside) clipped to the settings' {@link Grid}.
 *
 * <p>The mesh is of max(f, box) &lt; 0, where box is ≥ 0 on and outside the grid's box: the solid's
 * faces where it meets the bounds become flat caps, within 1% of a cell inside the bounds, so
 * every output is a closed solid. A model without {@code var-z} meshes as a prism, capped at the
 * z bounds; a model empty throughout gives an empty mesh, one filled throughout the grid's box.
 *
 * <p>The result is the same, byte for byte, for any thread count and any backend whose
 * evaluators follow the f32 semantics: each corner and edge crossing is computed once, by a
 * fixed owner, and the mesh is assembled in the octree's order.
 */
public final class Mesher {
    private Mesher() {}

    /** Meshes {@code tape} with no time limit. */
    public static Mesh mesh(SsaTape tape, MeshSettings settings, Backend backend) {
        return mesh(tape, settings, backend, Deadline.NONE);
    }

    /**
     * Meshes {@code tape}, evaluated by {@code backend}, as {@code settings} say; throws
     * {@link dev.ariel.render.RenderTimeoutException} once {@code deadline} passes.
     */
    public static Mesh mesh(SsaTape tape, MeshSettings settings, Backend backend, Deadline deadline) {
        Grid grid = settings.grid();
        long t0 = System.nanoTime();
        long[] counts = new long[grid.level() + 3];
        List<Octree.Block> blocks = Octree.build(tape, grid, backend, settings.threads(), deadline, counts);
        Contour contour = new Contour(grid, tape, backend, blocks);
        long t1 = System.nanoTime();
        long surface = 0;
        for (Octree.Block b : blocks) surface += b.undecided();
        Contour.Result r = contour.run(settings.threads(), deadline);
        long[] perDepth = java.util.Arrays.copyOf(counts, grid.level() + 1);
        MeshStats stats = new MeshStats(perDepth, counts[grid.level() + 1], counts[grid.level() + 2], surface,
                contour.repaired, contour.components, contour.splitCells, contour.pointEvaluations,
                contour.gradientEvaluations, t1 - t0, contour.edgeNanos, contour.vertexNanos, contour.faceNanos);
        return new Mesh(r.vertices(), r.normals(), r.triangles(), stats);
    }
}
