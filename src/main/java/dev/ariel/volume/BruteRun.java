package dev.ariel.volume;

import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.JavaRowEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.render.Deadline;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RecursiveAction;

/**
 * The reference pass: every column evaluated with the whole tape from the top slice down to its
 * first filled voxel, and the whole tape's gradient there. Work is split into bands of rows;
 * in each, every slice evaluates only the columns still without a height, each row's compacted
 * into one call of the backend's row evaluator.
 */
final class BruteRun extends VolumeRun {
    private static final int GRADIENT_BATCH = 4096;

    BruteRun(VolumeRenderer renderer, SsaTape root, VolumeView view, boolean gradients, Deadline deadline) {
        super(renderer, root, view, gradients, deadline);
    }

    @Override
    TapeCompiler.Lease lease() {
        return null; // the row evaluator of the whole tape is the backend's own, not the tile compiler's
    }

    @Override
    RecursiveAction rootTask() {
        return new Bands(this);
    }

    /** Evaluates rows [y0, y1). */
    void band(int y0, int y1) {
        VolumeWorkspace.Tally t = tally();
        long t0 = System.nanoTime();
        RowEvaluator rows = renderer.backend().rowEvaluator(root);
        // The interpreter's row evaluator is the only one that is not compiled code.
        boolean compiled = !(rows instanceof JavaRowEvaluator);
        long voxels = 0;
        int n = y1 - y0;
        int[][] cols = new int[n][width];
        int[] left = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < width; i++) cols[r][i] = i;
            left[r] = width;
        }
        float[] px = new float[width], out = new float[width];
        int open = n;
        for (int k = depth - 1; k >= 0 && open > 0; k--) {
            check();
            float z = zs[k];
            for (int r = 0; r < n; r++) {
                int m = left[r];
                if (m == 0) continue;
                int[] c = cols[r];
                for (int q = 0; q < m; q++) px[q] = xs[c[q]];
                rows.evaluate(px, 0, m, ys[y0 + r], z, out);
                voxels += m;
                int keep = 0;
                int row = (y0 + r) * width;
                for (int q = 0; q < m; q++) {
                    if (out[q] < 0) heights[row + c[q]] = k + 1;
                    else c[keep++] = c[q];
                }
                left[r] = keep;
                if (keep == 0) open--;
                t.voxelOps += (long) m * root.length();
            }
        }
        if (compiled) t.voxelsCompiled += voxels;
        else t.voxelsInterp += voxels;
        t.voxelNanos += System.nanoTime() - t0;
        if (gradients) gradients(y0, y1, t);
    }

    private void gradients(int y0, int y1, VolumeWorkspace.Tally t) {
        long t0 = System.nanoTime();
        GradientEvaluator g = renderer.backend().gradientEvaluator(root);
        int cap = Math.min(GRADIENT_BATCH, (y1 - y0) * width);
        float[] px = new float[cap], py = new float[cap], pz = new float[cap];
        float[] v = new float[cap], dx = new float[cap], dy = new float[cap], dz = new float[cap];
        int[] idx = new int[cap];
        int n = 0;
        for (int p = y0 * width; p < y1 * width; p++) {
            if (heights[p] == 0) continue;
            px[n] = xs[p % width];
            py[n] = ys[p / width];
            pz[n] = zs[heights[p] - 1];
            idx[n++] = p;
            if (n == cap) {
                write(g, px, py, pz, n, idx, v, dx, dy, dz);
                n = 0;
            }
        }
        if (n > 0) write(g, px, py, pz, n, idx, v, dx, dy, dz);
        t.gradientPoints += count(y0, y1);
        t.gradientNanos += System.nanoTime() - t0;
    }

    private void write(GradientEvaluator g, float[] px, float[] py, float[] pz, int n, int[] idx, float[] v, float[] dx,
            float[] dy, float[] dz) {
        g.evaluate(px, py, pz, n, v, dx, dy, dz);
        for (int q = 0; q < n; q++) {
            gx[idx[q]] = dx[q];
            gy[idx[q]] = dy[q];
            gz[idx[q]] = dz[q];
        }
    }

    private int count(int y0, int y1) {
        int n = 0;
        for (int p = y0 * width; p < y1 * width; p++) if (heights[p] != 0) n++;
        return n;
    }

    /** Splits the image into bands, a few per thread so that uneven bands even out. */
    private static final class Bands extends RunTask {
        private final BruteRun run;

        Bands(BruteRun run) {
            super(run);
            this.run = run;
        }

        @Override
        void work() {
            int bands = Math.min(run.height, run.renderer.threads() * 8);
            List<Band> tasks = new ArrayList<>(bands);
            for (int b = 0; b < bands; b++) {
                int y0 = (int) ((long) run.height * b / bands), y1 = (int) ((long) run.height * (b + 1) / bands);
                if (y1 > y0) tasks.add(new Band(run, y0, y1));
            }
            invokeAll(tasks);
        }
    }

    /** One band of rows. */
    private static final class Band extends RunTask {
        private final BruteRun run;
        private final int y0, y1;

        Band(BruteRun run, int y0, int y1) {
            super(run);
            this.run = run;
            this.y0 = y0;
            this.y1 = y1;
        }

        @Override
        void work() {
            run.band(y0, y1);
        }
    }
}
