package dev.ariel.volume;

import static dev.ariel.volume.VolumeOracle.assertSameField;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.render.Deadline;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.FakeTapeCompiler;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The octree against brute force and an independent voxel loop, on known shapes, shared models and random solids. */
class VolumeRendererTest {
    private static final SsaTape SPHERE = VolumeOracle.tape("x var-x\ny var-y\nz var-z\na square x\nb square y\n"
            + "c square z\nd add a b\ne add d c\nr const 0.25\nf sub e r\n", "sphere.vm");

    private static HeightField render(Backend backend, VolumeOptions options, int threads, SsaTape tape, VolumeView view,
            boolean brute, boolean gradients) {
        return new VolumeRenderer(backend, threads, options).render(tape, view, brute, gradients, Deadline.NONE);
    }

    /** Pruned, with and without gradients, on 1 and 2 threads, equals brute force, whose heights equal the oracle's. */
    static void checkAll(String what, Backend backend, VolumeOptions options, SsaTape tape, VolumeView view) {
        HeightField brute = render(backend, options, 1, tape, view, true, true);
        assertArrayEquals(VolumeOracle.heights(tape, view), brute.heights(), what + ": brute force against the oracle");
        assertSameField(what + ", pruned, 1 thread", brute, render(backend, options, 1, tape, view, false, true));
        assertSameField(what + ", pruned, 2 threads", brute, render(backend, options, 2, tape, view, false, true));
        HeightField heights = render(backend, options, 2, tape, view, false, false);
        assertArrayEquals(brute.heights(), heights.heights(), what + ": pruned without gradients");
        assertTrue(!heights.hasGradients());
    }

