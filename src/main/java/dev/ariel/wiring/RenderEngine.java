package dev.ariel.wiring;

import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.jit.CodeCache;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.JitBackend;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.TileRenderer;

/**
 * An engine choice made concrete for the quadtree: the backend and, for a compiling engine, the
 * one tile compiler that every renderer it makes shares. A service holds one for all its models
 * ({@link #tileRenderer(int)} per model); {@link FrameSource} holds one for one view. Closing it
 * unloads the compiled code.
 *
 * <p>Nothing here loads LLVM for the interpreter: only a compiling engine makes a
 * {@link JitBackend}, and LLVM loads on its first compile. This class lives above {@code render}
 * and {@code jit} so that the scheduler and the tiers below it name no LLVM class (see
 * {@code package-info}).
 */
public final class RenderEngine implements AutoCloseable {
    private final RenderSettings settings;
    private final boolean linksFromCache;
    private final JitBackend jit; // null for the interpreter
    private final Backend backend;

    private RenderEngine(RenderSettings settings, boolean linksFromCache, JitBackend jit) {
        this.settings = settings;
        this.linksFromCache = linksFromCache;
        this.jit = jit;
        this.backend = jit != null ? jit : JavaEngine.INSTANCE;
    }

    /** The quadtree's engine for {@code settings}. */
    public static RenderEngine open(RenderSettings settings) {
        return open(settings, false);
    }

    /**
     * The quadtree's engine; with {@code linksFromCache}, a tiered one that only links what the
     * code cache holds, compiling nothing, before each frame that needs it.
     */
    static RenderEngine open(RenderSettings s, boolean linksFromCache) {
        EngineKind e = s.engine();
        // One frame gives the tiered engine nothing to compile for: no frame follows to use the
        // code. Then it is the interpreter, and LLVM is never loaded.
        boolean tiered = e == EngineKind.JIT || (e == EngineKind.AUTO && s.framesExpected() != 1) || linksFromCache;
        if (!tiered) return new RenderEngine(s, false, null);
        CodeCache.Settings disk = s.diskCache() ? CodeCache.Settings.defaults() : null;
        JitTapeCompiler compiler;
        if (linksFromCache) {
            compiler = JitTapeCompiler.loadingOnly(s.compile(), s.threads(), disk);
        } else {
            // --engine jit waits for its compiles before rendering, so they may use every core;
            // the tiered engine, and a service, compile beside renders and leave them one.
            int threads = e == EngineKind.JIT && !s.service() ? s.threads() : JitTapeCompiler.defaultThreads();
            compiler = new JitTapeCompiler(s.compile(), threads, s.maxCodeBytes(), JitTapeCompiler.DEFAULT_BATCH_OPS, disk);
        }
        return new RenderEngine(s, linksFromCache, JitBackend.of(JitEngine.of(s.compile(), disk), compiler));
    }

    /**
     * A compiling engine whatever the frames expected: 3D work is dense enough that compiling may
     * pay on one frame, and LLVM still loads only on the first compile.
     */
    static RenderEngine openCompiling(RenderSettings s) {
        CodeCache.Settings disk = s.diskCache() ? CodeCache.Settings.defaults() : null;
        int threads = s.engine() == EngineKind.JIT && !s.service() ? s.threads() : JitTapeCompiler.defaultThreads();
        JitTapeCompiler compiler = new JitTapeCompiler(s.compile(), threads, s.maxCodeBytes(), JitTapeCompiler.DEFAULT_BATCH_OPS,
                disk);
        return new RenderEngine(s, false, JitBackend.of(JitEngine.of(s.compile(), disk), compiler));
    }

    /** The backend the renderers evaluate with: the JIT's, or the interpreter. */
    Backend backend() {
        return backend;
    }

    /** The settings this engine was made from. */
    public RenderSettings settings() {
        return settings;
    }

    /** Whether this engine compiles (or links) tile tapes at all. */
    public boolean tiered() {
        return jit != null;
    }

    /** Whether it only links code from the cache (a one-frame render a hint said pays). */
    public boolean linksFromCache() {
        return linksFromCache;
    }

    /** A renderer whose tier remembers at most {@code maxTapes} tile tapes (a service bounds each model's share). */
    public TileRenderer tileRenderer(int maxTapes) {
        return tileRenderer(maxTapes, settings.threads());
    }

    /**
     * A renderer on {@code threads} of the settings' threads, whose tier remembers at most
     * {@code maxTapes} tile tapes: a service gives a model whose buffers would not fit its memory
     * budget on every thread fewer of them.
     */
    public TileRenderer tileRenderer(int maxTapes, int threads) {
        return new TileRenderer(backend, threads, settings.tiles(), tier(maxTapes));
    }

    /** A renderer with the tier's default memo of tile tapes. */
    public TileRenderer tileRenderer() {
        return tileRenderer(CompiledTier.DEFAULT_MAX_TAPES);
    }

    private CompiledTier tier(int maxTapes) {
        if (jit == null) return null;
        CompiledTier.Policy policy = settings.engine() == EngineKind.JIT || linksFromCache ? CompiledTier.Policy.ALWAYS
                : settings.service() ? CompiledTier.Policy.REPEATING : CompiledTier.Policy.AUTO;
        CostModel cost = CostModel.defaults().withFramesExpected(Math.max(1, settings.framesExpected()));
        return new CompiledTier(jit.tapeCompiler(), settings.compileTile(), policy, cost, maxTapes);
    }

    /** What the tile compiler has done, or null for the interpreter. */
    public TapeCompiler.Counters counters() {
        return jit == null ? null : jit.tapeCompiler().counters();
    }

    /** The tile compiler's compile times, summed, or null for the interpreter. */
    public CompileStats compileTotals() {
        return jit == null ? null : compiler().totals();
    }

    /** Functions loaded now (a service's metrics), 0 for the interpreter. */
    public int loadedFunctions() {
        return jit == null ? 0 : compiler().loadedFunctions();
    }

    /** The code cache's counters, or null when it is off or nothing compiles. */
    public CodeCache.Counters diskCounters() {
        return jit == null ? null : compiler().diskCounters();
    }

    private JitTapeCompiler compiler() {
        return (JitTapeCompiler) jit.tapeCompiler();
    }

    /** Unloads every compiled function, waiting for compiles under way. */
    @Override
    public void close() {
        if (jit != null) jit.close();
    }
}
