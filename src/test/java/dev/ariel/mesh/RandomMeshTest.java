package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random 3D models, with every opcode and with continuous ops only, mesh closed and oriented. */
class RandomMeshTest {
    private static final String[] CONTINUOUS_UNARY = {"neg", "abs", "square", "sin", "cos", "atan"};
    private static final String[] CONTINUOUS_BINARY = {"add", "sub", "mul", "min", "max"};

    /** A random model of continuous ops, scaled so its surface usually crosses [−1, 1]³. */
    static String continuous(long seed, int ops) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("v0 var-x\nv1 var-y\nv2 var-z\n");
        int n = 3;
        for (int i = 0; i < 4; i++) sb.append('v').append(n++).append(" const ").append((float) rnd.nextDouble(-2, 2)).append('\n');
        for (int i = 0; i < ops; i++) {
            boolean unary = rnd.nextInt(3) == 0;
            String a = "v" + Math.max(0, n - 1 - rnd.nextInt(Math.min(n, 5)));
            String b = "v" + rnd.nextInt(n);
            if (unary) sb.append('v').append(n++).append(' ').append(CONTINUOUS_UNARY[rnd.nextInt(CONTINUOUS_UNARY.length)]).append(' ').append(a).append('\n');
            else sb.append('v').append(n++).append(' ').append(CONTINUOUS_BINARY[rnd.nextInt(CONTINUOUS_BINARY.length)]).append(' ').append(a).append(' ').append(b).append('\n');
        }
        // Add a sphere so that the model has an inside near the centre more often than not.
        sb.append("s0 square v0\ns1 square v1\ns2 square v2\ns3 add s0 s1\ns4 add s3 s2\nk const 0.5\ns5 sub s4 k\n");
        sb.append("w0 const 0.3\nw1 mul v").append(n - 1).append(" w0\nout add s5 w1\n");
        return sb.toString();
    }

    /**
     * A random model of every opcode (floor, compare, mod and the logic ops among them), added
     * at a small weight to a sphere of radius 0.7, so most have a surface in [−1, 1]³ that the
     * random part makes ragged and discontinuous.
     */
    static String anyOpcode(long seed) {
        String text = RandomModels.generate(seed, 30);
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].split(" ")[0];
        return text + "zx var-x\nzy var-y\nzz var-z\nz0 square zx\nz1 square zy\nz2 square zz\nz3 add z0 z1\n"
                + "z4 add z3 z2\nzk const 0.49\nz5 sub z4 zk\nzw const 0.05\nz6 mul " + last + " zw\nz7 add z5 z6\n";
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void anyOpcodeModelIsClosed(long seed) throws ModelException {
        SsaTape tape = Model.parse(anyOpcode(seed), "r" + seed + ".vm").tape();
        for (int level = 4; level <= 5; level++) {
            Mesh m = Mesher.mesh(tape, MesherTest.at(level), JavaEngine.INSTANCE);
            MeshChecks.assertClosedManifold(m, "random " + seed + " L" + level);
            MeshChecks.assertPositiveVolume(m, "random " + seed + " L" + level);
            assertInUndecidedCells(tape, m, MesherTest.at(level).grid(), "random " + seed + " L" + level);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void continuousModelIsClosedWithVerticesNearTheSurface(long seed) throws ModelException {
        SsaTape tape = Model.parse(continuous(seed, 12), "c" + seed + ".vm").tape();
        for (int level = 4; level <= 5; level++) {
            Mesh m = Mesher.mesh(tape, MesherTest.at(level), JavaEngine.INSTANCE);
            String what = "continuous " + seed + " L" + level;
            MeshChecks.assertClosedManifold(m, what);
            MeshChecks.assertPositiveVolume(m, what);
            assertEquals(0, m.stats().repairedCells(), what);
            assertNearSurface(tape, m, 2.0 / (1 << level), what);
        }
    }

    /**
     * Every vertex lies in (or, for crossings, on the boundary of) a finest cell whose corners
     * differ in sign under the clipped model: a cell no sound bound could decide.
     */
    static void assertInUndecidedCells(SsaTape tape, Mesh m, Grid grid, String what) {
        dev.ariel.eval.PointEvaluator f = JavaEngine.INSTANCE.pointEvaluator(tape);
        double h = grid.cell();
        for (int v = 0; v < m.vertexCount(); v++) {
            int[] lo = new int[3], hi = new int[3];
            for (int a = 0; a < 3; a++) {
                double u = (m.vertex(v, a) - grid.coord(a, 0)) / h;
                lo[a] = Math.max(0, (int) Math.floor(u - 1e-3));
                hi[a] = Math.min(grid.cells(a) - 1, (int) Math.floor(u + 1e-3));
            }
            boolean found = false;
            for (int i = lo[0]; i <= hi[0] && !found; i++) {
                for (int j = lo[1]; j <= hi[1] && !found; j++) {
                    for (int k = lo[2]; k <= hi[2] && !found; k++) found = mixed(f, grid, i, j, k);
                }
            }
            assertTrue(found, what + ": vertex " + v + " is in no cell with corners of both signs");
        }
    }

    private static boolean mixed(dev.ariel.eval.PointEvaluator f, Grid grid, int i, int j, int k) {
        int inside = 0;
        for (int q = 0; q < 8; q++) {
            int a = i + (q & 1), b = j + ((q >> 1) & 1), c = k + ((q >> 2) & 1);
            boolean in = !grid.onBoundary(a, b, c) && f.evaluate(grid.coord(0, a), grid.coord(1, b), grid.coord(2, c)) < 0;
            if (in) inside++;
        }
        return inside > 0 && inside < 8;
    }

    /** |f'| ≤ cell · |∇f'| at every vertex, for f' = max(f, box) the clipped model. */
    static void assertNearSurface(SsaTape tape, Mesh m, double cell, String what) {
        int n = m.vertexCount();
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        for (int v = 0; v < n; v++) {
            xs[v] = m.vertex(v, 0);
            ys[v] = m.vertex(v, 1);
            zs[v] = m.vertex(v, 2);
        }
        float[] f = new float[n], dx = new float[n], dy = new float[n], dz = new float[n];
        GradientEvaluator g = JavaEngine.INSTANCE.gradientEvaluator(tape);
        g.evaluate(xs, ys, zs, n, f, dx, dy, dz);
        for (int v = 0; v < n; v++) {
            double box = Math.max(Math.max(Math.abs(xs[v]), Math.abs(ys[v])), Math.abs(zs[v])) - 1;
            double value = Math.max(f[v], box);
            double grad = box > f[v] ? 1 : Math.sqrt(dx[v] * dx[v] + dy[v] * dy[v] + dz[v] * dz[v]);
            assertTrue(Math.abs(value) <= cell * grad + 1e-5, what + ": vertex " + v + " at (" + xs[v] + ", " + ys[v] + ", "
                    + zs[v] + ") has f' = " + value + ", |∇f'| = " + grad);
        }
    }
}
