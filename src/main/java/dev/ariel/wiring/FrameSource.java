package dev.ariel.wiring;

import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.jit.CodeCache;
import dev.ariel.jit.JitBackend;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.JitWarmUp;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Deadline;
import dev.ariel.render.Frame;
import dev.ariel.render.FrameStats;
import dev.ariel.render.RenderMode;
import dev.ariel.render.RenderModel;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The library's one entry point for frames: an engine choice, a strategy and their options
 * ({@link RenderSettings}) turned into the frames of one model's view. The CLI's {@code render}
 * and benchmarks use it as is; a service shares one {@link RenderEngine} between models instead.
 * Close it to unload what it compiled. Not thread-safe.
 *
 * <p>A one-frame tiered render loads no LLVM (there is no later frame for code to pay off in),
 * unless the code cache's hint says that linking the code an earlier run compiled pays
 * ({@link CodeCacheHints}).
 */
public final class FrameSource implements AutoCloseable {
    private final RenderSettings settings;
    private final RenderModel model;
    private final View view;
    private final RenderMode mode;
    private final String hintKey;
    private final RenderEngine tiles; // pruned, else null
    private final TileRenderer pruned;
    private final Renderer brute; // brute force, else null
    private final JitEngine wholeTape; // brute force that compiled, else null
    private final List<String> warnings = new ArrayList<>();
    private long bruteCompileNanos;

    private int rendered;
    private FrameStats first;
    private FrameStats last;

    private FrameSource(Prepared p, RenderModel model) {
        RenderSettings s = p.settings;
        this.settings = s;
        this.model = model;
        this.view = p.view;
        this.mode = p.mode;
        this.hintKey = p.hintKey;
        boolean link = p.link;
        if (s.strategy() == Strategy.PRUNED) {
            tiles = RenderEngine.open(s, link);
            pruned = tiles.tileRenderer();
            brute = null;
            wholeTape = null;
        } else {
            tiles = null;
            pruned = null;
            JitEngine w = compilesWholeTape() ? JitEngine.of(s.compile(), s.diskCache() ? CodeCache.Settings.defaults() : null)
                    : null;
            if (w != null && !w.compiles(model.tape())) {
                warnings.add(String.format(Locale.ROOT, "has %d instructions, over the JIT's budget of %d (--jit-max-ops); "
                        + "rendering with the interpreter", model.tape().length(), s.compile().maxOps()));
                w = null;
            }
            if (w != null) bruteCompileNanos = w.kernel(model.tape(), view.box()).stats().totalNanos();
            wholeTape = w;
            brute = new Renderer(w == null ? JavaEngine.INSTANCE : JitBackend.of(w, null), s.threads());
        }
    }

    /**
     * The frames of {@code model} over {@code view} in {@code mode}, as {@code settings} choose.
     * Brute force with a compiling engine compiles the whole tape here.
     */
    public static FrameSource open(RenderSettings settings, RenderModel model, View view, RenderMode mode) {
        return prepare(settings, view, mode).open(model);
    }

    /**
     * The decisions that need no model: whether a one-frame tiered render links code from the
     * cache, and, where the run will compile, LLVM's loading started in the background, so that
     * it overlaps with reading the model. Then {@link Prepared#open} the model's frames.
     */
    public static Prepared prepare(RenderSettings settings, View view, RenderMode mode) {
        String key = CodeCacheHints.key(settings, view, mode);
        boolean link = key != null && settings.framesExpected() == 1 && CodeCacheHints.linkPays(key);
        if (settings.engine() == EngineKind.JIT || link) JitWarmUp.start();
        return new Prepared(settings, view, mode, key, link);
    }

    /** What {@link #prepare} decided; open it with the model once read. */
    public static final class Prepared {
        private final RenderSettings settings;
        private final View view;
        private final RenderMode mode;
        private final String hintKey;
        private final boolean link;

        private Prepared(RenderSettings settings, View view, RenderMode mode, String hintKey, boolean link) {
            this.settings = settings;
            this.view = view;
            this.mode = mode;
            this.hintKey = hintKey;
            this.link = link;
        }

        /** The frames of {@code model}; brute force with a compiling engine compiles the whole tape here. */
        public FrameSource open(RenderModel model) {
            return new FrameSource(this, model);
        }
    }

    // Brute force: the whole model at every pixel, by the interpreter or one compiled kernel.
    private boolean compilesWholeTape() {
        return switch (settings.engine()) {
            case INTERP -> false;
            case JIT -> true;
            // The same cost model as tier 1, for one kernel over the whole view and every frame.
            case AUTO -> CostModel.defaults().compilesWholeTape(model.tape().length(), view.width(), view.height(),
                    Math.max(1, settings.framesExpected()));
        };
    }

