package dev.ariel.mesh;

import dev.ariel.eval.Backend;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.render.Deadline;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The octree over the finest cells: interval arithmetic bounds each node over its box, a node
 * proved empty or filled stops there, and an undecided one is split, with its tape simplified by
 * the min/max choices the bounds made, down to the nodes of 2³ finest cells, whose cells are kept
 * unbounded (the corner signs decide them). Nodes {@link #BLOCK_LEVELS}
 * above the finest level are <em>blocks</em>: each is one fork/join task, descends serially, and
 * evaluates the corners of its undecided finest cells with its own simplified tape. Blocks come
 * out in a fixed order (children in index order), whatever the thread count.
 *
 * <p>The solid meshed is max(f, box) < 0 (see {@link Grid#boxTerm}), so a node touching the
 * grid's boundary is never "filled": its cells there carry the cap.
 */
final class Octree {
    /** Levels a block spans: blocks of up to 8³ finest cells. */
    static final int BLOCK_LEVELS = 3;
    private final int leaf;

    /**
     * A block's result: its tape (whose values the edge crossings it owns use), its finest cells whose corners differ in sign (packed keys,
     * in octree order) and their corner patterns, the f32 values of those cells' corners (boundary
     * corners hold +0, outside), and how many finest cells the octree left undecided. A cell whose
     * corners all agree has no crossing edge, so it adds no vertex or face: dropping it here keeps
     * the mesh the same and the corner map small (bear keeps 1 cell in 30).
     */
    record Block(SsaTape tape, long[] cells, int[] patterns, long[] cornerKeys, float[] cornerValues,
            long evaluations, int undecided) {}

    private final SsaTape root;
    private final boolean wholeTape;
    private final Grid grid;
    private final Backend backend;
    private final Deadline deadline;
    private final int blockDepth;
    private final AtomicLongArray counts;
    private final ThreadLocal<Workspace> workspaces;

    private Octree(SsaTape root, Grid grid, Backend backend, Deadline deadline) {
        this.root = root;
        // A compiling backend would compile every block's tape (milliseconds each, thousands of
        // blocks); it gets the whole model's tape over every input, compiled once and shared.
        // Pruning is exact, so the values, and the mesh, are the same.
        this.wholeTape = backend.tapeCompiler() != null;
        // Interval arithmetic inside a block mostly fails to decide (bear: 88% of 2³ nodes, 82% of
        // 4³ ones undecided) and costs more than the corners it saves, so undecided nodes of
        // this size keep all their cells. The interpreter still bounds the 4³ nodes, whose
        // simplified tapes make its corners cheaper; compiled code evaluates the whole tape
        // anyway, so it stops at the block (bear L7 interp 5.2 → 2.4 s, jit 3.1 → 0.65 s, octree).
        this.leaf = Integer.getInteger("ariel.mesh.leaf", wholeTape ? 8 : 4);
        this.grid = grid;
        this.backend = backend;
        this.deadline = deadline;
        this.blockDepth = Math.max(0, grid.level() - BLOCK_LEVELS);
        // Per depth: nodes bounded; then proved inside, proved outside.
        this.counts = new AtomicLongArray(grid.level() + 3);
        int levels = grid.level() + 2;
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(levels));
    }

    /** The undecided blocks of {@code tape} over {@code grid}, and the counts into {@code out}. */
    static List<Block> build(SsaTape tape, Grid grid, Backend backend, int threads, Deadline deadline, long[] out) {
        Octree tree = new Octree(tape, grid, backend, deadline);
        PrunedTape root = PrunedTape.of(tape).compactCopy();
        int size = 1 << grid.level();
        List<Block> blocks;
        if (threads == 1) {
            blocks = tree.new Node(root, 0, 0, 0, 0, size).compute();
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                blocks = pool.invoke(tree.new Node(root, 0, 0, 0, 0, size));
            } finally {
                pool.shutdown();
            }
        }
        for (int i = 0; i < out.length && i < tree.counts.length(); i++) out[i] = tree.counts.get(i);
        return blocks;
    }

    private static final class Workspace {
        final IntervalEvaluator intervals = new IntervalEvaluator(64);
        final PrunedTape[] tapes;

        Workspace(int levels) {
            tapes = new PrunedTape[levels];
            for (int i = 0; i < levels; i++) tapes[i] = new PrunedTape(64);
        }
    }

    // What interval arithmetic says of a node: OUTSIDE, INSIDE, or SPLIT (undecided).
    private static final int OUTSIDE = 0, INSIDE = 1, SPLIT = 2;

    private int classify(IntervalEvaluator ie, PrunedTape tape, int depth, int i, int j, int k, int size) {
        int nx = grid.cells(0), ny = grid.cells(1), nz = grid.cells(2);
        if (i >= nx || j >= ny || k >= nz) {
            counts.incrementAndGet(grid.level() + 2);
            return OUTSIDE;
        }
        int i1 = Math.min(i + size, nx), j1 = Math.min(j + size, ny), k1 = Math.min(k + size, nz);
        counts.incrementAndGet(depth);
        ie.evaluate(tape, grid.coord(0, i), grid.coord(0, i1), grid.coord(1, j), grid.coord(1, j1),
                grid.coord(2, k), grid.coord(2, k1));
        int out = tape.output();
        // NaN is outside, so a node whose non-NaN values are all ≥ 0 is empty.
        if (ie.lower(tape, out) >= 0) {
            counts.incrementAndGet(grid.level() + 2);
            return OUTSIDE;
        }
        boolean touches = i == 0 || j == 0 || k == 0 || i + size >= nx || j + size >= ny || k + size >= nz;
        if (ie.upper(tape, out) < 0 && !ie.maybeNaN(tape, out) && !touches) {
            counts.incrementAndGet(grid.level() + 1);
            return INSIDE;
        }
        return SPLIT;
    }

    /** A node above the block depth: a fork/join task over its undecided children. */
    private final class Node extends RecursiveTask<List<Block>> {
        private final PrunedTape tape;
        private final int depth, i, j, k, size;

        Node(PrunedTape tape, int depth, int i, int j, int k, int size) {
            this.tape = tape;
            this.depth = depth;
            this.i = i;
            this.j = j;
            this.k = k;
            this.size = size;
        }

        @Override
        protected List<Block> compute() {
            deadline.check();
            Workspace ws = workspaces.get();
            if (classify(ws.intervals, tape, depth, i, j, k, size) != SPLIT) return List.of();
            PrunedTape own = tape;
            if (ws.intervals.decidedChoices() > 0) {
                ws.tapes[0].simplify(tape, ws.intervals.choices(), ws.intervals.maybeNaNArray());
                own = ws.tapes[0].compactCopy();
            }
            if (depth == blockDepth) return List.of(block(own, ws));
            int half = size / 2;
            List<Node> children = new ArrayList<>(8);
            for (int c = 0; c < 8; c++) {
                children.add(new Node(own, depth + 1, i + (c & 1) * half, j + ((c >> 1) & 1) * half,
                        k + ((c >> 2) & 1) * half, half));
            }
            invokeAll(children);
            List<Block> blocks = new ArrayList<>();
            for (Node n : children) blocks.addAll(n.join());
            return blocks;
        }

        private Block block(PrunedTape own, Workspace ws) {
            List<Long> cells = new ArrayList<>();
            int half = size / 2;
            if (size <= leaf) {
                leaves(i, j, k, size, cells);
            } else {
                for (int c = 0; c < 8; c++) {
                    descend(ws, own, depth + 1, i + (c & 1) * half, j + ((c >> 1) & 1) * half,
                            k + ((c >> 2) & 1) * half, half, cells);
                }
            }
            long[] keys = new long[cells.size()];
            for (int c = 0; c < keys.length; c++) keys[c] = cells.get(c);
            return corners(wholeTape ? root : own.toSsaTape(), keys);
        }

        // Why this method is long: it lays the block's corner lattice out densely, marks the
        // corners its cells need, evaluates each z layer's marked rows in one row call, and keeps
        // the cells whose corner signs differ.
        private Block corners(SsaTape ssa, long[] keys) {
            int side = size + 1;
            boolean[] need = new boolean[side * side * side];
            int count = 0;
            for (long key : keys) {
                int ci = Grid.ki(key) - i, cj = Grid.kj(key) - j, ck = Grid.kk(key) - k;
                for (int q = 0; q < 8; q++) {
                    int at = (ci + (q & 1)) + side * ((cj + ((q >> 1) & 1)) + side * (ck + ((q >> 2) & 1)));
                    if (!need[at]) count++;
                    need[at] = true;
                }
            }
            float[] lattice = new float[side * side * side];
            int nx = Math.min(side, grid.cells(0) + 1 - i), ny = Math.min(side, grid.cells(1) + 1 - j);
            int nz = Math.min(side, grid.cells(2) + 1 - k);
            float[] xs = new float[nx], ys = new float[ny], out = new float[nx * ny];
            for (int a = 0; a < nx; a++) xs[a] = grid.coord(0, i + a);
            for (int b = 0; b < ny; b++) ys[b] = grid.coord(1, j + b);
            RowEvaluator rows = count == 0 ? null : backend.rowEvaluator(ssa, wholeTape ? dev.ariel.tape.Box.EVERYTHING : box(nx, ny, nz));
            long evaluations = 0;
            for (int d = 0; d < nz; d++) {
                int lo = side, hi = -1;
                for (int b = 0; b < ny; b++) {
                    for (int a = 0; a < nx; a++) {
                        if (need[a + side * (b + side * d)]) {
                            lo = Math.min(lo, b);
                            hi = Math.max(hi, b);
                        }
                    }
                }
                if (hi < 0) continue;
                rows.evaluateRows(xs, 0, nx, ys, lo, hi - lo + 1, grid.coord(2, k + d), out);
                evaluations += (long) nx * (hi - lo + 1);
                for (int b = lo; b <= hi; b++) {
                    for (int a = 0; a < nx; a++) {
                        // Corners on the grid's boundary are outside the clipped solid.
                        lattice[a + side * (b + side * d)] = grid.onBoundary(i + a, j + b, k + d) ? 0f : out[(b - lo) * nx + a];
                    }
                }
            }
            return keep(ssa, keys, lattice, evaluations);
        }

        // The cells of keys whose corners differ in sign, with their patterns and corner values.
        private Block keep(SsaTape ssa, long[] keys, float[] lattice, long evaluations) {
            int side = size + 1;
            long[] kept = new long[keys.length];
            int[] patterns = new int[keys.length];
            boolean[] taken = new boolean[lattice.length];
            long[] cornerKeys = new long[Math.min(lattice.length, 8 * keys.length)];
            float[] values = new float[cornerKeys.length];
            int n = 0, m = 0;
            for (long key : keys) {
                int ci = Grid.ki(key) - i, cj = Grid.kj(key) - j, ck = Grid.kk(key) - k, p = 0;
                for (int q = 0; q < 8; q++) {
                    int at = (ci + (q & 1)) + side * ((cj + ((q >> 1) & 1)) + side * (ck + ((q >> 2) & 1)));
                    if (lattice[at] < 0) p |= 1 << q;
                }
                if (p == 0 || p == 255) continue;
                kept[n] = key;
                patterns[n++] = p;
                for (int q = 0; q < 8; q++) {
                    int a = ci + (q & 1), b = cj + ((q >> 1) & 1), d = ck + ((q >> 2) & 1);
                    int at = a + side * (b + side * d);
                    if (taken[at]) continue;
                    taken[at] = true;
                    cornerKeys[m] = Grid.key(i + a, j + b, k + d);
                    values[m++] = lattice[at];
                }
            }
            return new Block(ssa, java.util.Arrays.copyOf(kept, n), java.util.Arrays.copyOf(patterns, n),
                    java.util.Arrays.copyOf(cornerKeys, m), java.util.Arrays.copyOf(values, m), evaluations, keys.length);
        }

        private dev.ariel.tape.Box box(int nx, int ny, int nz) {
            return new dev.ariel.tape.Box(grid.coord(0, i), grid.coord(0, i + nx - 1), grid.coord(1, j),
                    grid.coord(1, j + ny - 1), grid.coord(2, k), grid.coord(2, k + nz - 1));
        }
    }

    // The cells of a node in octree order (children in index order), as the descent would list them.
    private void leaves(int i, int j, int k, int size, List<Long> cells) {
        if (size == 1) {
            if (i < grid.cells(0) && j < grid.cells(1) && k < grid.cells(2)) cells.add(Grid.key(i, j, k));
            return;
        }
        int half = size / 2;
        for (int c = 0; c < 8; c++) leaves(i + (c & 1) * half, j + ((c >> 1) & 1) * half, k + ((c >> 2) & 1) * half, half, cells);
    }

    // The serial descent inside a block: the workspace's tape at each depth holds that node's
    // simplification, which its children read and no other thread touches.
    private void descend(Workspace ws, PrunedTape tape, int depth, int i, int j, int k, int size, List<Long> cells) {
        int verdict = classify(ws.intervals, tape, depth, i, j, k, size);
        if (verdict != SPLIT) return;
        if (size == 1) {
            cells.add(Grid.key(i, j, k));
            return;
        }
        if (size <= leaf) {
            // The finest cells of an undecided small node are all kept without bounding them: on
            // bear most stay undecided (88% of the 2³ nodes), bounding them was most of the
            // interval work, and the corner signs, evaluated anyway, show which hold the surface.
            // A cell whose corners differ could never have been proved empty or filled.
            leaves(i, j, k, size, cells);
            return;
        }
        PrunedTape own = tape;
        if (ws.intervals.decidedChoices() > 0) {
            own = ws.tapes[depth];
            own.simplify(tape, ws.intervals.choices(), ws.intervals.maybeNaNArray());
        }
        int half = size / 2;
        for (int c = 0; c < 8; c++) {
            descend(ws, own, depth + 1, i + (c & 1) * half, j + ((c >> 1) & 1) * half, k + ((c >> 2) & 1) * half,
                    half, cells);
        }
    }
}
