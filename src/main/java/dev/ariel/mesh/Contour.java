package dev.ariel.mesh;

import dev.ariel.eval.Backend;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.render.Deadline;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;

/**
 * Manifold dual contouring over the octree's undecided finest cells.
 *
 * <p>Each cell's corner signs give its surface components ({@link CellTopology}); each component
 * gets its own vertex, placed by the {@link Qef} of its crossings' tangent planes and clamped to
 * the cell (1% in from its faces). Where plain dual contouring would put one vertex on two
 * surface sheets (a non-manifold vertex), this splits it. Every crossing is also a vertex, exactly
 * on the surface. Each contour segment on a face between cells a and b, from crossing x to
 * crossing y, makes a quad (P_a, x, P_b, y); it becomes two triangles across P_a–P_b (dual
 * contouring's edge, which keeps sharp features) unless that pair already joins another quad, or
 * the two triangles would be degenerate or folded, in which case it is cut across x–y instead
 * (marching cubes' edge, unique by construction). Either way every edge has exactly two
 * triangles, oriented alike, and no triangle has zero area.
 */
final class Contour {
    /** Vertices stay this fraction of a cell inside their cell, so no triangle is flat. */
    static final double INSET = 0.01;
    // Values are stored by floatToIntBits, which writes every NaN as 0x7fc00000, so this NaN never appears.
    private static final int MISSING = 0x7fc0_dead;

    private final Grid grid;
    private final SsaTape root;
    private final Backend backend;
    private final LongMap corners;
    private final LongMap cellIndex;
    // The surface cells in octree order (packed keys), their owning block (−1 for a repaired
    // cell) and corner pattern (−1 until known): primitive arrays, as there are millions.
    private long[] cellKeys = new long[1024];
    private int[] cellBlock = new int[1024], cellPattern = new int[1024];
    private int cellCount;
    private final List<SsaTape> tapes = new ArrayList<>();
    private PointEvaluator rootEval;
    long repaired, pointEvaluations, gradientEvaluations, components, splitCells;
    long edgeNanos, vertexNanos, faceNanos;

    Contour(Grid grid, SsaTape root, Backend backend, List<Octree.Block> blocks) {
        this.grid = grid;
        this.root = root;
        this.backend = backend;
        int cornerCount = 0, cellCount = 0;
        for (Octree.Block block : blocks) {
            cornerCount += block.cornerKeys().length;
            cellCount += block.cells().length;
        }
        corners = new LongMap(cornerCount);
        cellIndex = new LongMap(cellCount);
        for (int b = 0; b < blocks.size(); b++) {
            Octree.Block block = blocks.get(b);
            tapes.add(block.tape());
            pointEvaluations += block.evaluations();
            // First writer wins, in block order: a corner's value never depends on the threads.
            long[] keys = block.cornerKeys();
            float[] values = block.cornerValues();
            for (int c = 0; c < keys.length; c++) corners.putIfAbsent(keys[c], Float.floatToIntBits(values[c]));
            long[] own = block.cells();
            for (int c = 0; c < own.length; c++) addCell(own[c], b, block.patterns()[c]);
        }
    }

    private void addCell(long key, int block, int pattern) {
        cellIndex.putIfAbsent(key, cellCount);
        if (cellCount == cellKeys.length) {
            cellKeys = java.util.Arrays.copyOf(cellKeys, 2 * cellCount);
            cellBlock = java.util.Arrays.copyOf(cellBlock, 2 * cellCount);
            cellPattern = java.util.Arrays.copyOf(cellPattern, 2 * cellCount);
        }
        cellKeys[cellCount] = key;
        cellBlock[cellCount] = block;
        cellPattern[cellCount++] = pattern;
    }

    private boolean inside(int i, int j, int k) {
        long key = Grid.key(i, j, k);
        int bits = corners.get(key, MISSING);
        if (bits == MISSING) {
            // Only a repaired cell's corners can be missing; the whole model's tape decides them.
            float f = 0f;
            if (!grid.onBoundary(i, j, k)) {
                if (rootEval == null) rootEval = backend.pointEvaluator(root);
                f = rootEval.evaluate(grid.coord(0, i), grid.coord(1, j), grid.coord(2, k));
                pointEvaluations++;
            }
            corners.putIfAbsent(key, Float.floatToIntBits(f));
            return f < 0;
        }
        return Float.intBitsToFloat(bits) < 0;
    }