    @Test
    void sphereHeightsMatchItsTopWithinASliceAndItsTopFacesTheCamera() {
        int n = 33;
        VolumeView view = VolumeView.of(n);
        HeightField f = render(JavaEngine.INSTANCE, VolumeOptions.defaults(), 2, SPHERE, view, false, true);
        float[] xs = view.columnXs(), ys = view.rowYs(), zs = view.sliceZs();
        double step = 2.0 / (n - 1);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double r2 = 0.25 - (double) xs[i] * xs[i] - (double) ys[j] * ys[j];
                int h = f.heightAt(i, j);
                if (r2 < -1e-6) {
                    assertEquals(0, h, "outside the disc at " + i + "," + j);
                } else if (r2 > 1e-6) {
                    double top = Math.sqrt(r2);
                    assertTrue(h > 0 && zs[h - 1] <= top + 1e-6 && top < zs[h - 1] + step + 1e-6,
                            "column " + i + "," + j + ": height " + h + " for the top at z = " + top);
                }
            }
        }
        int c = (n / 2) * n + n / 2;
        assertTrue(f.gz()[c] > 0 && Math.abs(f.gx()[c]) < 1e-6 && Math.abs(f.gy()[c]) < 1e-6,
                "the gradient at the top is (0, 0, +): " + f.gx()[c] + ", " + f.gy()[c] + ", " + f.gz()[c]);
    }

    @Test
    void aModelWithoutZIsAPrism() {
        SsaTape disc = VolumeOracle.tape("x var-x\ny var-y\na square x\nb square y\nd add a b\nr const 0.4\nf sub d r\n",
                "disc.vm");
        VolumeView view = VolumeView.of(32).withDepth(9);
        HeightField f = render(JavaEngine.INSTANCE, VolumeOptions.defaults(), 2, disc, view, false, true);
        float[] xs = view.columnXs(), ys = view.rowYs();
        int filled = 0;
        for (int j = 0; j < 32; j++) {
            for (int i = 0; i < 32; i++) {
                boolean in = xs[i] * xs[i] + ys[j] * ys[j] - 0.4f < 0;
                assertEquals(in ? 9 : 0, f.heightAt(i, j), "column " + i + "," + j);
                if (in) filled++;
            }
        }
        assertTrue(filled > 100, "the disc covers columns");
        checkAll("disc", JavaEngine.INSTANCE, VolumeOptions.defaults(), disc, view);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bear.vm", "colonnade.vm", "tanglecube.vm"})
    void sharedModelsPrunedEqualBruteForce(String name) throws Exception {
        SsaTape tape = Model.read(SharedModels.require(name)).tape();
        VolumeOptions small = VolumeOptions.defaults().withSizes(TileSizes.of(16, 4));
        for (int[] sd : new int[][] {{17, 5}, {32, 33}, {24, 2}}) {
            VolumeView view = VolumeView.of(sd[0]).withDepth(sd[1]);
            checkAll(name + " " + sd[0] + "x" + sd[1], JavaEngine.INSTANCE, VolumeOptions.defaults(), tape, view);
            checkAll(name + " " + sd[0] + "x" + sd[1] + " small boxes", JavaEngine.INSTANCE, small, tape, view);
        }
        // Zoomed out, so that tanglecube's whole shape and the others' outsides are in view.
        checkAll(name + " scale 3", JavaEngine.INSTANCE, VolumeOptions.defaults(), tape, VolumeView.of(32).withScale(3));
    }

    @Test
    void bearAt64CubedPrunesAndStillEqualsBruteForce() throws Exception {
        SsaTape tape = Model.read(SharedModels.require("bear.vm")).tape();
        VolumeView view = VolumeView.of(64);
        VolumeRenderer r = new VolumeRenderer(JavaEngine.INSTANCE, 2, VolumeOptions.defaults().withSizes(TileSizes.of(32, 8, 2)));
        VolumeFrame brute = r.renderFrame(tape, view, true, true, Deadline.NONE);
        VolumeFrame pruned = r.renderFrame(tape, view, false, true, Deadline.NONE);
        assertSameField("bear 64³", brute.field(), pruned.field());
        VolumeStats s = pruned.stats();
        assertTrue(s.boxesEmpty() > 0 && s.boxesSplit() > 0 && s.leaves() > 0, "the octree decided boxes: " + s);
        assertTrue(s.voxels() * 2 < brute.stats().voxels(), "pruning evaluates fewer voxels: " + s.voxels() + " vs "
                + brute.stats().voxels());
        // bear.vm blends with exp, which no interval prunes, so its leaf tapes are only somewhat shorter.
        assertTrue(s.voxelOps() < 0.9 * s.voxels() * tape.length(), "leaves run simplified tapes: "
                + s.voxelOps() / (double) s.voxels() + " instructions a voxel of " + tape.length());
        long filled = 0;
        for (int h : pruned.field().heights()) if (h > 0) filled++;
        assertEquals(filled, s.gradientPoints(), "one gradient per filled column");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomSolidsPrunedEqualBruteForce(long seed) {
        SsaTape tape = VolumeOracle.tape(VolumeOracle.csg(seed, 6), "csg-" + seed + ".vm");
        VolumeOptions small = VolumeOptions.defaults().withSizes(TileSizes.of(16, 4, 2));
        checkAll("csg " + seed, JavaEngine.INSTANCE, small, tape, VolumeView.of(32).withDepth(64));
        checkAll("csg " + seed, JavaEngine.INSTANCE, VolumeOptions.defaults(), tape, VolumeView.of(17).withDepth(33));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void randomModelsOfEveryOpcodePrunedEqualBruteForce(long seed) {
        SsaTape tape = VolumeOracle.tape(RandomModels.generate(seed, 30), "random-" + seed + ".vm");
        checkAll("random " + seed, JavaEngine.INSTANCE, VolumeOptions.defaults().withSizes(TileSizes.of(8, 2)), tape,
                VolumeView.of(17).withDepth(5));
    }

    @Test
    void compiledLeavesGiveTheSameField() {
        FakeTapeCompiler compiler = new FakeTapeCompiler(10_000);
        Backend fake = compiler.backend();
        VolumeOptions always = VolumeOptions.defaults().withSizes(TileSizes.of(16, 4)).withCompile(CompilePolicy.ALWAYS, 0);
        int evaluated = 0;
        for (long seed = 0; seed <= 3; seed++) {
            SsaTape tape = seed == 0 ? SPHERE : VolumeOracle.tape(VolumeOracle.csg(seed, 5), "csg-" + seed + ".vm");
            VolumeView view = VolumeView.of(32).withDepth(33);
            checkAll("fake compiler, csg " + seed, fake, always, tape, view);
            VolumeFrame f = new VolumeRenderer(fake, 2, always).renderFrame(tape, view, false, true, Deadline.NONE);
            assertEquals(0, f.stats().voxelsInterpreted(), "every leaf below a compiled box ran compiled code: " + f.stats());
            assertEquals(f.stats().leaves() > 0, f.stats().voxelsCompiled() > 0, "compiled leaves: " + f.stats());
            if (f.stats().leaves() > 0) evaluated++;
        }
        assertTrue(evaluated >= 2, "most of these solids have leaves to evaluate");
        assertEquals(0, compiler.leasesHeld(), "every frame closed its lease");
        // A decider that refuses keeps every leaf interpreted.
        VolumeOptions never = always.withCompile(CompilePolicy.auto(new CompilePolicy.Decider() {
            @Override
            public boolean compile(SsaTape t, dev.ariel.tape.Box b, int columns, int slices) {
                return false;
            }
        }), 0);
        VolumeFrame f = new VolumeRenderer(fake, 1, never).renderFrame(SPHERE, VolumeView.of(32), false, true, Deadline.NONE);
        assertEquals(0, f.stats().voxelsCompiled());
        assertTrue(f.stats().voxelsInterpreted() > 0);
    }

    @Test
    void gradientsPerBoxOfALevelAreTheSameBits() {
        SsaTape tape = VolumeOracle.tape(VolumeOracle.csg(9, 6), "csg-9.vm");
        VolumeView view = VolumeView.of(32).withDepth(40);
        HeightField brute = render(JavaEngine.INSTANCE, VolumeOptions.defaults(), 1, tape, view, true, true);
        for (int level = 1; level <= 2; level++) {
            VolumeOptions o = VolumeOptions.defaults().withSizes(TileSizes.of(16, 8, 2)).withGradientLevel(level);
            assertSameField("gradient level " + level, brute, render(JavaEngine.INSTANCE, o, 2, tape, view, false, true));
        }
    }

    @Test
    void aPassedDeadlineStopsTheRender() {
        VolumeRenderer r = new VolumeRenderer(JavaEngine.INSTANCE, 2);
        assertThrows(RenderTimeoutException.class, () -> r.render(SPHERE, VolumeView.of(64), false, true, Deadline.after(0)));
        assertThrows(RenderTimeoutException.class, () -> r.render(SPHERE, VolumeView.of(64), true, true, Deadline.after(0)));
    }

    @Test
    void compilingNeedsACompilingBackend() {
        assertThrows(IllegalArgumentException.class, () -> new VolumeRenderer(JavaEngine.INSTANCE, 1,
                VolumeOptions.defaults().withCompile(CompilePolicy.ALWAYS, 0)));
    }
}
