package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a box inside a solid is not proved filled: finds points inside the model, bounds a small box
 * around each, and prints the output interval and the first instructions whose bounds are
 * infinite or may be NaN. Usage: {@code IntervalProbe MODEL HALF_WIDTH [outside]} (outside: points outside, boxes not proved empty).
 */
public final class IntervalProbe {
    private IntervalProbe() {}

    public static void main(String[] args) throws Exception {
        SsaTape root = Model.read(Path.of(args[0])).tape();
        float e = Float.parseFloat(args[1]);
        float sign = args.length > 2 && args[2].equals("outside") ? -1f : 1f;
        PointEvaluator p = JavaEngine.INSTANCE.pointEvaluator(root);
        IntervalEvaluator iv = new IntervalEvaluator(root.length());
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int shown = 0;
        for (int t = 0; t < 20000 && shown < 6; t++) {
            float x = (float) r.nextDouble(-1, 1), y = (float) r.nextDouble(-1, 1), z = (float) r.nextDouble(-1, 1);
            float v = p.evaluate(x, y, z);
            if (!(sign * v < -0.05f)) continue;
            PrunedTape tape = PrunedTape.of(root, false);
            iv.evaluate(tape, x - e, x + e, y - e, y + e, z - e, z + e);
            int out = tape.output();
            System.out.printf(Locale.ROOT, "point (%.3f %.3f %.3f) value %.4f: box output [%g, %g] nan %b%n", x, y, z, v,
                    iv.lower(tape, out), iv.upper(tape, out), iv.maybeNaN(tape, out));
            int listed = 0;
            for (int i = 0; i < tape.length() && listed < 4; i++) {
                float lo = iv.lower(tape, i), hi = iv.upper(tape, i);
                if (iv.maybeNaN(tape, i) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
                    System.out.printf(Locale.ROOT, "   %s %s [%g, %g] nan %b (args %s %s)%n", root.name(tape.origin(i)),
                            tape.opcode(i).text(), lo, hi, iv.maybeNaN(tape, i), arg(root, tape, iv, tape.lhsArray()[i]),
                            arg(root, tape, iv, tape.rhsArray()[i]));
                    listed++;
                }
            }
            shown++;
        }
    }

    private static String arg(SsaTape root, PrunedTape tape, IntervalEvaluator iv, int a) {
        if (a < 0) return "const";
        return String.format(Locale.ROOT, "%s[%g,%g]", root.name(tape.origin(a)), iv.lower(tape, a), iv.upper(tape, a));
    }
}
