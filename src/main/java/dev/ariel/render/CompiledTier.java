package dev.ariel.render;

import dev.ariel.tape.Box;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.eval.TileEvaluator;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tier 1 as the tile scheduler uses it: at one level of the quadtree (the compile level), each
 * tile's simplified tape may be served by compiled code. This class finds that code, keeps what
 * the frame observed about each tape, and after each frame asks the {@link CostModel} which tapes
 * to compile, in the background, for the frames to come. Thread-safe.
 *
 * <p>Tapes are keyed by their pruned form's 128-bit {@link PrunedTape#tierKey tier key}, so a tile whose tape
 * recurs (the same view again, or an overlapping one) finds its code without rebuilding it.
 * The compiler keys its own cache by the tape and the facts proved for the tile's box.
 */
public final class CompiledTier {
    /** When this tier compiles. */
    public enum Policy {
        /** Where the cost model says it pays (the tiered engine, {@code --engine auto}). */
        AUTO,
        /** Every compile-level tape, before the frame that needs it ({@code --engine jit}). */
        ALWAYS,
        /**
         * Where the interpreter has already spent on a tape, summed over every frame that met it,
         * what compiling it would cost: rent or buy. A long-running service cannot know which
         * frames will follow, but a tape that keeps recurring (the same region in another tile,
         * mode or view) is likely to recur again, and this rule never spends more than twice
         * what the best choice in hindsight would have. Tapes are counted by structure, as the
         * compiler shares code by structure.
         */
        REPEATING
    }

    private record HashKey(long h1, long h2) {}

    private record Request(HashKey key, Box box) {}

    private static final java.util.concurrent.Executor STARTER = r -> Thread.ofPlatform().daemon()
            .name("ariel-tier1-start").start(r);

    /** Bounds the memo of materialised tapes by default; clearing it only costs rebuilding them. */
    public static final int DEFAULT_MAX_TAPES = 8192;
    // Bounds the other memos of a long-lived tier: forgetting a request only means asking the
    // compiler again (which skips what it has), forgetting spending only delays a compile, and
    // the list of compiled tiles is for reports.
    private static final int MAX_REQUESTS = 1 << 16;
    private static final int MAX_LISTED = 1024;

    private final TapeCompiler compiler;
    private final int compileSize;
    private final Policy policy;
    private final CostModel cost;
    private final int maxTapes;
    private final ConcurrentHashMap<HashKey, SsaTape> tapes = new ConcurrentHashMap<>();
    private final Set<Request> requested = ConcurrentHashMap.newKeySet();
    // REPEATING: the interpreter time compiled code would have saved so far, per tape structure.
    private final ConcurrentHashMap<HashKey, Double> spent = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final List<CompiledTile> compiled = new ArrayList<>();

    /**
     * A tape this tier asked to compile, and the first tile it served.
     *
     * @param tape the tile's simplified tape
     * @param box the tile's box, which the code was specialised for
     * @param x the tile's left pixel column
     * @param y the tile's top pixel row
     * @param size the tile's size in pixels
     */
    public record CompiledTile(SsaTape tape, Box box, int x, int y, int size) {}

    /** Every tape this tier has asked to compile, in order (the first 1,024 of a long-lived tier). */
    public List<CompiledTile> compiledTiles() {
        synchronized (compiled) {
            return List.copyOf(compiled);
        }
    }

    /**
     * A tier over {@code compiler}, which the caller keeps and closes.
     *
     * @param compileSize the tile size, in pixels, whose tapes are compiled
     */
    public CompiledTier(TapeCompiler compiler, int compileSize, Policy policy, CostModel cost) {
        this(compiler, compileSize, policy, cost, DEFAULT_MAX_TAPES);
    }

    /**
     * A tier that remembers at most {@code maxTapes} tapes (and their spending, for
     * {@link Policy#REPEATING}): a service holding many models bounds each one's memory.
     */
    public CompiledTier(TapeCompiler compiler, int compileSize, Policy policy, CostModel cost, int maxTapes) {
        if (maxTapes < 1) throw new IllegalArgumentException("maxTapes must be at least 1, not " + maxTapes);
        this.maxTapes = maxTapes;
        this.compiler = compiler;
        this.compileSize = compileSize;
        this.policy = policy;
        this.cost = cost;
    }

