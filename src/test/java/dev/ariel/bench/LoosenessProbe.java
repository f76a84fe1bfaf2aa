package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where interval bounds grow loose near a solid's surface: for boxes around points just outside
 * it, each instruction's interval width against the spread its values take at sampled points of
 * the box, and the instructions whose width ratio grows most over their operands'. Usage:
 * {@code LoosenessProbe MODEL HALF_WIDTH}.
 */
public final class LoosenessProbe {
    private LoosenessProbe() {}

    public static void main(String[] args) throws Exception {
        SsaTape root = Model.read(Path.of(args[0])).tape();
        float e = Float.parseFloat(args[1]);
        IntervalEvaluator iv = new IntervalEvaluator(root.length());
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int n = 512;
        double[] growth = new double[root.length()];
        int boxes = 0;
        PrunedTape tape = PrunedTape.of(root, false);
        float[] vals = new float[root.length()];
        dev.ariel.eval.JavaPointEvaluator pe = new dev.ariel.eval.JavaPointEvaluator(root);
        for (int t = 0; t < 200000 && boxes < 40; t++) {
            float x = (float) r.nextDouble(-1, 1), y = (float) r.nextDouble(-1, 1), z = (float) r.nextDouble(-1, 1);
            float v = pe.evaluate(x, y, z);
            if (!(v > 0.02f && v < 0.08f)) continue;
            iv.evaluate(tape, x - e, x + e, y - e, y + e, z - e, z + e);
            float[] lo = new float[root.length()], hi = new float[root.length()];
            java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
            for (int p = 0; p < n; p++) {
                float px = x - e + 2 * e * (float) r.nextDouble(), py = y - e + 2 * e * (float) r.nextDouble(),
                        pz = z - e + 2 * e * (float) r.nextDouble();
                trace(root, px, py, pz, vals);
                for (int i = 0; i < root.length(); i++) {
                    lo[i] = Math.min(lo[i], vals[i]);
                    hi[i] = Math.max(hi[i], vals[i]);
                }
            }
            for (int i = 0; i < root.length(); i++) {
                double w = iv.upper(tape, i) - iv.lower(tape, i), s = Math.max(1e-6, hi[i] - lo[i]);
                double ratio = Double.isFinite(w) ? w / s : 1e6;
                growth[i] += Math.log(Math.max(1, ratio)) - Math.max(inherited(tape, iv, lo, hi, tape.lhsArray()[i]),
                        inherited(tape, iv, lo, hi, tape.rhsArray()[i]));
            }
            boxes++;
        }
        Integer[] order = new Integer[root.length()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(growth[b], growth[a]));
        for (int k = 0; k < 15; k++) {
            int i = order[k];
            System.out.printf(Locale.ROOT, "%-6s %-6s growth %.2f (log ratio summed over %d boxes)%n", root.name(i),
                    tape.opcode(i).text(), growth[i], boxes);
        }
    }

    // Every instruction's value at one point, as JavaPointEvaluator computes them.
    private static void trace(SsaTape t, float x, float y, float z, float[] v) {
        for (int i = 0; i < t.length(); i++) {
            dev.ariel.expr.Opcode op = t.opcode(i);
            v[i] = switch (op) {
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                default -> dev.ariel.expr.F32Semantics.apply(op, val(t, v, t.lhs(i)), op.arity() == 2 ? val(t, v, t.rhs(i)) : 0f);
            };
        }
    }

    private static float val(SsaTape t, float[] v, int a) {
        return SsaTape.isConstant(a) ? t.constant(SsaTape.constantIndex(a)) : v[a];
    }

    private static double inherited(PrunedTape tape, IntervalEvaluator iv, float[] lo, float[] hi, int a) {
        if (a < 0) return 0;
        double w = iv.upper(tape, a) - iv.lower(tape, a), s = Math.max(1e-6, hi[a] - lo[a]);
        return Math.log(Math.max(1, Double.isFinite(w) ? w / s : 1e6));
    }
}
