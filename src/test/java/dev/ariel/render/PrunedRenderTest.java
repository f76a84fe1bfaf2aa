package dev.ariel.render;

import dev.ariel.testing.Frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The quadtree's images equal brute force's, pixel for pixel, in every mode and at every tile size. */
class PrunedRenderTest {
    private static final List<TileSizes> SIZES = List.of(TileSizes.defaults(), TileSizes.of(64, 16, 4),
            TileSizes.of(32), TileSizes.of(16, 1), TileSizes.of(256, 128, 64, 32, 16, 8, 4, 2, 1));

    private static final List<View> VIEWS = List.of(View.of(256), View.of(203).withSize(203, 131),
            View.of(160).withCenter(0.3, -0.2).withScale(0.25), View.of(97).withScale(3));

    static Stream<Arguments> sharedModels() {
        return Stream.of("prospero.vm", "hi.vm", "quarter.vm", "bear.vm", "colonnade.vm", "tanglecube.vm")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("sharedModels")
    void sharedModelsMatchBruteForce(String name) throws Exception {
        Model model = Model.read(SharedModels.require(name));
        for (View view : VIEWS) {
            MonoImage brute = new Renderer(JavaEngine.INSTANCE, 2).render(model, view);
            for (TileSizes sizes : SIZES) {
                MonoImage pruned = new TileRenderer(2, sizes, null).render(model, view);
                assertEquals(brute, pruned, name + " " + view + " tiles " + sizes);
            }
        }
    }

    @Test
    void prosperoAtTheReferenceSizes() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        TileRenderer r = TileRenderer.interpreter();
        assertEquals(8_150, r.render(model, View.of(256)).filledCount());
        assertEquals(32_920, r.render(model, View.of(512)).filledCount());
        assertEquals(132_033, r.render(model, View.of(1024)).filledCount());
    }

    /**
     * Regression: a min of a number and a maybe-NaN value (asin, acos, sqrt, ln outside their
     * domains) is never NaN, and sign-only pruning once replaced it by the maybe-NaN side. A min
     * above then ran as a NaN-propagating hardware min, and a max above told NaN from the number
     * (max(NaN, c) is c), so showcase.vm lost 143 pixels at this view with 8-px leaves.
     */
    @Test
    void aWarmJvmRendersOneFrameWithTheDefaultSizes() throws Exception {
        Model disc = Model.parse("x var-x\ny var-y\nxx square x\nyy square y\nr add xx yy\nk const 0.5\nd sub r k\n", "disc");
        TileRenderer r = TileRenderer.interpreter();
        while (TileRenderer.framesRendered() <= TileSizes.WARM_FRAMES) r.render(disc, View.of(16));
        assertEquals(TileSizes.defaults(), TileSizes.forFrames(1), "a one-frame render in a warm JVM prunes to 32-px leaves");
        assertEquals(TileSizes.defaults(), TileSizes.forFrames(5));
    }