    /** The compiler behind this tier. */
    public TapeCompiler compiler() {
        return compiler;
    }

    /** The tile size whose tapes are compiled. */
    public int compileSize() {
        return compileSize;
    }

    /** When this tier compiles. */
    public Policy policy() {
        return policy;
    }

    /** The cost model. */
    public CostModel cost() {
        return cost;
    }

    /**
     * The compile-level tile with tape {@code tape} over {@code box}: its compiled code if ready,
     * and counters for what its pixels cost this frame. The caller holds the compiler's lease.
     */
    Site site(PrunedTape tape, Box box, int x, int y, long[] hashScratch) {
        tape.tierKey(hashScratch);
        HashKey key = new HashKey(hashScratch[0], hashScratch[1]);
        SsaTape ssa = tapes.get(key);
        if (ssa == null) {
            if (tapes.size() > maxTapes) tapes.clear();
            ssa = tape.toSsaTape();
            SsaTape raced = tapes.putIfAbsent(key, ssa);
            if (raced != null) ssa = raced;
        }
        RowEvaluator code = compiler.compiles(ssa) ? compiler.cached(ssa, box) : null;
        return new Site(key, ssa, box, code == null ? null : TileEvaluator.compiled(code), x, y, new Work());
    }

    /**
     * What one frame does with tier 1: the policy's decision, which the scheduler carries out.
     *
     * @param compileFirst survey the frame's compile-level tapes, compile what pays and wait for it
     *     before rendering ({@link Policy#ALWAYS})
     * @param lookUp look each compile-level tape's code up; without it the frame neither uses code
     *     nor learns what to compile (a last frame of the tiered engine with nothing compiled yet)
     * @param learn after the frame, hand what it observed to {@link #learn}
     */
    record Plan(boolean compileFirst, boolean lookUp, boolean learn) {
        /** No tier: every leaf is interpreted. */
        static final Plan INTERPRET = new Plan(false, false, false);
    }

    /** This tier's plan for a frame of {@code view} in {@code mode}, with {@code framesLeft} frames to come, this one included. */
    Plan plan(View view, RenderMode mode, int framesLeft) {
        return switch (policy) {
            case ALWAYS -> new Plan(true, true, false);
            case REPEATING -> new Plan(false, true, true);
            case AUTO -> {
                boolean look = (framesLeft > 1 || compiler.counters().tapesCompiled() > 0) && !skips(view, mode, framesLeft);
                yield new Plan(false, look, look);
            }
        };
    }

    /**
     * Before a frame of a {@link Plan#compileFirst} plan: starts compiling what the survey of the
     * frame's tiles chose. Returns how many tapes it started; the caller waits with {@link #awaitCompiles}.
     */
    int compileFor(List<Site> surveyed, int framesLeft) {
        return afterFrame(surveyed, framesLeft);
    }

    /** After a frame of a {@link Plan#learn} plan: chooses, from what it observed, what to compile for the frames after it. */
    void learn(List<Site> sites, int framesLeft, View view, RenderMode mode) {
        afterFrame(sites, Math.max(0, framesLeft - 1), view, mode);
    }

    private record Rejection(View view, RenderMode mode, int framesLeft) {}

    private volatile Rejection rejected;

    /**
     * Whether a frame of {@code view} can skip looking tier 1 up: an earlier frame of the same
     * view and mode, with at least as many frames still to come, found nothing worth compiling,
     * and no code exists. Hashing every compile-level tape costs about 10% of a 4096² frame.
     */
    boolean skips(View view, RenderMode mode, int framesLeft) {
        Rejection r = rejected;
        return r != null && r.view.equals(view) && r.mode == mode && framesLeft <= r.framesLeft
                && compiler.counters().tapesCompiled() == 0;
    }

