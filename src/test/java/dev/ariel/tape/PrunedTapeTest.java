package dev.ariel.tape;

import static dev.ariel.testing.TapeValues.evaluateAll;
import static dev.ariel.testing.TapeValues.operand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.testing.RandomModels;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pruned tape exports an {@link SsaTape} that computes what the whole tape does in its box and
 * plans the same slots, and its tier key agrees with the code key of that export: equal tier keys
 * never stand for different code.
 */
class PrunedTapeTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theExportComputesTheWholeTapeAndPlansTheSameSlots(long seed) throws Exception {
        SsaTape tape = Model.parse(RandomModels.generate(seed, 120), "r.vm").tape();
        SplittableRandom rnd = new SplittableRandom(seed);
        PrunedTape root = PrunedTape.of(tape);
        IntervalEvaluator iv = new IntervalEvaluator(tape.length());
        PrunedTape pruned = new PrunedTape(1);
        float[] whole = new float[tape.length()];
        for (int box = 0; box < 10; box++) {
            float x0 = (float) rnd.nextDouble(-4, 4), x1 = x0 + (float) rnd.nextDouble(0, box % 2 == 0 ? 0.01 : 2);
            float y0 = (float) rnd.nextDouble(-4, 4), y1 = y0 + (float) rnd.nextDouble(0, 1);
            iv.evaluate(root, x0, x1, y0, y1, 0, 0);
            pruned.simplify(root, iv.choices(), iv.maybeNaNArray());
            SsaTape export = pruned.toSsaTape();
            assertEquals(pruned.length(), export.length());
            assertEquals(pruned.slotCount(), export.slotCount(), "slot count");
            for (int i = 0; i < export.length(); i++) {
                assertEquals(pruned.opcode(i), export.opcode(i));
                assertEquals(pruned.slotsArray()[i], export.slot(i), "slot of instruction " + i);
                assertEquals(tape.name(pruned.origin(i)), export.name(i));
            }
            float[] part = new float[export.length()];
            for (int k = 0; k < 20; k++) {
                float x = k == 0 ? x0 : k == 1 ? x1 : Math.min(x1, (float) rnd.nextDouble(x0, Math.nextUp(x1)));
                float y = k == 2 ? y1 : Math.min(y1, (float) rnd.nextDouble(y0, Math.nextUp(y1)));
                evaluateAll(tape, x, y, 0, whole);
                evaluateAll(export, x, y, 0, part);
                float expected = operand(tape, whole, tape.output());
                float actual = operand(export, part, export.output());
                assertTrue(FloatEquality.same(expected, actual), "seed " + seed + " box " + box + " at (" + x + ", "
                        + y + "): whole " + expected + ", export " + actual);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void equalTierKeysMeanEqualCodeKeys(long seed) throws Exception {
        SsaTape tape = Model.parse(circles(), "circles.vm").tape();
        SplittableRandom rnd = new SplittableRandom(seed);
        PrunedTape root = PrunedTape.of(tape);
        IntervalEvaluator iv = new IntervalEvaluator(tape.length());
        PrunedTape pruned = new PrunedTape(1);
        Map<String, String> codeByTier = new HashMap<>();
        Map<String, String> tierByCode = new HashMap<>();
        long[] key = new long[2];
        for (int box = 0; box < 60; box++) {
            // Few distinct boxes, so that tapes recur and their keys must recur with them.
            float x0 = rnd.nextInt(6) - 3, y0 = rnd.nextInt(6) - 3;
            iv.evaluate(root, x0, x0 + 0.5f, y0, y0 + 0.5f, 0, 0);
            pruned.simplify(root, iv.choices(), iv.maybeNaNArray());
            pruned.tierKey(key);
            String tier = Long.toHexString(key[0]) + ":" + Long.toHexString(key[1]);
            String code = pruned.toSsaTape().codeKey();
            assertEquals(32, code.length());
            String seen = codeByTier.putIfAbsent(tier, code);
            if (seen != null) assertEquals(seen, code, "one tier key, two code keys");
            String seenTier = tierByCode.putIfAbsent(code, tier);
            if (seenTier != null) assertEquals(seenTier, tier, "one code key, two tier keys");
            // A compact copy is the same tape, so it has the same keys.
            long[] copyKey = new long[2];
            pruned.compactCopy().tierKey(copyKey);
            assertArrayEquals(key, copyKey);
        }
        assertTrue(codeByTier.size() > 3, "too few distinct tapes (" + codeByTier.size() + "); the test shows little");
    }

    // The union of 25 circles on a grid: a box near one circle prunes the others away.
    private static String circles() {
        StringBuilder vm = new StringBuilder("x var-x\ny var-y\nr const 0.3\n");
        String union = null;
        for (int i = 0; i < 25; i++) {
            String c = "c" + i;
            vm.append(c).append("x const ").append(i % 5 - 2).append('\n');
            vm.append(c).append("y const ").append(i / 5 - 2).append('\n');
            vm.append(c).append("dx sub x ").append(c).append("x\n");
            vm.append(c).append("dy sub y ").append(c).append("y\n");
            vm.append(c).append("sx square ").append(c).append("dx\n");
            vm.append(c).append("sy square ").append(c).append("dy\n");
            vm.append(c).append("s add ").append(c).append("sx ").append(c).append("sy\n");
            vm.append(c).append("d sqrt ").append(c).append("s\n");
            vm.append(c).append(" sub ").append(c).append("d r\n");
            if (union != null) vm.append("u").append(i).append(" min ").append(union).append(' ').append(c).append('\n');
            union = union == null ? c : "u" + i;
        }
        return vm.toString();
    }
}
