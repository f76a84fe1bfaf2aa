package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.SsaTape;
import org.junit.jupiter.api.Test;

/** What is particular to the row interpreter: memory stays bounded when many values are alive. */
class JavaRowEvaluatorTest {
    @Test
    void manyLiveValuesShortenTheChunkInsteadOfExhaustingTheHeap() throws Exception {
        // v_i = x + i for 100,000 values, all alive until a chain of adds sums them at the end.
        int n = 100_000;
        StringBuilder sb = new StringBuilder("x var-x\n");
        for (int i = 0; i < n; i++) sb.append('c').append(i).append(" const ").append(i).append('\n')
                .append('v').append(i).append(" add x c").append(i).append('\n');
        sb.append("s0 add v0 v1\n");
        for (int i = 2; i < n; i++) sb.append('s').append(i - 1).append(" add s").append(i - 2).append(" v").append(i).append('\n');
        SsaTape tape = Model.parse(sb.toString(), "wide.vm").tape();
        assertTrue(tape.slotCount() >= n, "slots: " + tape.slotCount());
        JavaRowEvaluator row = new JavaRowEvaluator(tape);
        long bytes = 4L * row.chunk() * tape.slotCount();
        assertTrue(bytes <= JavaRowEvaluator.BUFFER_BUDGET_BYTES, bytes + " bytes of buffers");
        float[] xs = {0f, 1f, -1f, 0.5f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f};
        float[] out = new float[xs.length];
        row.evaluate(xs, 0, xs.length, 0f, 0f, out);
        PointEvaluator point = new JavaPointEvaluator(tape);
        for (int i = 0; i < xs.length; i++) assertEquals(point.evaluate(xs[i], 0f, 0f), out[i], "x = " + xs[i]);
    }
}
