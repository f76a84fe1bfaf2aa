package dev.ariel.mesh;

/**
 * The combinatorics of one cube cell, from the signs of its eight corners: which edges the
 * surface crosses, how the surface's contour crosses each face, and which crossings belong to the
 * same surface component inside the cell.
 *
 * <p>Corner {@code q} is at offsets (q & 1, q >> 1 & 1, q >> 2 & 1). Edge {@code 4a + u + 2v} runs
 * along axis {@code a} from the corner with offset 0 on {@code a} and offsets u, v on the other two
 * axes in increasing order. Face {@code 2a + s} is the side at offset s on axis a; its corners go
 * round (p, q) = (0,0), (1,0), (1,1), (0,1) over the other two axes, and its face edge k joins its
 * corners k and k + 1.
 *
 * <p>A face whose four corners alternate in sign is ambiguous; its contour always cuts off each
 * inside corner, a rule that reads only the face's own corners, so the two cells sharing a face
 * always agree, and the surface the cells' components make up is a closed 2-manifold (marching
 * cubes with consistent face resolution). Components are the connected pieces of that contour.
 */
final class CellTopology {
    private CellTopology() {}

    /** For each face and face-local corner, the cell corner. */
    static final int[][] FACE_CORNER = new int[6][4];
    /** For each face and face edge, the cell edge. */
    static final int[][] FACE_EDGE = new int[6][4];
    /** For each 4-bit face sign pattern (bit k = face corner k inside), its segments as face-edge pairs. */
    static final int[][][] SEGMENTS = new int[16][][];
    /** For each 8-bit corner pattern and edge, the component the edge's crossing belongs to, or −1. */
    static final byte[][] COMPONENT = new byte[256][12];
    /** For each 8-bit corner pattern, how many components. */
    static final byte[] COMPONENTS = new byte[256];

    static int other(int axis, int n) {
        return n == 0 ? (axis == 0 ? 1 : 0) : (axis == 2 ? 1 : 2);
    }

    /** The start corner of edge {@code e}. */
    static int edgeStart(int e) {
        int a = e / 4, u = e & 1, v = (e >> 1) & 1;
        return (u << other(a, 0)) | (v << other(a, 1));
    }

    /** The end corner of edge {@code e}. */
    static int edgeEnd(int e) {
        return edgeStart(e) | (1 << (e / 4));
    }

    private static int edgeOf(int startCorner, int axis) {
        int u = (startCorner >> other(axis, 0)) & 1, v = (startCorner >> other(axis, 1)) & 1;
        return 4 * axis + u + 2 * v;
    }

    static {
        int[][] round = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        for (int f = 0; f < 6; f++) {
            int a = f / 2, s = f & 1, p = other(a, 0), q = other(a, 1);
            for (int c = 0; c < 4; c++) {
                FACE_CORNER[f][c] = (s << a) | (round[c][0] << p) | (round[c][1] << q);
            }
            for (int c = 0; c < 4; c++) {
                int from = FACE_CORNER[f][c], to = FACE_CORNER[f][(c + 1) % 4];
                int axis = Integer.numberOfTrailingZeros(from ^ to);
                FACE_EDGE[f][c] = edgeOf(from & to, axis);
            }
        }
        for (int pattern = 0; pattern < 16; pattern++) SEGMENTS[pattern] = segments(pattern);
        for (int pattern = 0; pattern < 256; pattern++) components(pattern);
    }

    private static int[][] segments(int pattern) {
        int[] crossing = new int[4];
        int n = 0;
        for (int k = 0; k < 4; k++) {
            if (((pattern >> k) & 1) != ((pattern >> ((k + 1) % 4)) & 1)) crossing[n++] = k;
        }
        if (n == 0) return new int[0][];
        if (n == 2) return new int[][] {{crossing[0], crossing[1]}};
        // Alternating corners: cut off each inside corner k, between face edges k − 1 and k.
        int[][] out = new int[2][];
        int m = 0;
        for (int k = 0; k < 4; k++) {
            if (((pattern >> k) & 1) == 1) out[m++] = new int[] {(k + 3) % 4, k};
        }
        return out;
    }

    /** The 4-bit sign pattern of face {@code f} in a cell of corner pattern {@code pattern}. */
    static int facePattern(int pattern, int f) {
        int out = 0;
        for (int c = 0; c < 4; c++) out |= ((pattern >> FACE_CORNER[f][c]) & 1) << c;
        return out;
    }

    private static void components(int pattern) {
        int[] parent = new int[12];
        for (int e = 0; e < 12; e++) parent[e] = e;
        for (int f = 0; f < 6; f++) {
            for (int[] seg : SEGMENTS[facePattern(pattern, f)]) {
                int a = find(parent, FACE_EDGE[f][seg[0]]), b = find(parent, FACE_EDGE[f][seg[1]]);
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        byte count = 0;
        byte[] id = new byte[12];
        java.util.Arrays.fill(id, (byte) -1);
        for (int e = 0; e < 12; e++) {
            boolean crosses = ((pattern >> edgeStart(e)) & 1) != ((pattern >> edgeEnd(e)) & 1);
            if (!crosses) {
                COMPONENT[pattern][e] = -1;
                continue;
            }
            int r = find(parent, e);
            if (id[r] < 0) id[r] = count++;
            COMPONENT[pattern][e] = id[r];
        }
        COMPONENTS[pattern] = count;
    }

    private static int find(int[] parent, int e) {
        while (parent[e] != e) e = parent[e];
        return e;
    }

    /**
     * Whether the segment from face edge {@code ea} to {@code eb} of face {@code f} runs the way
     * an outward-facing triangle (cell centre, crossing a, crossing b) needs: tested on the ideal
     * cell (centre vertex, crossings at edge midpoints), whose triangle's normal must point from
     * edge a's inside corner to its outside corner. The result depends only on the signs, so
     * both cells of a face, and every engine, orient alike.
     */
    static boolean forward(int pattern, int f, int ea, int eb) {
        int a = FACE_EDGE[f][ea], b = FACE_EDGE[f][eb];
        double[] ma = midpoint(a), mb = midpoint(b);
        double ux = ma[0] - .5, uy = ma[1] - .5, uz = ma[2] - .5;
        double vx = mb[0] - .5, vy = mb[1] - .5, vz = mb[2] - .5;
        double[] n = {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
        boolean startInside = ((pattern >> edgeStart(a)) & 1) == 1;
        double d = n[a / 4] * (startInside ? 1 : -1);
        return d > 0;
    }

    private static double[] midpoint(int e) {
        int s = edgeStart(e);
        double[] m = {s & 1, (s >> 1) & 1, (s >> 2) & 1};
        m[e / 4] = 0.5;
        return m;
    }
}
