package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.SpecOracle;
import org.junit.jupiter.api.Test;

/** The point evaluators: f32 against the written semantics, and the f64 oracle. */
class JavaPointEvaluatorTest {
    @Test
    void f32PointEvaluatorFollowsTheSpecForEveryBinaryOp() throws Exception {
        for (Opcode op : Opcode.values()) {
            if (op.arity() != 2) continue;
            PointEvaluator p = new JavaPointEvaluator(Model.parse("_0 var-x\n_1 var-y\n_2 " + op.text() + " _0 _1", "t.vm").tape());
            for (float a : EdgeValues.FLOATS) {
                for (float b : EdgeValues.FLOATS) {
                    float want = SpecOracle.apply(op, a, b);
                    float got = p.evaluate(a, b, 0f);
                    assertTrue(FloatEquality.same(want, got), op.text() + "(" + a + ", " + b + "): " + got + " != " + want);
                }
            }
        }
    }

    @Test
    void f64OracleKeepsTheWrittenDoubleConstants() throws Exception {
        // 0.1 is not a float: the f64 oracle must see 0.1, the f32 tiers (float) 0.1.
        Model m = Model.parse("_0 var-x\n_1 const 0.1\n_2 mul _0 _1\n", "t.vm");
        assertEquals(0.1 * 3.0, new JavaPointEvaluator64(m.tape()).evaluate(3.0, 0, 0));
        assertEquals(0.1f * 3f, new JavaPointEvaluator(m.tape()).evaluate(3f, 0, 0));
    }

    @Test
    void f64OracleUsesStrictMathForTranscendentals() throws Exception {
        Model m = Model.parse("_0 var-x\n_1 sin _0\n_2 var-y\n_3 atan2 _1 _2\n", "t.vm");
        double x = 0.7, y = -0.3;
        assertEquals(StrictMath.atan2(StrictMath.sin(x), y), new JavaPointEvaluator64(m.tape()).evaluate(x, y, 0));
    }
}