    private int pattern(long cell) {
        int i = Grid.ki(cell), j = Grid.kj(cell), k = Grid.kk(cell), p = 0;
        for (int q = 0; q < 8; q++) {
            if (inside(i + (q & 1), j + ((q >> 1) & 1), k + ((q >> 2) & 1))) p |= 1 << q;
        }
        return p;
    }

    /** Meshes the cells; returns the mesh's vertices, normals and triangles. */
    Result run(int threads, Deadline deadline) {
        long t0 = System.nanoTime();
        int[] patterns = close(deadline);
        // Edges: each crossing edge once, owned by the first cell (in order) that has it.
        int cells = cellCount;
        LongMap edgeId = new LongMap(cells * 3);
        int cap = Math.max(16, cells * 2), edges = 0;
        long[] keys = new long[cap];
        int[] own = new int[cap];
        boolean[] in = new boolean[cap];
        float[] inValue = new float[cap], outValue = new float[cap];
        int[][] cellEdges = new int[cells][];
        for (int c = 0; c < cells; c++) {
            long cell = cellKeys[c];
            int p = patterns[c];
            int[] ids = new int[12];
            for (int e = 0; e < 12; e++) {
                if (CellTopology.COMPONENT[p][e] < 0) {
                    ids[e] = -1;
                    continue;
                }
                long key = edgeKey(cell, e);
                int id = edgeId.get(key, -1);
                if (id < 0) {
                    id = edges++;
                    if (id == keys.length) {
                        keys = java.util.Arrays.copyOf(keys, 2 * id);
                        own = java.util.Arrays.copyOf(own, 2 * id);
                        in = java.util.Arrays.copyOf(in, 2 * id);
                        inValue = java.util.Arrays.copyOf(inValue, 2 * id);
                        outValue = java.util.Arrays.copyOf(outValue, 2 * id);
                    }
                    edgeId.putIfAbsent(key, id);
                    keys[id] = key;
                    own[id] = cellBlock[c];
                    boolean first = ((p >> CellTopology.edgeStart(e)) & 1) == 1;
                    in[id] = first;
                    float a = value(corner(cell, CellTopology.edgeStart(e))), b = value(corner(cell, CellTopology.edgeEnd(e)));
                    inValue[id] = first ? a : b;
                    outValue[id] = first ? b : a;
                }
                ids[e] = id;
            }
            cellEdges[c] = ids;
        }
        float[] pos = new float[3 * edges], nrm = new float[3 * edges];
        deadline.check();
        long[] counts = Crossings.find(grid, edges, keys, own, in, inValue, outValue, tapes, root, backend, threads, pos, nrm);
        pointEvaluations += counts[0];
        gradientEvaluations += counts[1];
        long t1 = System.nanoTime();
        edgeNanos = t1 - t0;
        deadline.check();
        MeshBuilder out = new MeshBuilder(edges);
        for (int e = 0; e < edges; e++) out.crossing(pos, nrm, e, keys[e] % 3, in[e]);
        int[] base = vertices(patterns, cellEdges, pos, nrm, out);
        long t2 = System.nanoTime();
        vertexNanos = t2 - t1;
        deadline.check();
        faces(patterns, cellEdges, base, out);
        faceNanos = System.nanoTime() - t2;
        return out.result();
    }

    /** The mesh arrays. */
    record Result(float[] vertices, float[] normals, int[] triangles) {}

    private long edgeKey(long cell, int e) {
        return corner(cell, CellTopology.edgeStart(e)) * 3 + e / 4;
    }

    private static long corner(long cell, int q) {
        return Grid.key(Grid.ki(cell) + (q & 1), Grid.kj(cell) + ((q >> 1) & 1), Grid.kk(cell) + ((q >> 2) & 1));
    }

    // A corner's value (every corner of a surface cell is in the map once patterns are known).
    private float value(long key) {
        return Float.intBitsToFloat(corners.get(key, MISSING));
    }

