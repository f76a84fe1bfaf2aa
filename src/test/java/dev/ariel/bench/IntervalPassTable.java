package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.tape.PrunedTape;
import java.nio.file.Path;
import java.util.Arrays;

/** Nanoseconds per instruction of one interval pass and one simplification over a whole model. */
public final class IntervalPassTable {
    public static void main(String[] args) throws Exception {
        Model model = Model.read(Path.of(args[0]));
        PrunedTape root = PrunedTape.of(model.tape());
        PrunedTape child = new PrunedTape(root.length());
        IntervalEvaluator iv = new IntervalEvaluator(root.length());
        float x0 = -0.5f, x1 = -0.25f, y0 = 0.25f, y1 = 0.5f;
        int reps = 2000;
        double[] ivt = new double[15], st = new double[15];
        for (int k = 0; k < ivt.length; k++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) iv.evaluate(root, x0, x1, y0, y1, 0, 0);
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) child.simplify(root, iv.choices(), iv.maybeNaNArray());
            long t2 = System.nanoTime();
            ivt[k] = (t1 - t0) / (double) reps / root.length();
            st[k] = (t2 - t1) / (double) reps / root.length();
        }
        Arrays.sort(ivt);
        Arrays.sort(st);
        System.out.printf("ops %d -> %d; interval %.2f ns/op, simplify %.2f ns/op%n", root.length(), child.length(),
                ivt[ivt.length / 2], st[st.length / 2]);
    }
}
