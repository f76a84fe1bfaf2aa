package dev.ariel.wiring;

import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;

/**
 * What a caller chooses about how frames are made: the engine, the strategy and their options.
 * {@link FrameSource#open} and {@link RenderEngine#open} turn it into renderers.
 *
 * @param engine which tiers render
 * @param strategy pruned (the quadtree) or brute force
 * @param compile how the JIT compiles
 * @param tiles the quadtree's tile sizes
 * @param compileTile the tile size whose tapes tier 1 compiles, one of {@code tiles}
 * @param threads render threads, at least 1
 * @param framesExpected how many frames of one view the caller expects, or {@link #UNKNOWN_FRAMES}
 *     for a long-running service, whose tiered engine then compiles what keeps recurring
 * @param diskCache whether compiled code is read from and written to the code cache on disk
 * @param maxCodeBytes the bound on loaded compiled code
 * @param hintSource what identifies the model file for the code cache's hints (see
 *     {@link CodeCacheHints#source}), or null for no hints
 */
public record RenderSettings(EngineKind engine, Strategy strategy, CompileOptions compile, TileSizes tiles,
        int compileTile, int threads, int framesExpected, boolean diskCache, long maxCodeBytes, String hintSource) {

    /** Frames expected by a service, which cannot know. */
    public static final int UNKNOWN_FRAMES = 0;

    /** The default bound on loaded compiled code: 64 MB. */
    public static final long DEFAULT_MAX_CODE_BYTES = JitTapeCompiler.DEFAULT_MAX_CODE_BYTES;

    /**
     * The JIT's default options: O1's IR passes with codegen level none, which rendered one
     * prospero.vm frame soonest here (compile plus render; see the README's table).
     */
    public static final CompileOptions DEFAULT_COMPILE = CompileOptions.of(OptLevel.O1)
            .withCodegen(OptLevel.CodegenLevel.NONE);

    public RenderSettings {
        TileRenderer.checkThreads(threads);
        if (framesExpected < 0) throw new IllegalArgumentException("frames expected must not be negative");
        if (strategy == Strategy.PRUNED && engine != EngineKind.INTERP && tiles.levelOf(compileTile) < 0) {
            throw new IllegalArgumentException("the compile tile " + compileTile + " is not one of the tile sizes " + tiles);
        }
    }

    /** {@code engine} and {@code strategy} with the defaults: every core, one frame, the code cache on disk. */
    public static RenderSettings of(EngineKind engine, Strategy strategy) {
        return new RenderSettings(engine, strategy, DEFAULT_COMPILE, TileSizes.defaults(), 128,
                Runtime.getRuntime().availableProcessors(), 1, true, DEFAULT_MAX_CODE_BYTES, null);
    }

    /** A copy compiling with {@code o}. */
    public RenderSettings withCompile(CompileOptions o) {
        return new RenderSettings(engine, strategy, o, tiles, compileTile, threads, framesExpected, diskCache, maxCodeBytes,
                hintSource);
    }

    /** A copy compiling as {@code s} says. */
    public RenderSettings withCompile(CompileSettings s) {
        return withCompile(s.options());
    }

    /** A copy with these tile sizes and compile tile. */
    public RenderSettings withTiles(TileSizes sizes, int compileSize) {
        return new RenderSettings(engine, strategy, compile, sizes, compileSize, threads, framesExpected, diskCache,
                maxCodeBytes, hintSource);
    }

    /** A copy rendering on {@code n} threads. */
    public RenderSettings withThreads(int n) {
        return new RenderSettings(engine, strategy, compile, tiles, compileTile, n, framesExpected, diskCache, maxCodeBytes,
                hintSource);
    }

    /** A copy expecting {@code n} frames ({@link #UNKNOWN_FRAMES} for a service). */
    public RenderSettings withFramesExpected(int n) {
        return new RenderSettings(engine, strategy, compile, tiles, compileTile, threads, n, diskCache, maxCodeBytes,
                hintSource);
    }

    /** A copy that does or does not use the code cache on disk. */
    public RenderSettings withDiskCache(boolean on) {
        return new RenderSettings(engine, strategy, compile, tiles, compileTile, threads, framesExpected, on, maxCodeBytes,
                hintSource);
    }

    /** A copy bounding loaded compiled code to {@code bytes}. */
    public RenderSettings withMaxCodeBytes(long bytes) {
        return new RenderSettings(engine, strategy, compile, tiles, compileTile, threads, framesExpected, diskCache, bytes,
                hintSource);
    }

    /** A copy whose code-cache hints identify the model by {@code source} (null: no hints). */
    public RenderSettings withHintSource(String source) {
        return new RenderSettings(engine, strategy, compile, tiles, compileTile, threads, framesExpected, diskCache,
                maxCodeBytes, source);
    }

    /** Whether frames are expected without end (a service). */
    public boolean service() {
        return framesExpected == UNKNOWN_FRAMES;
    }
}
