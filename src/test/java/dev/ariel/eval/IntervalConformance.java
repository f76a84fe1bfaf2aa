package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the interval kind, which every backend passes: the bounds its
 * {@link Backend#intervalEvaluator} gives over a box hold every value its point evaluator gives
 * inside that box (a NaN only where the bounds admit one), over one box and 16 at a time.
 */
public interface IntervalConformance {
    /** The backend under test. */
    Backend backend();

    @Test
    default void boundsHoldEveryPointOfTheirBoxes() throws ModelException {
        List<String> failures = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(15);
        for (long seed = 1; seed <= 20; seed++) {
            SsaTape tape = Model.parse(RandomModels.generate(seed, 40), "random-" + seed + ".vm").tape();
            PrunedTape pruned = PrunedTape.of(tape, false);
            PointEvaluator point = backend().pointEvaluator(tape);
            IntervalEvaluator iv = backend().intervalEvaluator(tape.length());
            int lanes = IntervalEvaluator.MAX_LANES;
            float[] x0 = new float[lanes], x1 = new float[lanes], y0 = new float[lanes], y1 = new float[lanes];
            for (int l = 0; l < lanes; l++) {
                x0[l] = (float) random.nextDouble(-1.5, 1);
                x1[l] = x0[l] + (float) random.nextDouble(0, 0.5);
                y0[l] = (float) random.nextDouble(-1.5, 1);
                y1[l] = y0[l] + (float) random.nextDouble(0, 0.5);
            }
            iv.evaluate(pruned, lanes, x0, x1, y0, y1, 0.25f, 0.25f);
            int out = pruned.output();
            for (int l = 0; l < lanes; l++) {
                for (int k = 0; k < 32; k++) {
                    float x = k == 0 ? x0[l] : k == 1 ? x1[l] : (float) random.nextDouble(x0[l], Math.nextUp(x1[l]));
                    float y = k == 0 ? y0[l] : k == 1 ? y1[l] : (float) random.nextDouble(y0[l], Math.nextUp(y1[l]));
                    x = Math.min(x1[l], x);
                    y = Math.min(y1[l], y);
                    float v = point.evaluate(x, y, 0.25f);
                    boolean held = v != v ? iv.maybeNaN(pruned, out, l)
                            : iv.lower(pruned, out, l) <= v && v <= iv.upper(pruned, out, l);
                    if (!held) {
                        failures.add("seed " + seed + " lane " + l + " at (" + x + ", " + y + "): " + v + " outside ["
                                + iv.lower(pruned, out, l) + ", " + iv.upper(pruned, out, l) + "]");
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " escapes, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    default void boundsHoldEveryPointOfTheir3dBoxes() throws ModelException {
        org.junit.jupiter.api.Assertions.assertTrue(backend().supports(EvaluatorKind.INTERVAL_3D), backend().name());
        List<String> failures = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(16);
        for (long seed = 21; seed <= 40; seed++) {
            SsaTape tape = Model.parse(RandomModels.generate(seed, 40), "random-" + seed + ".vm").tape();
            PrunedTape pruned = PrunedTape.of(tape, false);
            PointEvaluator point = backend().pointEvaluator(tape);
            IntervalEvaluator iv = backend().intervalEvaluator(tape.length());
            int lanes = IntervalEvaluator.MAX_LANES;
            float[] x0 = new float[lanes], x1 = new float[lanes], y0 = new float[lanes], y1 = new float[lanes];
            for (int l = 0; l < lanes; l++) {
                x0[l] = (float) random.nextDouble(-1.5, 1);
                x1[l] = x0[l] + (float) random.nextDouble(0, 0.5);
                y0[l] = (float) random.nextDouble(-1.5, 1);
                y1[l] = y0[l] + (float) random.nextDouble(0, 0.5);
            }
            float z0 = (float) random.nextDouble(-1.5, 1), z1 = z0 + (float) random.nextDouble(0, 0.7);
            iv.evaluate(pruned, lanes, x0, x1, y0, y1, z0, z1);
            int out = pruned.output();
            for (int l = 0; l < lanes; l++) {
                for (int k = 0; k < 32; k++) {
                    float x = k == 0 ? x0[l] : k == 1 ? x1[l] : Math.min(x1[l], (float) random.nextDouble(x0[l], Math.nextUp(x1[l])));
                    float y = k == 0 ? y0[l] : k == 1 ? y1[l] : Math.min(y1[l], (float) random.nextDouble(y0[l], Math.nextUp(y1[l])));
                    float z = k == 0 ? z0 : k == 1 ? z1 : Math.min(z1, (float) random.nextDouble(z0, Math.nextUp(z1)));
                    float v = point.evaluate(x, y, z);
                    boolean held = v != v ? iv.maybeNaN(pruned, out, l)
                            : iv.lower(pruned, out, l) <= v && v <= iv.upper(pruned, out, l);
                    if (!held) {
                        failures.add("seed " + seed + " lane " + l + " at (" + x + ", " + y + ", " + z + "): " + v
                                + " outside [" + iv.lower(pruned, out, l) + ", " + iv.upper(pruned, out, l) + "]");
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " escapes, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
}
