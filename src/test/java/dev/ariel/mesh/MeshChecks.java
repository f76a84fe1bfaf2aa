package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;

/** Assertions that a mesh is a closed, consistently oriented 2-manifold without flat triangles. */
final class MeshChecks {
    private MeshChecks() {}

    /**
     * Every undirected edge in exactly two triangles, every directed edge in exactly one (so
     * neighbours agree on orientation), no triangle with a repeated vertex or zero area, and
     * every vertex's triangles form one fan (no pinched vertex).
     */
    static void assertClosedManifold(Mesh m, String what) {
        HashMap<Long, Integer> directed = new HashMap<>();
        int t = m.triangleCount();
        for (int i = 0; i < t; i++) {
            int a = m.corner(i, 0), b = m.corner(i, 1), c = m.corner(i, 2);
            if (a == b || b == c || a == c) fail(what + ": triangle " + i + " repeats a vertex");
            double area = area(m, a, b, c);
            if (!(area > 0)) fail(what + ": triangle " + i + " has zero area");
            for (long e : new long[] {key(a, b), key(b, c), key(c, a)}) {
                if (directed.merge(e, 1, Integer::sum) > 1) {
                    fail(what + ": directed edge " + (e >>> 32) + "->" + (e & 0xFFFFFFFFL) + " appears twice");
                }
            }
        }
        for (long e : directed.keySet()) {
            long rev = ((e & 0xFFFFFFFFL) << 32) | (e >>> 32);
            if (!directed.containsKey(rev)) {
                fail(what + ": edge " + (e >>> 32) + "-" + (e & 0xFFFFFFFFL) + " has one triangle");
            }
        }
        // One fan per vertex: following "next edge around the vertex" from any triangle visits all.
        HashMap<Integer, Integer> degree = new HashMap<>();
        HashMap<Long, Integer> nextAround = new HashMap<>();
        for (int i = 0; i < t; i++) {
            for (int k = 0; k < 3; k++) {
                int v = m.corner(i, k), out = m.corner(i, (k + 1) % 3), in = m.corner(i, (k + 2) % 3);
                degree.merge(v, 1, Integer::sum);
                nextAround.put(key(v, out), in);
            }
        }
        HashMap<Integer, Integer> first = new HashMap<>();
        for (long e : nextAround.keySet()) first.putIfAbsent((int) (e >>> 32), (int) (e & 0xFFFFFFFFL));
        for (var e : first.entrySet()) {
            int v = e.getKey(), start = e.getValue(), cur = start, steps = 0;
            do {
                cur = nextAround.get(key(v, cur));
                steps++;
            } while (cur != start && steps <= degree.get(v));
            assertEquals(degree.get(v), steps, what + ": vertex " + v + " is pinched (more than one fan)");
        }
    }

    static double area(Mesh m, int a, int b, int c) {
        double ux = (double) m.vertex(b, 0) - m.vertex(a, 0), uy = (double) m.vertex(b, 1) - m.vertex(a, 1);
        double uz = (double) m.vertex(b, 2) - m.vertex(a, 2);
        double wx = (double) m.vertex(c, 0) - m.vertex(a, 0), wy = (double) m.vertex(c, 1) - m.vertex(a, 1);
        double wz = (double) m.vertex(c, 2) - m.vertex(a, 2);
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        return Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    static void assertPositiveVolume(Mesh m, String what) {
        assertTrue(m.triangleCount() == 0 || m.signedVolume() > 0, what + ": volume " + m.signedVolume());
    }
}
