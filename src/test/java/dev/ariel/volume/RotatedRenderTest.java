package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.render.Deadline;
import dev.ariel.render.RgbImage;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Turned cameras end to end: view tapes through the octree, brute force and the images. */
class RotatedRenderTest {
    private static final double[][] ANGLES = {{90, 0}, {0, 90}, {30, 20}, {-45, 60}, {200, -35}};

    private static HeightField render(SsaTape tape, VolumeView view) {
        return new VolumeRenderer(JavaEngine.INSTANCE, 2, VolumeOptions.defaults()).render(
                view.viewTape(tape), view, false, true, Deadline.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bear.vm", "tanglecube.vm"})
    void turnedViewsOfSharedModelsPrunedEqualBruteForce(String name) throws Exception {
        SsaTape tape = Model.read(SharedModels.require(name)).tape();
        VolumeOptions small = VolumeOptions.defaults().withSizes(TileSizes.of(8, 2));
        for (double[] a : ANGLES) {
            VolumeView view = VolumeView.of(20).withDepth(24).withCenter(0.05, -0.1, 0.1).withRotation(a[0], a[1]);
            VolumeRendererTest.checkAll(name + " at " + a[0] + ", " + a[1], JavaEngine.INSTANCE, small, view.viewTape(tape), view);
        }
    }

    @Test
    void randomSolidsTurnedPrunedEqualBruteForce() {
        for (long seed = 1; seed <= 4; seed++) {
            SsaTape tape = VolumeOracle.tape(VolumeOracle.csg(seed, 5), "csg-" + seed + ".vm");
            VolumeView view = VolumeView.of(16).withDepth(20).withRotation(17 * seed, -11 * seed);
            VolumeRendererTest.checkAll("csg " + seed, JavaEngine.INSTANCE, VolumeOptions.defaults().withSizes(TileSizes.of(8, 2)),
                    view.viewTape(tape), view);
        }
    }

    @Test
    void atYawNinetyTheModelsPlusXFacesTheCamera() throws Exception {
        // Filled where the model's x < 0.5: turned 90°, that is view z < 0.5, a floor facing the camera.
        SsaTape halfSpace = Model.parse("_0 var-x\n_1 const 0.5\n_2 sub _0 _1\n", "h.vm").tape();
        VolumeView view = VolumeView.of(16).withDepth(17).withRotation(90, 0);
        HeightField field = render(halfSpace, view);
        float[] zs = view.sliceZs();
        int top = 0;
        while (top + 1 < zs.length && zs[top + 1] < 0.5f) top++;
        for (int h : field.heights()) assertEquals(top + 1, h, "every column stops below view z = 0.5");
        RgbImage normals = VolumeImages.normals(field);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) assertEquals(VolumeImages.FACING, normals.rgb(x, y));
        }
        // Turned the other way the model's +x is behind: the whole volume is filled.
        HeightField back = render(halfSpace, view.withRotation(-90, 0));
        for (int h : back.heights()) assertEquals(17, h);
    }

    @Test
    void aSphereLooksTheSameFromEverySide() {
        SsaTape sphere = VolumeOracle.tape("x var-x\ny var-y\nz var-z\na square x\nb square y\n"
                + "c square z\nd add a b\ne add d c\nr const 0.5\nf sub e r\n", "sphere.vm");
        VolumeView straight = VolumeView.of(24);
        HeightField expected = render(sphere, straight);
        for (double[] a : ANGLES) {
            HeightField turned = render(sphere, straight.withRotation(a[0], a[1]));
            for (int i = 0; i < expected.heights().length; i++) {
                int d = Math.abs(expected.heights()[i] - turned.heights()[i]);
                assertTrue(d <= 1, "pixel " + i + " at " + a[0] + ", " + a[1] + ": " + d + " slices apart");
            }
            // The centre pixel's normal faces the camera, whichever way the sphere was turned.
            int rgb = VolumeImages.normals(turned).rgb(12, 12);
            assertTrue(Math.abs((rgb >> 16 & 0xff) - 128) <= 12 && Math.abs((rgb >> 8 & 0xff) - 128) <= 12
                    && (rgb & 0xff) >= 250, Integer.toHexString(rgb));
        }
    }
}
