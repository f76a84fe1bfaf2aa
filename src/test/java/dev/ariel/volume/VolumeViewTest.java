package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaGradientEvaluator;
import dev.ariel.eval.JavaPointEvaluator;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The camera's rotation and the view tapes that fold it into the model. */
class VolumeViewTest {
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    @Test
    void anUnturnedViewKeepsTheModelsTape() throws Exception {
        SsaTape tape = Model.parse("_0 var-x\n_1 var-z\n_2 add _0 _1\n", "t.vm").tape();
        VolumeView view = VolumeView.of(32).withCenter(0.5, -0.25, 2).withScale(3);
        assertSame(tape, view.viewTape(tape));
        assertArrayEquals(IDENTITY, view.rotation());
        assertArrayEquals(IDENTITY, view.withRotation(360, -720).rotation(), "whole turns are exactly the identity");
        assertSame(tape, view.withRotation(360, -720).viewTape(tape));
    }

    @Test
    void yawNinetyShowsTheModelsPlusXToTheCamera() {
        double[] r = VolumeView.of(8).withRotation(90, 0).rotation();
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, -1, 0, 0}, r, "exact quarter turn");
        assertArrayEquals(new double[] {0, 0, -1}, apply(r, 1, 0, 0), "view +x shows model −z");
        assertArrayEquals(new double[] {1, 0, 0}, apply(r, 0, 0, 1), "model +x faces the camera");
        assertArrayEquals(new double[] {0, 1, 0}, apply(r, 0, 1, 0), "up stays up");
    }

    @Test
    void pitchNinetyLooksDownFromPlusY() {
        double[] r = VolumeView.of(8).withRotation(0, 90).rotation();
        assertArrayEquals(new double[] {0, 1, 0}, apply(r, 0, 0, 1), "the camera sits on model +y");
        assertArrayEquals(new double[] {0, 0, -1}, apply(r, 0, 1, 0), "up in the image is model −z");
        assertArrayEquals(new double[] {1, 0, 0}, apply(r, 1, 0, 0), "the horizontal axis is unmoved");
    }

    @Test
    void everyRotationIsOrthonormalWithTheDocumentedCamera() {
        SplittableRandom random = new SplittableRandom(17);
        for (int t = 0; t < 200; t++) {
            double yaw = random.nextDouble(-720, 720), pitch = random.nextDouble(-180, 180);
            double[] r = VolumeView.of(8).withRotation(yaw, pitch).rotation();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double dot = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
                    assertEquals(i == j ? 1 : 0, dot, 1e-12, "columns " + i + ", " + j + " at " + yaw + ", " + pitch);
                }
            }
            double y = Math.toRadians(yaw), p = Math.toRadians(pitch);
            assertArrayEquals(new double[] {Math.sin(y) * Math.cos(p), Math.sin(p), Math.cos(y) * Math.cos(p)},
                    apply(r, 0, 0, 1), 1e-12, "camera direction");
            assertEquals(0, apply(r, 1, 0, 0)[1], 1e-15, "the horizon stays level");
        }
    }

    @Test
    void quarterTurnsGiveCleanTapes() throws Exception {
        SsaTape x = Model.parse("_0 var-x\n", "x.vm").tape();
        SsaTape z = Model.parse("_0 var-z\n", "z.vm").tape();
        VolumeView yaw90 = VolumeView.of(8).withRotation(90, 0);
        SsaTape vx = yaw90.viewTape(x);
        assertEquals(1, vx.length(), "model x is view z, with no multiplications by 6e−17");
        assertEquals(Opcode.VAR_Z, vx.opcode(0));
        SsaTape vz = yaw90.viewTape(z);
        assertEquals(2, vz.length());
        assertEquals(Opcode.NEG, vz.opcode(vz.output()), "model z is −(view x)");
    }

    @Test
    void viewTapesComputeTheDocumentedF32Coordinates() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        Opcode[] axes = {Opcode.VAR_X, Opcode.VAR_Y, Opcode.VAR_Z};
        for (int t = 0; t < 50; t++) {
            VolumeView view = VolumeView.of(16).withCenter(random.nextDouble(-2, 2), random.nextDouble(-2, 2),
                    t % 5 == 0 ? 0 : random.nextDouble(-2, 2)).withRotation(random.nextDouble(-400, 400),
                    t % 7 == 0 ? 0 : random.nextDouble(-90, 90));
            double[] r = view.rotation();
            double[] c = {view.centerX(), view.centerY(), view.centerZ()};
            for (int i = 0; i < 3; i++) {
                JavaPointEvaluator eval = new JavaPointEvaluator(
                        view.viewTape(Model.parse("_0 " + axes[i].text() + "\n", "a.vm").tape()));
                for (int k = 0; k < 20; k++) {
                    float[] p = {(float) random.nextDouble(-3, 3), (float) random.nextDouble(-3, 3), (float) random.nextDouble(-3, 3)};
                    float got = eval.evaluate(p[0], p[1], p[2]);
                    assertEquals(Float.floatToIntBits(documented(r, c, p, i)), Float.floatToIntBits(got), "bits, axis " + i);
                    double exact = c[i];
                    for (int j = 0; j < 3; j++) exact += r[3 * i + j] * (p[j] - c[j]);
                    assertEquals(exact, got, 1e-6 * (1 + Math.abs(c[i]) + 6), "within f32 rounding, axis " + i);
                }
            }
        }
    }

    @Test
    void rotatedModelsMatchTheModelAtTheTurnedPoint() throws Exception {
        SsaTape sphere = Model.parse("""
                _0 var-x
                _1 var-y
                _2 var-z
                _3 square _0
                _4 square _1
                _5 square _2
                _6 add _3 _4
                _7 add _6 _5
                _8 const 3
                _9 mul _8 _0
                _a sin _9
                _b add _7 _a
                _c const 0.5
                _d sub _b _c
                """, "s.vm").tape();
        VolumeView view = VolumeView.of(16).withCenter(0.1, 0.2, -0.3).withRotation(33, -61);
        double[] r = view.rotation();
        JavaPointEvaluator turned = new JavaPointEvaluator(view.viewTape(sphere));
        JavaPointEvaluator model = new JavaPointEvaluator(sphere);
        SplittableRandom random = new SplittableRandom(9);
        for (int k = 0; k < 500; k++) {
            double x = random.nextDouble(-1, 1), y = random.nextDouble(-1, 1), z = random.nextDouble(-1, 1);
            float px = (float) x, py = (float) y, pz = (float) z;
            double[] d = {px - 0.1, py - 0.2, pz + 0.3};
            double[] m = apply(r, d[0], d[1], d[2]);
            float want = model.evaluate((float) (m[0] + 0.1), (float) (m[1] + 0.2), (float) (m[2] - 0.3));
            // |∇f| ≤ 2·|p| + 3 < 8 here, and both sides round each coordinate by ≲ 2e−7.
            assertEquals(want, turned.evaluate(px, py, pz), 8 * 4e-7 + 1e-6, "at " + px + ", " + py + ", " + pz);
        }
    }

    @Test
    void gradientsOfViewTapesAreInViewSpace() throws Exception {
        // f = x in the model: at yaw +90° the model's +x faces the camera, so ∇ in view space is +z.
        SsaTape x = Model.parse("_0 var-x\n", "x.vm").tape();
        float[] g = gradient(VolumeView.of(8).withRotation(90, 0).viewTape(x), 0.3f, -0.2f, 0.1f);
        assertArrayEquals(new float[] {0, 0, 1}, g);
        // In general ∇_view f = Rᵀ·∇_model f: for f = x + 2y + 3z, Rᵀ·(1, 2, 3).
        SsaTape linear = Model.parse("""
                _0 var-x
                _1 var-y
                _2 var-z
                _3 const 2
                _4 const 3
                _5 mul _1 _3
                _6 mul _2 _4
                _7 add _0 _5
                _8 add _7 _6
                """, "l.vm").tape();
        VolumeView view = VolumeView.of(8).withCenter(0.2, 0.1, -0.4).withRotation(-37, 52);
        double[] r = view.rotation();
        float[] got = gradient(view.viewTape(linear), 0.5f, 0.25f, -0.75f);
        for (int j = 0; j < 3; j++) {
            assertEquals(r[j] + 2 * r[3 + j] + 3 * r[6 + j], got[j], 1e-6, "component " + j);
        }
    }

    private static float[] gradient(SsaTape tape, float x, float y, float z) {
        float[] v = new float[1], dx = new float[1], dy = new float[1], dz = new float[1];
        new JavaGradientEvaluator(tape).evaluate(new float[] {x}, new float[] {y}, new float[] {z}, 1, v, dx, dy, dz);
        return new float[] {dx[0], dy[0], dz[0]};
    }

    @Test
    void intervalBoundsHoldThroughTheRotation() throws Exception {
        List<SsaTape> tapes = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) tapes.add(Model.parse(RandomModels.generate(seed, 40), "r.vm").tape());
        // bear.vm when the shared models are here: a real solid with min, max and deep chains.
        Path bear = SharedModels.dir().resolve("bear.vm");
        if (Files.isRegularFile(bear)) tapes.add(Model.read(bear).tape());
        SplittableRandom random = new SplittableRandom(23);
        List<String> escapes = new ArrayList<>();
        for (SsaTape model : tapes) {
            for (int t = 0; t < 12; t++) {
                VolumeView view = VolumeView.of(16).withCenter(random.nextDouble(-0.5, 0.5), random.nextDouble(-0.5, 0.5),
                        random.nextDouble(-0.5, 0.5)).withRotation(random.nextDouble(-180, 180), random.nextDouble(-90, 90));
                SsaTape tape = view.viewTape(model);
                PrunedTape pruned = PrunedTape.of(tape, false);
                IntervalEvaluator iv = new IntervalEvaluator(tape.length());
                JavaPointEvaluator point = new JavaPointEvaluator(tape);
                float[] lo = new float[3], hi = new float[3];
                for (int a = 0; a < 3; a++) {
                    lo[a] = (float) random.nextDouble(-1.2, 1);
                    hi[a] = lo[a] + (float) random.nextDouble(0, 0.6);
                }
                iv.evaluate(pruned, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
                int out = pruned.output();
                for (int k = 0; k < 64; k++) {
                    float[] p = new float[3];
                    for (int a = 0; a < 3; a++) {
                        p[a] = k < 8 ? ((k >> a & 1) == 0 ? lo[a] : hi[a]) : (float) random.nextDouble(lo[a], Math.nextUp(hi[a]));
                        p[a] = Math.min(hi[a], p[a]);
                    }
                    float v = point.evaluate(p[0], p[1], p[2]);
                    boolean held = v != v ? iv.maybeNaN(pruned, out) : iv.lower(pruned, out) <= v && v <= iv.upper(pruned, out);
                    if (!held) escapes.add(v + " outside [" + iv.lower(pruned, out) + ", " + iv.upper(pruned, out) + "]");
                }
            }
        }
        if (!escapes.isEmpty()) fail(escapes.size() + " escapes: " + escapes.subList(0, Math.min(10, escapes.size())));
    }

    // Model coordinate i of view point p in f32, in ViewTapes' documented order.
    private static float documented(double[] r, double[] c, float[] p, int i) {
        float sum = 0;
        boolean any = false;
        for (int j = 0; j < 3; j++) {
            if (r[3 * i + j] == 0) continue;
            float d = c[j] == 0 ? p[j] : p[j] - (float) c[j];
            float term = (float) r[3 * i + j] * d;
            sum = any ? sum + term : term;
            any = true;
        }
        return c[i] == 0 ? sum : sum + (float) c[i];
    }

    private static double[] apply(double[] r, double x, double y, double z) {
        return new double[] {
            r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z, r[6] * x + r[7] * y + r[8] * z};
    }
}
