package dev.ariel.jit;

import dev.ariel.testing.Frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tiered engine: compiled tiles draw what the interpreter draws, compiled code is reused by
 * later frames, the cost model compiles only where it pays, and the code cache stays bounded.
 */
class TieredRenderTest {
    private static final Path DENSE = Path.of("models/dense.vm");
    private static final CompileOptions OPTIONS = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);

    private static TileRenderer tiered(TapeCompiler compiler, CompiledTier.Policy policy, int frames, TileSizes sizes,
            int compileSize) {
        return new TileRenderer(2, sizes, new CompiledTier(compiler, compileSize, policy,
                CostModel.defaults().withFramesExpected(frames)));
    }

    @Test
    void compiledTilesDrawWhatBruteForceDrawsOnEverySharedModel() throws Exception {
        for (String name : List.of("prospero.vm", "hi.vm", "quarter.vm", "bear.vm", "colonnade.vm", "tanglecube.vm")) {
            Model model = Model.read(SharedModels.require(name));
            try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
                TileRenderer r = tiered(compiler, CompiledTier.Policy.ALWAYS, 1, TileSizes.of(128, 32, 8), 32);
                for (View view : List.of(View.of(256), View.of(190).withCenter(0.2, 0.1).withScale(0.4))) {
                    MonoImage brute = new Renderer(JavaEngine.INSTANCE, 2).render(model, view);
                    Frame f = r.render(model, view, RenderMode.MONO, 1);
                    assertEquals(brute, Frames.mono(f), name + " " + view);
                    assertTrue(f.stats().pixelsCompiled() > 0 || f.stats().pixelsInterpreted() == 0,
                            name + ": compiled code evaluated the pixels");
                }
            }
        }
    }

    @Test
    void compiledSdfValuesEqualTheInterpretersOnRandomModels() throws Exception {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            for (long seed = 1; seed <= 12; seed++) {
                Model model = Model.parse(RandomModels.generate(seed, 60), "random-" + seed);
                View view = View.of(64).withScale(2).withZ(0.25);
                TileRenderer jit = tiered(compiler, CompiledTier.Policy.ALWAYS, 1, TileSizes.of(32, 8), 32);
                TileRenderer interp = new TileRenderer(2, TileSizes.of(32, 8), null);
                float[] a = Frames.values(interp.render(model, view, RenderMode.SDF, 1));
                float[] b = Frames.values(jit.render(model, view, RenderMode.SDF, 1));
                for (int i = 0; i < a.length; i++) {
                    if (!FloatEquality.same(a[i], b[i])) fail("seed " + seed + " pixel " + i + ": interpreter " + a[i] + ", jit " + b[i]);
                }
            }
        }
    }

    @Test
    void aSecondFrameOfTheSameViewCompilesNothing() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            TileRenderer r = tiered(compiler, CompiledTier.Policy.ALWAYS, 2, TileSizes.of(512, 128, 32), 128);
            Frame first = r.render(model, View.of(512), RenderMode.MONO, 2);
            TapeCompiler.Counters after1 = compiler.counters();
            Frame second = r.render(model, View.of(512), RenderMode.MONO, 1);
            TapeCompiler.Counters after2 = compiler.counters();
            assertTrue(after1.tapesCompiled() > 0);
            assertEquals(after1.tapesCompiled(), after2.tapesCompiled(), "the second frame compiled nothing");
            assertEquals(after1.modules(), after2.modules());
            assertTrue(after2.cacheHits() > after1.cacheHits(), "the second frame found its code");
            assertEquals(second.stats().compileTiles(), second.stats().compiledTiles(), "every compile-level tile hit");
            assertEquals(Frames.mono(first), Frames.mono(second));
        }
    }

    @Test
    void oneSmall256FrameCompilesNothing() throws Exception {
        oneSmallFrameCompilesNothing(Model.read(DENSE));
    }

    @Test
    void oneSmall256FrameOfProsperoCompilesNothing() throws Exception {
        oneSmallFrameCompilesNothing(Model.read(SharedModels.require("prospero.vm")));
    }

    private static void oneSmallFrameCompilesNothing(Model model) throws Exception {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            TileRenderer r = tiered(compiler, CompiledTier.Policy.AUTO, 1, TileSizes.of(512, 128, 32, 8), 128);
            r.render(model, View.of(256), RenderMode.MONO, 1);
            r.tier().awaitCompiles();
            assertEquals(0, compiler.counters().tapesCompiled(), model.source());
        }
    }

    @Test
    void fiftyFramesAt1024CompileAModelThatPrunesPoorly() throws Exception {
        // The decision is made after the first frame, from what that frame cost: the later 49
        // frames only change which tier runs, so the test renders the first.
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            TileRenderer r = tiered(compiler, CompiledTier.Policy.AUTO, 50, TileSizes.defaults(), 128);
            Frame f = r.render(Model.read(DENSE), View.of(1024), RenderMode.MONO, 50);
            r.tier().awaitCompiles();
            assertTrue(compiler.counters().tapesCompiled() > 0, "dense.vm prunes nothing: compiling pays over 50 frames");
            Frame g = r.render(Model.read(DENSE), View.of(1024), RenderMode.MONO, 49);
            assertTrue(g.stats().pixelsCompiled() > 0, "the next frame runs compiled code");
            assertEquals(Frames.mono(f), Frames.mono(g));
        }
    }

    @Test
    void fiftyFramesAt1024OfProsperoCompileNothing() throws Exception {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            TileRenderer r = tiered(compiler, CompiledTier.Policy.AUTO, 50, TileSizes.defaults(), 128);
            r.render(Model.read(SharedModels.require("prospero.vm")), View.of(1024), RenderMode.MONO, 50);
            r.tier().awaitCompiles();
            assertEquals(0, compiler.counters().tapesCompiled(),
                    "prospero's 32-px leaves are short: their interpreter beats compiled 128-px tapes");
        }
    }

    @Test
    void theRepeatingPolicyCompilesATapeOnceTheInterpreterHasSpentWhatCompilingWouldCost() throws Exception {
        // A service's policy: no frame count is known, so a tape is compiled once the time the
        // interpreter spent on it, summed over frames, reaches the compile's cost (rent or buy).
        Model dense = Model.read(DENSE);
        View view = View.of(256);
        CostModel costs = CostModel.defaults();
        int k1 = framesUntilCompiled(dense, view, costs);
        CostModel dearer = new CostModel(costs.interpPerOpPixel(), costs.interpPerDispatch(), costs.jitPerOpPixel(),
                costs.jitPerRow(), costs.compilePerOp() * 2, 1);
        int k2 = framesUntilCompiled(dense, view, dearer);
        assertTrue(k1 > 1, "one frame never pays for a compile here, but compiled after " + k1);
        assertTrue(k2 >= 2 * k1 - 2 && k2 <= 2 * k1 + 1, "twice the compile cost should take about twice the frames: "
                + k1 + " then " + k2);
    }

    // Renders the view until a frame runs compiled code; returns how many frames ran before it.
    private static int framesUntilCompiled(Model model, View view, CostModel costs) throws Exception {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS)) {
            TileRenderer r = new TileRenderer(2, TileSizes.of(256, 64, 16),
                    new CompiledTier(compiler, 64, CompiledTier.Policy.REPEATING, costs));
            MonoImage first = null;
            for (int k = 1; k <= 400; k++) {
                Frame f = r.render(model, view, RenderMode.MONO, 1);
                if (first == null) first = Frames.mono(f);
                assertEquals(first, Frames.mono(f), "frame " + k);
                if (f.stats().pixelsCompiled() > 0) return k - 1;
                r.tier().awaitCompiles();
            }
            throw new AssertionError("400 frames of one view never compiled anything");
        }
    }

    @Test
    void evictionKeepsTheCodeCacheBoundedAcrossManyViews() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        long bound = 256 << 10;
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS, 1, bound, 2_000)) {
            TileRenderer r = tiered(compiler, CompiledTier.Policy.ALWAYS, 1, TileSizes.of(128, 32), 128);
            MonoImage reference = null;
            for (int k = 0; k < 8; k++) {
                View view = View.of(256).withCenter(-0.6 + 0.15 * k, 0.1 * (k % 3)).withScale(0.3);
                Frame f = r.render(model, view, RenderMode.MONO, 1);
                assertEquals(new Renderer(JavaEngine.INSTANCE, 2).render(model, view), Frames.mono(f), "view " + k);
                if (k == 0) reference = Frames.mono(f);
            }
            assertEquals(reference, Frames.mono(r.render(model, View.of(256).withCenter(-0.6, 0).withScale(0.3), RenderMode.MONO, 1)),
                    "a view whose code was evicted renders the same again");
            TapeCompiler.Counters c = compiler.counters();
            assertTrue(c.evictions() > 0, "eviction ran: " + c);
            // The newest batch is never evicted, so the bound holds within one batch.
            assertTrue(c.codeBytes() <= bound + (512 << 10), "code bytes " + c.codeBytes() + " over " + bound);
        }
    }
}