    // Every cell around a crossing edge must be a surface cell; interval arithmetic guarantees it,
    // and a cell that is missing (an unsound bound) is added with the whole model's tape.
    private int[] close(Deadline deadline) {
        for (int c = 0; c < cellCount; c++) {
            if ((c & 1023) == 0) deadline.check();
            long cell = cellKeys[c];
            // A block's cells come with their patterns; a repaired cell's are read now.
            if (cellPattern[c] < 0) cellPattern[c] = pattern(cell);
            int p = cellPattern[c];
            int i = Grid.ki(cell), j = Grid.kj(cell), k = Grid.kk(cell);
            for (int e = 0; e < 12; e++) {
                if (CellTopology.COMPONENT[p][e] < 0) continue;
                int a = e / 4, s = CellTopology.edgeStart(e);
                int[] start = {i + (s & 1), j + ((s >> 1) & 1), k + ((s >> 2) & 1)};
                int pa = CellTopology.other(a, 0), qa = CellTopology.other(a, 1);
                // The cell at r = 0 checks the other three, the others check it: each edge costs
                // 6 look-ups, not 16, and a missing cell is still found by every present one.
                int self = ((s >> pa) & 1) | (((s >> qa) & 1) << 1);
                for (int r = 0; r < 4; r++) {
                    int[] n = start.clone();
                    n[pa] -= r & 1;
                    n[qa] -= (r >> 1) & 1;
                    if (n[pa] < 0 || n[qa] < 0 || n[pa] >= grid.cells(pa) || n[qa] >= grid.cells(qa)) {
                        throw new IllegalStateException("a crossing on the grid's boundary, where every corner is outside");
                    }
                    if (r == self || (self != 0 && r != 0)) continue;
                    long key = Grid.key(n[0], n[1], n[2]);
                    if (!cellIndex.containsKey(key)) {
                        addCell(key, -1, -1);
                        repaired++;
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(cellPattern, cellCount);
    }

    private int[] vertices(int[] patterns, int[][] cellEdges, float[] pos, float[] nrm, MeshBuilder out) {
        int[] base = new int[cellCount];
        Qef qef = new Qef();
        double[] x = new double[3];
        double h = grid.cell();
        for (int c = 0; c < cellCount; c++) {
            int p = patterns[c];
            int count = CellTopology.COMPONENTS[p];
            base[c] = out.vertexCount();
            components += count;
            if (count > 1) splitCells++;
            long cell = cellKeys[c];
            int[] idx = {Grid.ki(cell), Grid.kj(cell), Grid.kk(cell)};
            for (int comp = 0; comp < count; comp++) {
                qef.reset();
                double sx = 0, sy = 0, sz = 0;
                for (int e = 0; e < 12; e++) {
                    if (CellTopology.COMPONENT[p][e] != comp) continue;
                    int id = cellEdges[c][e];
                    qef.add(pos[3 * id], pos[3 * id + 1], pos[3 * id + 2], nrm[3 * id], nrm[3 * id + 1], nrm[3 * id + 2]);
                    sx += out.normal(id, 0);
                    sy += out.normal(id, 1);
                    sz += out.normal(id, 2);
                }
                qef.solve(x);
                float[] v = new float[3];
                for (int a = 0; a < 3; a++) {
                    double lo = grid.coord(a, idx[a]) + INSET * h, hi = grid.coord(a, idx[a] + 1) - INSET * h;
                    v[a] = (float) Math.max(lo, Math.min(hi, x[a]));
                }
                out.vertex(v[0], v[1], v[2], sx, sy, sz);
            }
        }
        return base;
    }

    private void faces(int[] patterns, int[][] cellEdges, int[] base, MeshBuilder out) {
        for (int c = 0; c < cellCount; c++) {
            long cell = cellKeys[c];
            int p = patterns[c];
            for (int a = 0; a < 3; a++) {
                int f = 2 * a + 1;
                int[][] segments = CellTopology.SEGMENTS[CellTopology.facePattern(p, f)];
                if (segments.length == 0) continue;
                int[] n = {Grid.ki(cell), Grid.kj(cell), Grid.kk(cell)};
                n[a]++;
                int other = cellIndex.get(Grid.key(n[0], n[1], n[2]), -1);
                if (other < 0) throw new IllegalStateException("a face's neighbour is not a surface cell");
                int q = patterns[other];
                for (int[] seg : segments) {
                    int ea = seg[0], eb = seg[1];
                    if (!CellTopology.forward(p, f, ea, eb)) {
                        ea = seg[1];
                        eb = seg[0];
                    }
                    int la = CellTopology.FACE_EDGE[f][ea], ra = CellTopology.FACE_EDGE[f - 1][ea];
                    int lb = CellTopology.FACE_EDGE[f][eb];
                    int vp = base[c] + CellTopology.COMPONENT[p][la];
                    int vq = base[other] + CellTopology.COMPONENT[q][ra];
                    out.quad(vp, cellEdges[c][la], vq, cellEdges[c][lb]);
                }
            }
        }
    }
}
