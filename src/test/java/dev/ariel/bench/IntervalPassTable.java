package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.tape.PrunedTape;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Nanoseconds per instruction of one interval pass and one simplification, for the whole model
 * over a 256-px tile and for that tile's tape over a 16-px tile inside it (at 1024 px).
 */
public final class IntervalPassTable {
    public static void main(String[] args) throws Exception {
        Model model = Model.read(Path.of(args[0]));
        PrunedTape root = PrunedTape.of(model.tape());
        IntervalEvaluator iv = new IntervalEvaluator(root.length());
        PrunedTape mid = new PrunedTape(root.length());
        float px = 2f / 1023;
        iv.evaluate(root, -0.5f, -0.5f + 255 * px, 0.25f, 0.25f + 255 * px, 0, 0);
        mid.simplify(root, iv.choices(), iv.maybeNaNArray());
        measure("whole tape, 256-px tile", root, iv, -0.5f, -0.5f + 255 * px, 0.25f, 0.25f + 255 * px);
        measure("256-px tape, 16-px tile", mid, iv, -0.4f, -0.4f + 15 * px, 0.3f, 0.3f + 15 * px);
    }

    private static void measure(String label, PrunedTape tape, IntervalEvaluator iv, float x0, float x1, float y0, float y1) {
        PrunedTape child = new PrunedTape(tape.length());
        int reps = Math.max(200, 5_000_000 / tape.length());
        double[] ivt = new double[15], st = new double[15];
        for (int k = 0; k < ivt.length; k++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) iv.evaluate(tape, x0, x1, y0, y1, 0, 0);
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) child.simplify(tape, iv.choices(), iv.maybeNaNArray());
            long t2 = System.nanoTime();
            ivt[k] = (t1 - t0) / (double) reps / tape.length();
            st[k] = (t2 - t1) / (double) reps / tape.length();
        }
        Arrays.sort(ivt);
        Arrays.sort(st);
        System.out.printf("%-26s ops %5d -> %5d; interval %.2f ns/op, simplify %.2f ns/op%n", label, tape.length(),
                child.length(), ivt[ivt.length / 2], st[st.length / 2]);
    }
}