    // As afterFrame(List, int), remembering a frame that chose nothing.
    private int afterFrame(List<Site> sites, int framesLeft, View view, RenderMode mode) {
        int started = afterFrame(sites, framesLeft);
        rejected = started == 0 ? new Rejection(view, mode, framesLeft + 1) : null;
        return started;
    }

    // Chooses the tapes to compile for the frames to come and starts compiling them in the
    // background. Returns how many it started.
    private int afterFrame(List<Site> sites, int framesLeft) {
        record Candidate(Site site, double saving) {}
        List<Candidate> chosen = new ArrayList<>();
        if (requested.size() > MAX_REQUESTS) requested.clear();
        if (spent.size() > maxTapes) spent.clear();
        for (Site s : sites) {
            if (s.code != null || !compiler.compiles(s.tape)) continue;
            Request r = new Request(s.key, s.box);
            if (requested.contains(r)) continue;
            double saving = switch (policy) {
                case ALWAYS -> Double.MAX_VALUE;
                case AUTO -> s.work.netSaving(cost, s.tape.length(), framesLeft);
                case REPEATING -> {
                    double compile = s.tape.length() * cost.compilePerOp();
                    double thisFrame = s.work.netSaving(cost, s.tape.length(), 1) + compile;
                    if (thisFrame <= 0) yield -1;
                    yield spent.merge(s.key, thisFrame, Double::sum) - compile;
                }
            };
            if (saving >= 0 && (saving > 0 || policy == Policy.REPEATING) && requested.add(r)) {
                chosen.add(new Candidate(s, saving));
                synchronized (compiled) {
                    if (compiled.size() < MAX_LISTED) compiled.add(new CompiledTile(s.tape, s.box, s.x, s.y, compileSize));
                }
            }
        }
        if (chosen.isEmpty()) return 0;
        // Most saving first: the compiler batches in order, so the best code arrives soonest.
        chosen.sort(Comparator.comparingDouble(Candidate::saving).reversed());
        List<SsaTape> list = new ArrayList<>(chosen.size());
        List<Box> boxes = new ArrayList<>(chosen.size());
        for (Candidate c : chosen) {
            list.add(c.site.tape);
            boxes.add(c.site.box);
        }
        // Off the render thread: the first compile loads LLVM, which takes about 100 ms.
        CompletableFuture<Void> f = CompletableFuture.supplyAsync(() -> compiler.compileAll(list, boxes), STARTER)
                .thenCompose(x -> x);
        synchronized (pending) {
            pending.removeIf(CompletableFuture::isDone);
            pending.add(f);
        }
        return chosen.size();
    }

    /** Waits for every compile this tier started; a failed compile only leaves its tapes interpreted. */
    public void awaitCompiles() {
        List<CompletableFuture<Void>> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
        }
        for (CompletableFuture<Void> f : all) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // reported by the compiler's counters; the interpreter carries on
            }
        }
    }

    /**
     * One compile-level tile in one frame: its tape, box and compiled code if any, and the work the
     * interpreter did below it, which the cost model weighs.
     *
     * @param code the compiled code for the tile's leaves, or null to interpret them
     */
    record Site(HashKey key, SsaTape tape, Box box, TileEvaluator code, int x, int y, Work work) {}

    /** What the interpreter's leaves below one compile-level tile cost in one frame; leaves on several threads add to it. */
    static final class Work {
        private final AtomicLong pixels = new AtomicLong();
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong dispatches = new AtomicLong();
        private final AtomicLong opEvaluations = new AtomicLong();

        /** Counts one interpreted leaf of {@code pixels} pixels in {@code rows} rows, with a tape of {@code ops} instructions. */
        void interpreted(long pixels, int rows, int ops) {
            this.pixels.addAndGet(pixels);
            this.rows.addAndGet(rows);
            dispatches.addAndGet(ops);
            opEvaluations.addAndGet(ops * pixels);
        }

        double netSaving(CostModel cost, int tapeOps, int framesLeft) {
            return cost.netSaving(tapeOps, pixels.get(), rows.get(), dispatches.get(), opEvaluations.get(), framesLeft);
        }
    }
}