    @Test
    void aMinOfANumberAndAMaybeNaNValueKeepsItsSignUnderPruning() throws Exception {
        List<String> models = new java.util.ArrayList<>();
        for (String f : List.of("asin y", "acos y", "sqrt y", "ln y", "asin x")) {
            for (String k : List.of("5", "0.1")) {
                for (String top : List.of("min", "max")) {
                    for (String c : List.of("sub k02 x", "sub x k02")) {
                        models.add("x var-x\ny var-y\nk02 const 0.2\nf " + f + "\nk const " + k + "\nu min k f\nc " + c
                                + "\nr " + top + " u c\n");
                    }
                }
            }
        }
        models.add(Files.readString(Path.of("models/showcase.vm")));
        List<View> views = List.of(View.of(40).withSize(40, 66).withCenter(-0.4, 0.3).withScale(1.7), View.of(64).withScale(2.5),
                View.of(50).withCenter(0.5, -0.6).withScale(1.3));
        for (int i = 0; i < models.size(); i++) {
            Model model = Model.parse(models.get(i), "nan-" + i);
            for (View view : views) {
                MonoImage brute = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);
                for (TileSizes sizes : List.of(TileSizes.of(8), TileSizes.of(16), TileSizes.of(512, 128, 32, 8), TileSizes.of(32, 8, 2))) {
                    TileRenderer tiles = new TileRenderer(2, sizes, null);
                    assertEquals(brute, tiles.render(model, view), "model " + i + " " + view + " tiles " + sizes + ":\n" + models.get(i));
                    assertEquals(brute, Frames.mono(tiles.render(model, view, RenderMode.DEBUG, 1)), "debug, model " + i + " " + view);
                }
            }
        }
    }

    @Test
    void randomModelsMatchBruteForceInEveryMode() throws Exception {
        for (long seed = 1; seed <= 60; seed++) {
            Model model = Model.parse(RandomModels.generate(seed, 40 + (int) (seed % 7) * 30), "random-" + seed);
            View view = View.of(48).withScale(seed % 3 == 0 ? 4 : 1.5).withZ(seed % 2 == 0 ? 0.5 : 0);
            MonoImage brute = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);
            float[] bruteValues = values(model, view);
            for (TileSizes sizes : List.of(TileSizes.of(16, 4), TileSizes.of(32, 8, 2, 1))) {
                TileRenderer tiles = new TileRenderer(2, sizes, null);
                assertEquals(brute, tiles.render(model, view), "seed " + seed + " tiles " + sizes);
                Frame sdf = tiles.render(model, view, RenderMode.SDF, 1);
                for (int i = 0; i < bruteValues.length; i++) {
                    if (!FloatEquality.same(bruteValues[i], Frames.values(sdf)[i])) {
                        fail("seed " + seed + " pixel " + i + ": brute " + bruteValues[i] + ", pruned " + Frames.values(sdf)[i]);
                    }
                }
                Frame debug = tiles.render(model, view, RenderMode.DEBUG, 1);
                assertEquals(brute, Frames.mono(debug), "debug frame of seed " + seed);
            }
        }
    }

    /**
     * What FuzzTest found before 0128f97 fixed it (see the test above): sign-only pruning kept a
     * maybe-NaN side of a min, so a min reading it ran NaN-propagating, a max above told NaN from a
     * number, and a min kept further up read NaN where its bounds said none. Small models of each,
     * and the two showcase.vm cases the fuzzer reported: the view above its top edge, and
     * {@code one const -nan} (every pixel of the wave and the left step NaN).
     */
    @Test
    void whatTheFuzzerFoundInSignOnlyPruning() throws Exception {
        String base = "x var-x\ny var-y\nh const 0.6\nc sub y h\nk const 0.3\nxs add x k\ns sqrt xs\n"
                + "a sub s h\nb square y\nm1 min a b\n";
        String twoNaN = "x var-x\ny var-y\nh const 0.6\nc sub y h\nk1 const 0.3\nk2 const 0.35\nhalf const 0.5\n"
                + "tenth const 0.1\nx1 add x k1\ns1 sqrt x1\nw sub s1 half\nx2 add x k2\ns2 sqrt x2\nl sub s2 half\n"
                + "yy square y\np add yy tenth\nm1 min p w\nm2 min l m1\nM min c m2\n";
        String showcase = Files.readString(Path.of("models/showcase.vm"));
        List<String> models = List.of(base + "M min m1 c\n", base + "M max m1 c\n", base + "M max c m1\nN min M b\nP max N c\n",
                twoNaN, showcase, showcase.replace("one const 1\n", "one const -nan\n"));
        List<View> views = List.of(View.of(64), View.of(61).withCenter(0.123, 0.123).withScale(2), View.of(40),
                View.of(37).withCenter(0.05, -0.1).withScale(0.7));
        for (int i = 0; i < models.size(); i++) {
            Model model = Model.parse(models.get(i), "fuzz-" + i);
            for (View view : views) {
                MonoImage brute = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);
                for (TileSizes sizes : List.of(TileSizes.of(512, 128, 32, 8), TileSizes.of(8), TileSizes.of(1), TileSizes.of(16, 4, 1))) {
                    assertEquals(brute, new TileRenderer(1, sizes, null).render(model, view), "model " + i + " " + view + " tiles " + sizes);
                }
            }
        }
    }

    @Test
    void concurrentFramesOnSharedTapesAreDeterministic() throws Exception {
        // Tiles on different threads read the same parent tapes; none may write to them.
        Model model = Model.read(SharedModels.require("prospero.vm"));
        View view = View.of(200).withCenter(0.1, 0.2).withScale(0.6);
        MonoImage brute = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);
        List<TileRenderer> renderers = List.of(new TileRenderer(2, TileSizes.of(32), null),
                new TileRenderer(3, TileSizes.of(64, 16), null), new TileRenderer(2, TileSizes.defaults(), null));
        // circle.vm has no min/max, so every leaf evaluates the root's tape itself, all at once.
        Model circle = Model.read(SharedModels.ours("circle.vm"));
        MonoImage circleBrute = new Renderer(JavaEngine.INSTANCE, 1).render(circle, View.of(64));
        TileRenderer tiny = new TileRenderer(2, TileSizes.of(4), null);
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 100; k++) {
                    try {
                        if (!circleBrute.equals(tiny.render(circle, View.of(64)))) failures.add("circle differs");
                    } catch (RuntimeException e) {
                        failures.add("circle: " + e);
                    }
                }
                for (int k = 0; k < 15; k++) {
                    for (TileRenderer r : renderers) {
                        try {
                            if (!brute.equals(r.render(model, view))) failures.add("tiles " + r.sizes() + " differ");
                        } catch (RuntimeException e) {
                            failures.add("tiles " + r.sizes() + ": " + e);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), String.valueOf(failures));
    }

    @Test
    void framesRenderedAtOnceKeepTheirOwnStatistics() throws Exception {
        // A pool thread waiting for its subtasks may run another frame's tile meanwhile.
        Model model = Model.read(SharedModels.require("prospero.vm"));
        TileRenderer r = new TileRenderer(2, TileSizes.of(128, 32, 8), null);
        FrameStats alone = r.render(model, View.of(512), RenderMode.MONO, 1).stats();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 10; k++) {
                    FrameStats s = r.render(model, View.of(512), RenderMode.MONO, 1).stats();
                    if (s.leavesInterpreted() != alone.leavesInterpreted() || s.intervalOps() != alone.intervalOps()
                            || s.tilesEmpty() != alone.tilesEmpty()) {
                        failures.add(s + " against " + alone);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), String.valueOf(failures.peek()));
    }

    @Test
    void debugKindsAgreeWithThePixels() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        // With 8-px leaves intervals decide most pixels; the default 32-px leaves leave more to
        // the interpreter, which evaluates a 32×32 block about as fast as four 8×8 ones.
        Frame f = new TileRenderer(2, TileSizes.of(128, 32, 8), null).render(model, View.of(1024), RenderMode.DEBUG, 1);
        int byInterval = 0, evaluated = 0;
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                byte k = Frames.kinds(f)[y * 1024 + x];
                boolean filled = Frames.mono(f).isFilled(x, y);
                if (k == DebugShading.FILLED_BY_INTERVAL) assertTrue(filled);
                if (k == DebugShading.EMPTY_BY_INTERVAL) assertTrue(!filled);
                if (k <= DebugShading.FILLED_BY_INTERVAL) byInterval++;
                else evaluated++;
            }
        }
        assertTrue(byInterval > evaluated, "intervals decide most of prospero: " + byInterval + " vs " + evaluated);
        assertEquals(evaluated, f.stats().pixelsInterpreted());
    }

    private static float[] values(Model model, View view) {
        RowEvaluator row = JavaEngine.INSTANCE.rowEvaluator(model.tape(), view.box());
        float[] xs = view.columnXs();
        float[] ys = view.rowYs();
        float[] out = new float[view.width() * view.height()];
        float[] line = new float[view.width()];
        for (int j = 0; j < view.height(); j++) {
            row.evaluate(xs, 0, xs.length, ys[j], (float) view.z(), line);
            System.arraycopy(line, 0, out, j * view.width(), line.length);
        }
        return out;
    }
}
