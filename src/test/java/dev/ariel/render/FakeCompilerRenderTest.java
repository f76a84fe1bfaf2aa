package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.testing.FakeTapeCompiler;
import dev.ariel.testing.Frames;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's compiled path without LLVM: tier 1 over the pure-Java {@link FakeTapeCompiler}
 * serves leaves through the same contract as the JIT, and every frame equals the interpreter's.
 */
class FakeCompilerRenderTest {
    private static final TileSizes SIZES = TileSizes.of(64, 16, 4);

    @Test
    void compiledLeavesDrawWhatTheInterpreterDraws() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            Model model = Model.parse(RandomModels.generate(seed, 60), "random-" + seed + ".vm");
            View view = new View(97, 75, 0.05, -0.1, 1.1, 0.3);
            FakeTapeCompiler fake = new FakeTapeCompiler(100_000);
            TileRenderer compiled = new TileRenderer(fake.backend(), 2, SIZES,
                    new CompiledTier(fake, 16, CompiledTier.Policy.ALWAYS, CostModel.defaults()));
            TileRenderer interp = new TileRenderer(2, SIZES, null);
            MonoImage brute = new Renderer(fake.backend(), 2).render(model, view);
            assertEquals(brute, Frames.mono(compiled.render(model, view, RenderMode.MONO, 1)), "mono, seed " + seed);
            Frame debug = compiled.render(model, view, RenderMode.DEBUG, 1);
            assertEquals(brute, Frames.mono(debug), "debug, seed " + seed);
            float[] a = Frames.values(interp.render(model, view, RenderMode.SDF, 1));
            Frame sdf = compiled.render(model, view, RenderMode.SDF, 1);
            float[] b = Frames.values(sdf);
            for (int i = 0; i < a.length; i++) {
                if (!FloatEquality.same(a[i], b[i])) fail("seed " + seed + " pixel " + i + ": " + a[i] + " vs " + b[i]);
            }
            if (sdf.stats().compileTiles() > 0) {
                assertTrue(sdf.stats().pixelsCompiled() > 0, "an SDF frame evaluates every pixel: compiled leaves, seed " + seed);
                assertEquals(0, sdf.stats().pixelsInterpreted(), "every compile-level tape was compiled first, seed " + seed);
            }
            assertEquals(0, fake.leasesHeld(), "every frame gives its lease back");
        }
    }

    @Test
    void theTieredPolicyCompilesForTheFramesToCome() throws Exception {
        Model model = Model.read(SharedModels.ours("dense.vm"));
        View view = View.of(256);
        FakeTapeCompiler fake = new FakeTapeCompiler(100_000);
        TileRenderer tiered = new TileRenderer(fake.backend(), 2, TileSizes.defaults(),
                new CompiledTier(fake, 128, CompiledTier.Policy.AUTO, CostModel.defaults().withFramesExpected(50)));
        MonoImage expected = new TileRenderer(2, TileSizes.defaults(), null).render(model, view);
        Frame first = tiered.render(model, view, RenderMode.MONO, 50);
        assertEquals(0, first.stats().pixelsCompiled(), "nothing is compiled before the first frame");
        tiered.tier().awaitCompiles(); // the tier starts its compiles off the render thread
        assertTrue(fake.counters().tapesCompiled() > 0, "dense.vm prunes poorly: 49 more frames pay for compiling");
        Frame second = tiered.render(model, view, RenderMode.DEBUG, 49);
        assertEquals(expected, Frames.mono(first));
        assertEquals(expected, Frames.mono(second));
        Frame third = tiered.render(model, view, RenderMode.MONO, 48);
        assertTrue(third.stats().pixelsCompiled() > 0, "later frames use the code");
        boolean sawCompiled = false;
        for (byte k : Frames.kinds(tiered.render(model, view, RenderMode.DEBUG, 47))) sawCompiled |= k == DebugShading.COMPILED;
        assertTrue(sawCompiled, "the debug picture shows compiled leaves");
    }
}
