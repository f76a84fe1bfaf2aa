package dev.ariel.mesh;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the surface crosses each sign-changing edge, and its unit normal there: a few bisection
 * steps (false position from the corner values, bisection near NaN) on the f32 point evaluator of the tape that owns the edge (the first surface cell's
 * block), then one batched gradient evaluation. The clipped model is max(f, box): where the box
 * term is the larger, the normal is the box face's. Each edge is computed once, by its owner, so
 * the result does not depend on the thread count.
 */
final class Crossings {
    /** Bisection steps where a value is NaN: the crossing is found to 1/2¹⁰ of a cell. */
    static final int STEPS = 10;
    /** False-position steps where both corner values are known: the crossing of a smooth model converges in a few. */
    static final int SECANT_STEPS = 5;
    /** A crossing stays this fraction of a cell away from the edge's ends, so no two coincide. */
    static final double MARGIN = 0.01;

    private Crossings() {}

    /**
     * Fills {@code pos} and {@code nrm} (three floats per edge) for edges whose start corner and
     * axis are packed in {@code edges} as key · 3 + axis, owned by {@code owners} (a block index,
     * or −1 for the whole model's tape). {@code inside[e]} says whether the start corner is inside.
     * Returns the point and gradient evaluations made.
     */
    static long[] find(Grid grid, long[] edges, int[] owners, boolean[] inside, float[] inValue, float[] outValue,
            List<SsaTape> tapes, List<RowEvaluator> rows, SsaTape root,
            Backend backend, int threads, float[] pos, float[] nrm) {
        int groups = tapes.size() + 1;
        List<List<Integer>> byOwner = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) byOwner.add(new ArrayList<>());
        for (int e = 0; e < edges.length; e++) byOwner.get(owners[e] + 1).add(e);
        AtomicLong points = new AtomicLong(), gradients = new AtomicLong();
        Runnable[] work = new Runnable[groups];
        for (int g = 0; g < groups; g++) {
            List<Integer> mine = byOwner.get(g);
            SsaTape tape = g == 0 ? root : tapes.get(g - 1);
            RowEvaluator values = g == 0 ? null : rows.get(g - 1);
            work[g] = () -> {
                if (mine.isEmpty()) return;
                long[] counts = group(grid, edges, inside, inValue, outValue, mine, tape, values, backend, pos, nrm);
                points.addAndGet(counts[0]);
                gradients.addAndGet(counts[1]);
            };
        }
        if (threads == 1) {
            for (Runnable r : work) r.run();
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> java.util.Arrays.stream(work).parallel().forEach(Runnable::run)).join();
            } finally {
                pool.shutdown();
            }
        }
        return new long[] {points.get(), gradients.get()};
    }

    // Where f' = max(f, box) changes sign along the edge, as t from the inside end (0) to the
    // outside end (1), counting the evaluations into points[0].
    private static double search(Grid grid, PointEvaluator eval, double[] from, double[] to, boolean startInside,
            float inValue, float outValue, long[] points) {
        // t runs from the inside corner (0) to the outside one (1).
        double lo = 0, hi = 1, flo = inValue, fhi = outValue;
        // Illinois false position while both ends have values, else bisection.
        boolean secant = Double.isFinite(flo) && Double.isFinite(fhi) && flo < 0 && fhi >= 0;
        int side = 0;
        for (int step = 0; step < (secant ? SECANT_STEPS : STEPS); step++) {
            double t = secant ? lo - flo * (hi - lo) / (fhi - flo) : (lo + hi) / 2;
            // Keep the probe off the bracket's ends, so the bracket always shrinks.
            double guard = 0.02 * (hi - lo);
            t = Math.max(lo + guard, Math.min(hi - guard, t));
            double u = startInside ? t : 1 - t;
            float x = (float) (from[0] + u * (to[0] - from[0]));
            float y = (float) (from[1] + u * (to[1] - from[1]));
            float z = (float) (from[2] + u * (to[2] - from[2]));
            points[0]++;
            float f = Math.max(grid.boxTerm(x, y, z), eval.evaluate(x, y, z));
            if (Float.isNaN(f)) secant = false;
            if (f < 0) {
                lo = t;
                flo = f;
                if (side == -1) fhi /= 2;
                side = -1;
            } else {
                hi = t;
                if (!Float.isNaN(f)) fhi = f;
                if (side == 1) flo /= 2;
                side = 1;
            }
        }
        double tEnd = secant && fhi - flo > 0 ? lo - flo * (hi - lo) / (fhi - flo) : (lo + hi) / 2;
        return Math.max(lo, Math.min(hi, tEnd));
    }

    // The block's row evaluator as a point evaluator: its crossings lie in the block's box.
    private static PointEvaluator point(RowEvaluator rows) {
        float[] in = new float[1], out = new float[1];
        return new PointEvaluator() {
            @Override
            public float evaluate(float x, float y, float z) {
                in[0] = x;
                rows.evaluate(in, 0, 1, y, z, out);
                return out[0];
            }
        };
    }

    private static long[] group(Grid grid, long[] edges, boolean[] inside, float[] inValue, float[] outValue,
            List<Integer> mine, SsaTape tape, RowEvaluator values, Backend backend, float[] pos, float[] nrm) {
        PointEvaluator eval = values == null ? backend.pointEvaluator(tape) : point(values);
        int n = mine.size();
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        long[] count = new long[1];
        for (int m = 0; m < n; m++) {
            int e = mine.get(m);
            long key = edges[e] / 3;
            int axis = (int) (edges[e] % 3);
            int[] s = {Grid.ki(key), Grid.kj(key), Grid.kk(key)};
            double[] from = new double[3], to = new double[3];
            for (int a = 0; a < 3; a++) {
                from[a] = grid.coord(a, s[a]);
                to[a] = grid.coord(a, s[a] + (a == axis ? 1 : 0));
            }
            boolean startInside = inside[e];
            double tEnd = search(grid, eval, from, to, startInside, inValue[e], outValue[e], count);
            double t = Math.max(MARGIN, Math.min(1 - MARGIN, tEnd));
            double u = startInside ? t : 1 - t;
            xs[m] = (float) (from[0] + u * (to[0] - from[0]));
            ys[m] = (float) (from[1] + u * (to[1] - from[1]));
            zs[m] = (float) (from[2] + u * (to[2] - from[2]));
        }
        float[] v = new float[n], dx = new float[n], dy = new float[n], dz = new float[n];
        GradientEvaluator grad = backend.gradientEvaluator(tape);
        grad.evaluate(xs, ys, zs, n, v, dx, dy, dz);
        int[] sign = new int[1];
        for (int m = 0; m < n; m++) {
            int e = mine.get(m);
            pos[3 * e] = xs[m];
            pos[3 * e + 1] = ys[m];
            pos[3 * e + 2] = zs[m];
            float b = grid.boxTerm(xs[m], ys[m], zs[m]);
            double gx, gy, gz;
            if (Float.isNaN(v[m])) {
                // The edge of a NaN region: no tangent plane, only the point.
                gx = gy = gz = 0;
            } else if (b >= v[m]) {
                int a = grid.boxAxis(xs[m], ys[m], zs[m], sign);
                gx = a == 0 ? sign[0] : 0;
                gy = a == 1 ? sign[0] : 0;
                gz = a == 2 ? sign[0] : 0;
            } else {
                gx = dx[m];
                gy = dy[m];
                gz = dz[m];
            }
            double len = Math.sqrt(gx * gx + gy * gy + gz * gz);
            if (!(len > 0) || !Double.isFinite(len)) {
                gx = gy = gz = 0;
                len = 1;
            }
            nrm[3 * e] = (float) (gx / len);
            nrm[3 * e + 1] = (float) (gy / len);
            nrm[3 * e + 2] = (float) (gz / len);
        }
        return new long[] {count[0], n};
    }
}
