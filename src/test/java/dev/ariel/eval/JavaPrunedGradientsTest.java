package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.tape.Box;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batched gradients over pruned tapes pass the gradient conformance suite (run over whole
 * tapes, so every opcode and edge value is seen), and give the oracle's bits on simplified tapes
 * of the shared solids and of random models, across block boundaries and with a reused evaluator.
 */
class JavaPrunedGradientsTest implements GradientConformance {
    @Override
    public Backend backend() {
        return new Backend() {
            @Override
            public String name() {
                return "pruned-gradients";
            }

            @Override
            public PointEvaluator pointEvaluator(SsaTape tape) {
                return JavaEngine.INSTANCE.pointEvaluator(tape);
            }

            @Override
            public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
                return JavaEngine.INSTANCE.rowEvaluator(tape, box);
            }

            @Override
            public GradientEvaluator gradientEvaluator(SsaTape tape) {
                PrunedTape pruned = PrunedTape.of(tape);
                JavaPrunedGradients g = new JavaPrunedGradients();
                return (xs, ys, zs, n, v, dx, dy, dz) -> g.evaluate(pruned, xs, ys, zs, n, v, dx, dy, dz);
            }
        };
    }

    @Test
    void simplifiedTapesOfSolidsGiveTheOraclesBits() throws Exception {
        JavaPrunedGradients shared = new JavaPrunedGradients(); // reused across tapes of other lengths
        int compared = 0;
        for (String name : new String[] {"bear.vm", "colonnade.vm", "tanglecube.vm"}) {
            compared += compareOnBoxes(Model.read(SharedModels.require(name)).tape(), shared);
        }
        assertTrue(compared > 5000, "only " + compared + " points compared");
    }

    @Test
    void simplifiedTapesOfRandomModelsGiveTheOraclesBits() throws Exception {
        JavaPrunedGradients shared = new JavaPrunedGradients();
        int compared = 0;
        for (long seed = 1; seed <= 16; seed++) {
            compared += compareOnBoxes(Model.parse(RandomModels.generate(seed, 60), "seed.vm").tape(), shared);
        }
        assertTrue(compared > 20000, "only " + compared + " points compared");
    }

    // Simplifies the tape over a few boxes, as the octree does, and compares each with the oracle
    // over that box's tape at more points than a block holds.
    private static int compareOnBoxes(SsaTape root, JavaPrunedGradients g) {
        SplittableRandom random = new SplittableRandom(root.length());
        IntervalEvaluator iv = new IntervalEvaluator(root.length());
        int compared = 0;
        for (int b = 0; b < 6; b++) {
            float x0 = (float) random.nextDouble(-1, 0.8), y0 = (float) random.nextDouble(-1, 0.8), z0 = (float) random.nextDouble(-1, 0.8);
            float e = (float) random.nextDouble(0.05, 0.4);
            PrunedTape top = PrunedTape.of(root, false);
            iv.evaluate(top, x0, x0 + e, y0, y0 + e, z0, z0 + e);
            PrunedTape tape = top;
            if (iv.decidedChoices() > 0) {
                tape = new PrunedTape(top.length());
                tape.simplify(top, iv.choices(), iv.maybeNaNArray());
            }
            int n = JavaPrunedGradients.BLOCK * 2 + 37;
            float[] xs = new float[n], ys = new float[n], zs = new float[n];
            for (int i = 0; i < n; i++) {
                xs[i] = x0 + e * (float) random.nextDouble();
                ys[i] = y0 + e * (float) random.nextDouble();
                zs[i] = z0 + e * (float) random.nextDouble();
            }
            float[][] got = new float[4][n], want = new float[4][n];
            g.evaluate(tape, xs, ys, zs, n, got[0], got[1], got[2], got[3]);
            new JavaGradientEvaluator(tape.toSsaTape()).evaluate(xs, ys, zs, n, want[0], want[1], want[2], want[3]);
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < n; i++) {
                    int kk = k, ii = i;
                    assertTrue(FloatEquality.same(got[k][i], want[k][i]),
                            () -> "component " + kk + " at point " + ii + ": " + got[kk][ii] + " vs " + want[kk][ii]);
                }
            }
            compared += n;
        }
        return compared;
    }
}