    /**
     * Notes for the user about choices the settings could not have, each to follow the model's
     * name (such as {@code has 200000 instructions, over the JIT's budget ...}).
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Whether only rendering frames compiles anything: the quadtree with a compiling engine (brute force compiled at open). */
    public boolean rendersToCompile() {
        return tiles != null && tiles.tiered();
    }

    /** Renders the next frame; the cost model weighs compiling against the frames still expected. */
    public Frame next() {
        int left = Math.max(1, settings.framesExpected() - rendered);
        Frame f = pruned != null ? pruned.render(model, view, mode, left, Deadline.NONE) : brute.frame(model, view, mode);
        if (rendered++ == 0) first = f.stats();
        last = f.stats();
        return f;
    }

    /**
     * Waits for compiles under way and says what the tiers did; a multi-frame tiered run also
     * notes in the code cache's hints what its code saved, for later one-frame runs.
     */
    public Summary finish() {
        if (tiles != null) return finishPruned();
        if (brute.engine() == JavaEngine.INSTANCE) return Summary.NONE;
        String label = settings.compile().label();
        double ms = bruteCompileNanos / 1e6;
        String note = wholeTape.loadedFromDiskCount() > 0
                ? String.format(Locale.ROOT, ", loaded %s code from the code cache in %.1f ms", label, ms)
                : String.format(Locale.ROOT, ", compiled at %s in %.1f ms", label, ms);
        return new Summary(bruteCompileNanos, wholeTape.compiledCount(), wholeTape.loadedFromDiskCount(), 0,
                cacheDirectory(), rejected(wholeTape.diskCounters()), note,
                List.of(IrListing.wholeModel(model.tape(), view.box())));
    }

    private Summary finishPruned() {
        CompiledTier tier = pruned.tier();
        if (tier == null) {
            String note = settings.engine() == EngineKind.AUTO && settings.framesExpected() == 1
                    ? ", tier 1 compiled nothing (one frame)" : "";
            return new Summary(0, 0, 0, 0, null, 0, note, List.of());
        }
        tier.awaitCompiles();
        TapeCompiler.Counters c = tiles.counters();
        String loaded = c.tapesLoaded() == 0 ? "" : String.format(Locale.ROOT, ", loaded %d from the code cache", c.tapesLoaded());
        if (tiles.linksFromCache() && c.tapesLoaded() == 0) CodeCacheHints.forget(hintKey);
        if (hintKey != null && settings.framesExpected() > 1 && c.tapesCompiled() + c.tapesLoaded() > 0 && rendered > 0) {
            CodeCacheHints.write(hintKey, first, last);
        }
        String note = c.tapesCompiled() == 0 ? ", tier 1 compiled nothing" + loaded
                : String.format(Locale.ROOT, ", tier 1 compiled %d tapes at %s in %.1f ms of compile threads' time%s",
                        c.tapesCompiled(), settings.compile().label(), c.compileNanos() / 1e6, loaded);
        return new Summary(c.compileNanos(), c.tapesCompiled(), c.tapesLoaded(), c.cacheHits(), cacheDirectory(),
                rejected(tiles.diskCounters()), note, IrListing.tiles(tier, model.tape().length()));
    }

    private String cacheDirectory() {
        return settings.diskCache() ? CodeCache.Settings.defaults().directory().toString() : null;
    }

    private long rejected(CodeCache.Counters c) {
        return settings.diskCache() && c != null ? c.rejected() : 0;
    }

    /** Unloads what this source compiled. */
    @Override
    public void close() {
        if (tiles != null) tiles.close();
        if (wholeTape != null) wholeTape.close();
    }

    /**
     * What the compiling tiers did in a run.
     *
     * @param compileNanos compile time (tier 1: summed over its threads)
     * @param tapesCompiled functions compiled
     * @param tapesLoaded functions linked from the code cache
     * @param cacheHits compile-level tiles served by compiled code
     * @param codeCache the code cache's directory, or null when it is off or nothing compiled
     * @param codeCacheRejected cache entries refused as corrupt or stale
     * @param note how the run's tiers went, for the CLI's one-line summary (empty, or starting with {@code ", "})
     * @param kernels what was compiled, for the IR listing (empty if nothing)
     */
    public record Summary(long compileNanos, long tapesCompiled, long tapesLoaded, long cacheHits, String codeCache,
            long codeCacheRejected, String note, List<IrListing.Kernel> kernels) {
        static final Summary NONE = new Summary(0, 0, 0, 0, null, 0, "", List.of());
    }
}
