package dev.ariel.mesh;

import java.util.Arrays;

/**
 * Collects a mesh's vertices and the quads of dual contouring, then cuts each quad into two
 * triangles across the diagonal that keeps the mesh a 2-manifold (see {@link Contour}).
 */
final class MeshBuilder {
    private float[] v = new float[3 * 1024];
    private float[] n = new float[3 * 1024];
    private int vertices;
    private int[] quads = new int[4 * 1024];
    private int quadCount;

    MeshBuilder(int expected) {
        v = new float[3 * Math.max(16, expected * 2)];
        n = new float[v.length];
    }

    int vertexCount() {
        return vertices;
    }

    float normal(int id, int c) {
        return n[3 * id + c];
    }

    /** Adds crossing {@code e} as a vertex; a crossing without a normal takes its edge's outward direction. */
    void crossing(float[] pos, float[] nrm, int e, long axis, boolean startInside) {
        double gx = nrm[3 * e], gy = nrm[3 * e + 1], gz = nrm[3 * e + 2];
        if (gx == 0 && gy == 0 && gz == 0) {
            double d = startInside ? 1 : -1;
            gx = axis == 0 ? d : 0;
            gy = axis == 1 ? d : 0;
            gz = axis == 2 ? d : 0;
        }
        vertex(pos[3 * e], pos[3 * e + 1], pos[3 * e + 2], gx, gy, gz);
    }

    /** Adds a vertex with the normal along (gx, gy, gz), normalised (+z if it is zero). */
    void vertex(float x, float y, float z, double gx, double gy, double gz) {
        if (3 * vertices + 3 > v.length) {
            v = Arrays.copyOf(v, v.length * 2);
            n = Arrays.copyOf(n, v.length);
        }
        double len = Math.sqrt(gx * gx + gy * gy + gz * gz);
        if (!(len > 0) || !Double.isFinite(len)) {
            gx = 0;
            gy = 0;
            gz = 1;
            len = 1;
        }
        int o = 3 * vertices++;
        v[o] = x;
        v[o + 1] = y;
        v[o + 2] = z;
        n[o] = (float) (gx / len);
        n[o + 1] = (float) (gy / len);
        n[o + 2] = (float) (gz / len);
    }

    /** Adds the quad p → x → q → y (counter-clockwise from outside): p, q cell vertices, x, y crossings. */
    void quad(int p, int x, int q, int y) {
        if (4 * quadCount + 4 > quads.length) quads = Arrays.copyOf(quads, quads.length * 2);
        int o = 4 * quadCount++;
        quads[o] = p;
        quads[o + 1] = x;
        quads[o + 2] = q;
        quads[o + 3] = y;
    }

    Contour.Result result() {
        // Boxed Long keys of (min << 32 | max) hash as min ^ max, which collide by the thousand.
        LongMap pairs = new LongMap(quadCount);
        for (int i = 0; i < quadCount; i++) pairs.add(pair(quads[4 * i], quads[4 * i + 2]), 1);
        int[] t = new int[6 * quadCount];
        for (int i = 0; i < quadCount; i++) {
            int p = quads[4 * i], x = quads[4 * i + 1], q = quads[4 * i + 2], y = quads[4 * i + 3];
            int o = 6 * i;
            if (pairs.get(pair(p, q), 0) == 1 && acrossCells(p, x, q, y)) {
                put(t, o, p, x, q);
                put(t, o + 3, q, y, p);
            } else {
                put(t, o, p, x, y);
                put(t, o + 3, q, y, x);
            }
        }
        return new Contour.Result(Arrays.copyOf(v, 3 * vertices), Arrays.copyOf(n, 3 * vertices), t);
    }

    private static long pair(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    private static void put(int[] t, int o, int a, int b, int c) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = c;
    }

    // Whether cutting across p–q gives two triangles with area that face the same way as the
    // cut across x–y (no fold): the sharp-feature diagonal, where it is safe.
    private boolean acrossCells(int p, int x, int q, int y) {
        double[] a = normal(p, x, q), b = normal(q, y, p);
        double[] c = normal(p, x, y), d = normal(q, y, x);
        double la = len(a), lb = len(b);
        if (!(la > 1e-12 * scale(p, q)) || !(lb > 1e-12 * scale(p, q))) return false;
        double[] s = {c[0] + d[0], c[1] + d[1], c[2] + d[2]};
        return dot(a, b) > 0 && dot(a, s) > 0 && dot(b, s) > 0;
    }

    private double scale(int p, int q) {
        double dx = v[3 * p] - v[3 * q], dy = v[3 * p + 1] - v[3 * q + 1], dz = v[3 * p + 2] - v[3 * q + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    private double[] normal(int a, int b, int c) {
        double ux = (double) v[3 * b] - v[3 * a], uy = (double) v[3 * b + 1] - v[3 * a + 1], uz = (double) v[3 * b + 2] - v[3 * a + 2];
        double wx = (double) v[3 * c] - v[3 * a], wy = (double) v[3 * c + 1] - v[3 * a + 1], wz = (double) v[3 * c + 2] - v[3 * a + 2];
        return new double[] {uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx};
    }

    private static double len(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
