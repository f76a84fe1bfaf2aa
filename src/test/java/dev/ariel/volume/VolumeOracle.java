package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaPointEvaluator;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import java.util.SplittableRandom;

/** An independent oracle for height fields, the comparisons the volume tests share, and CSG test models. */
final class VolumeOracle {
    private VolumeOracle() {}

    /** Each column's height by a plain loop over every voxel with the point interpreter. */
    static int[] heights(SsaTape tape, VolumeView view) {
        JavaPointEvaluator point = new JavaPointEvaluator(tape);
        float[] xs = view.columnXs(), ys = view.rowYs(), zs = view.sliceZs();
        int[] out = new int[view.width() * view.height()];
        for (int j = 0; j < view.height(); j++) {
            for (int i = 0; i < view.width(); i++) {
                int h = 0;
                for (int k = 0; k < view.depth(); k++) if (point.evaluate(xs[i], ys[j], zs[k]) < 0) h = k + 1;
                out[j * view.width() + i] = h;
            }
        }
        return out;
    }

    static SsaTape tape(String text, String name) {
        try {
            return Model.parse(text, name).tape();
        } catch (ModelException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Fails unless both fields hold the same heights and, if present, the same gradient bits. */
    static void assertSameField(String what, HeightField expected, HeightField actual) {
        assertEquals(expected.hasGradients(), actual.hasGradients(), what + ": gradients");
        int[] a = expected.heights(), b = actual.heights();
        for (int p = 0; p < a.length; p++) {
            if (a[p] != b[p]) {
                fail(what + ": height at (" + p % expected.width() + ", " + p / expected.width() + ") is " + b[p]
                        + ", expected " + a[p]);
            }
        }
        if (!expected.hasGradients()) return;
        sameBits(what + " ∂x", expected.gx(), actual.gx(), expected.width());
        sameBits(what + " ∂y", expected.gy(), actual.gy(), expected.width());
        sameBits(what + " ∂z", expected.gz(), actual.gz(), expected.width());
    }

    private static void sameBits(String what, float[] a, float[] b, int width) {
        for (int p = 0; p < a.length; p++) {
            if (bits(a[p]) != bits(b[p])) {
                fail(what + " at (" + p % width + ", " + p / width + ") is " + b[p] + ", expected " + a[p]);
            }
        }
    }

    // NaN as one value, −0 as +0.
    static int bits(float v) {
        return v != v ? 0x7fc00000 : Float.floatToIntBits(v == 0f ? 0f : v);
    }

    /**
     * A seeded random solid: spheres and boxes joined by min (union), max (intersection) and
     * max(a, −b) (difference), so that pruning has real choices to make.
     */
    static String csg(long seed, int shapes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("# csg " + seed + "\nx var-x\ny var-y\nz var-z\n");
        String acc = null;
        for (int s = 0; s < shapes; s++) {
            String p = "s" + s;
            double cx = rnd.nextDouble(-0.8, 0.8), cy = rnd.nextDouble(-0.8, 0.8), cz = rnd.nextDouble(-0.8, 0.8);
            double r = rnd.nextDouble(0.15, 0.6);
            sb.append(p).append("cx const ").append(cx).append('\n').append(p).append("cy const ").append(cy).append('\n')
                    .append(p).append("cz const ").append(cz).append('\n').append(p).append("r const ").append(r).append('\n');
            sb.append(p).append("dx sub x ").append(p).append("cx\n").append(p).append("dy sub y ").append(p).append("cy\n")
                    .append(p).append("dz sub z ").append(p).append("cz\n");
            if (rnd.nextBoolean()) { // sphere
                sb.append(p).append("x2 square ").append(p).append("dx\n").append(p).append("y2 square ").append(p).append("dy\n")
                        .append(p).append("z2 square ").append(p).append("dz\n").append(p).append("a add ").append(p)
                        .append("x2 ").append(p).append("y2\n").append(p).append("b add ").append(p).append("a ").append(p)
                        .append("z2\n").append(p).append("c sqrt ").append(p).append("b\n").append(p).append(" sub ")
                        .append(p).append("c ").append(p).append("r\n");
            } else { // box: max(|dx|, |dy|, |dz|) − r
                sb.append(p).append("ax abs ").append(p).append("dx\n").append(p).append("ay abs ").append(p).append("dy\n")
                        .append(p).append("az abs ").append(p).append("dz\n").append(p).append("m max ").append(p)
                        .append("ax ").append(p).append("ay\n").append(p).append("n max ").append(p).append("m ").append(p)
                        .append("az\n").append(p).append(" sub ").append(p).append("n ").append(p).append("r\n");
            }
            if (acc == null) {
                acc = p;
                continue;
            }
            String j = "j" + s;
            switch (rnd.nextInt(4)) {
                case 0, 1 -> sb.append(j).append(" min ").append(acc).append(' ').append(p).append('\n');
                case 2 -> sb.append(j).append(" max ").append(acc).append(' ').append(p).append('\n');
                default -> sb.append(j).append("neg neg ").append(p).append('\n').append(j).append(" max ").append(acc)
                        .append(' ').append(j).append("neg\n");
            }
            acc = j;
        }
        return sb.toString();
    }
}
