package dev.ariel.mesh;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the surface crosses each sign-changing edge, and its unit normal there: a few steps of
 * false position from the corner values (bisection near NaN) on the f32 values of the tape that
 * owns the edge (the first surface cell's block), all of an owner's edges in lockstep so that each
 * step is one batched call, then one batched gradient evaluation. The clipped model is max(f, box): where the box
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
    static long[] find(Grid grid, int count, long[] edges, int[] owners, boolean[] inside, float[] inValue, float[] outValue,
            List<SsaTape> tapes, SsaTape root,
            Backend backend, int threads, float[] pos, float[] nrm) {
        int groups = tapes.size() + 1;
        List<List<Integer>> byOwner = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) byOwner.add(new ArrayList<>());
        for (int e = 0; e < count; e++) byOwner.get(owners[e] + 1).add(e);
        AtomicLong points = new AtomicLong(), gradients = new AtomicLong();
        Runnable[] work = new Runnable[groups];
        for (int g = 0; g < groups; g++) {
            List<Integer> mine = byOwner.get(g);
            SsaTape tape = g == 0 ? root : tapes.get(g - 1);
            work[g] = () -> {
                if (mine.isEmpty()) return;
                long[] counts = group(grid, edges, inside, inValue, outValue, mine, tape, backend, pos, nrm);
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

    /**
     * The false-position searches of one owner's edges, run in lockstep so that each step
     * evaluates every edge's probe in one batched call. Per edge, t runs from the inside corner
     * (0) to the outside one (1); an edge whose probe meets NaN falls back to bisection.
     */
    private static final class Search {
        final int n;
        final double[] lo, hi, flo, fhi;
        final boolean[] secant;
        final int[] side;
        final float[] from, to;
        final boolean[] startInside;

        Search(int n) {
            this.n = n;
            lo = new double[n];
            hi = new double[n];
            flo = new double[n];
            fhi = new double[n];
            secant = new boolean[n];
            side = new int[n];
            from = new float[3 * n];
            to = new float[3 * n];
            startInside = new boolean[n];
        }

        void start(int m, float inValue, float outValue) {
            lo[m] = 0;
            hi[m] = 1;
            flo[m] = inValue;
            fhi[m] = outValue;
            // Illinois false position while both ends have values, else bisection.
            secant[m] = Double.isFinite(flo[m]) && Double.isFinite(fhi[m]) && flo[m] < 0 && fhi[m] >= 0;
        }

        boolean active(int m, int step) {
            return step < (secant[m] ? SECANT_STEPS : STEPS);
        }

        // The next probe of edge m, as t; kept off the bracket's ends so the bracket always shrinks.
        double probe(int m) {
            double t = secant[m] ? lo[m] - flo[m] * (hi[m] - lo[m]) / (fhi[m] - flo[m]) : (lo[m] + hi[m]) / 2;
            double guard = 0.02 * (hi[m] - lo[m]);
            return Math.max(lo[m] + guard, Math.min(hi[m] - guard, t));
        }

        void point(int m, double t, float[] xs, float[] ys, float[] zs, int at) {
            double u = startInside[m] ? t : 1 - t;
            xs[at] = (float) (from[3 * m] + u * (to[3 * m] - from[3 * m]));
            ys[at] = (float) (from[3 * m + 1] + u * (to[3 * m + 1] - from[3 * m + 1]));
            zs[at] = (float) (from[3 * m + 2] + u * (to[3 * m + 2] - from[3 * m + 2]));
        }

        void update(int m, double t, float f) {
            if (Float.isNaN(f)) secant[m] = false;
            if (f < 0) {
                lo[m] = t;
                flo[m] = f;
                if (side[m] == -1) fhi[m] /= 2;
                side[m] = -1;
            } else {
                hi[m] = t;
                if (!Float.isNaN(f)) fhi[m] = f;
                if (side[m] == 1) flo[m] /= 2;
                side[m] = 1;
            }
        }

        double end(int m) {
            double tEnd = secant[m] && fhi[m] - flo[m] > 0 ? lo[m] - flo[m] * (hi[m] - lo[m]) / (fhi[m] - flo[m]) : (lo[m] + hi[m]) / 2;
            return Math.max(lo[m], Math.min(hi[m], tEnd));
        }
    }

    // Why this method is long: it runs the lockstep search, one batched call a step, then the
    // batched gradients at the crossings.
    private static long[] group(Grid grid, long[] edges, boolean[] inside, float[] inValue, float[] outValue,
            List<Integer> mine, SsaTape tape, Backend backend, float[] pos, float[] nrm) {
        int n = mine.size();
        Search s = new Search(n);
        for (int m = 0; m < n; m++) {
            int e = mine.get(m);
            long key = edges[e] / 3;
            int axis = (int) (edges[e] % 3);
            int[] c = {Grid.ki(key), Grid.kj(key), Grid.kk(key)};
            for (int a = 0; a < 3; a++) {
                s.from[3 * m + a] = grid.coord(a, c[a]);
                s.to[3 * m + a] = grid.coord(a, c[a] + (a == axis ? 1 : 0));
            }
            s.startInside[m] = inside[e];
            s.start(m, inValue[e], outValue[e]);
        }
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        float[] v = new float[n], dx = new float[n], dy = new float[n], dz = new float[n];
        int[] which = new int[n];
        double[] ts = new double[n];
        // The gradient evaluator's values are the point evaluator's (its contract), and it takes
        // any points in one call, so it serves the probes too: one call per step per owner.
        GradientEvaluator grad = backend.gradientEvaluator(tape);
        long points = 0;
        for (int step = 0; step < Math.max(STEPS, SECANT_STEPS); step++) {
            int live = 0;
            for (int m = 0; m < n; m++) {
                if (!s.active(m, step)) continue;
                double t = s.probe(m);
                s.point(m, t, xs, ys, zs, live);
                ts[live] = t;
                which[live++] = m;
            }
            if (live == 0) break;
            grad.evaluate(xs, ys, zs, live, v, dx, dy, dz);
            points += live;
            for (int q = 0; q < live; q++) {
                s.update(which[q], ts[q], Math.max(grid.boxTerm(xs[q], ys[q], zs[q]), v[q]));
            }
        }
        for (int m = 0; m < n; m++) {
            double t = Math.max(MARGIN, Math.min(1 - MARGIN, s.end(m)));
            s.point(m, t, xs, ys, zs, m);
        }
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
        return new long[] {points, n};
    }
}
