package dev.ariel.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaPointEvaluator;
import dev.ariel.eval.JavaPointEvaluator64;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.TextInterpreter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hash-consing, constant folding and identities: none may change a value. */
class ExprGraphTest {
    /** The values every identity must survive: NaN, ±0, ±∞, π and 1e30, and a few more. */
    private static final float[] VALUES = {
        Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, (float) Math.PI, 1e30f, -1e30f,
        -(float) Math.PI, 1f, -1f, Float.MIN_VALUE, -2.5f
    };

    @Test
    void duplicateSubexpressionsAreOneNode() {
        ExprGraph.Builder b = ExprGraph.builder();
        int x = b.variable(Opcode.VAR_X);
        int y = b.variable(Opcode.VAR_Y);
        int s1 = b.binary(Opcode.SUB, x, y);
        int s2 = b.binary(Opcode.SUB, x, y);
        assertEquals(s1, s2);
        assertEquals(x, b.variable(Opcode.VAR_X));
        assertEquals(b.constant(2.5), b.constant(2.5));
        // Commutative ops are canonical: a+b and b+a are one node; a-b and b-a are not.
        assertEquals(b.binary(Opcode.ADD, x, y), b.binary(Opcode.ADD, y, x));
        assertEquals(b.binary(Opcode.MAX, x, y), b.binary(Opcode.MAX, y, x));
        assertTrue(b.binary(Opcode.SUB, y, x) != s1);
        assertTrue(b.binary(Opcode.ATAN2, y, x) != b.binary(Opcode.ATAN2, x, y));
        assertTrue(b.binary(Opcode.AND, y, x) != b.binary(Opcode.AND, x, y));
        // Constants that differ only as doubles stay apart, so the f64 oracle keeps its values.
        assertTrue(b.constant(0.1) != b.constant((float) 0.1));
        assertEquals(b.constant(Double.NaN), b.constant(-Double.NaN));
    }

    @Test
    void duplicateLinesInAFileShareNodes() throws ModelException {
        Model m = Model.parse("a var-x\nb var-y\nc add a b\nd add b a\ne mul c d\n", "t.vm");
        // c and d are one node, so e is c*c, which is square(c): three instructions and the square.
        SsaTape t = m.tape();
        assertEquals(4, t.length());
        assertEquals(Opcode.SQUARE, t.opcode(3));
    }

    @Test
    void constantsFoldInF32AndF64Separately() {
        ExprGraph.Builder b = ExprGraph.builder();
        int tenth = b.constant(0.1);
        int other = b.constant(0.2);
        int prod = b.binary(Opcode.MUL, tenth, other);
        ExprGraph g = b.build();
        assertEquals(Opcode.CONST, g.opcode(prod));
        assertEquals(0.1 * 0.2, g.constant64(prod));
        assertEquals((float) 0.1 * (float) 0.2, g.constant32(prod));
        // 0.1f*0.2f is not (float)(0.1*0.2): folding each side in its own precision matters.
        assertTrue(g.constant32(prod) != (float) g.constant64(prod));
    }

    @Test
    void foldingCoversEveryOpcode() {
        for (Opcode op : Opcode.values()) {
            if (op.arity() == 0) continue;
            for (float a : VALUES) {
                for (float c : VALUES) {
                    ExprGraph.Builder b = ExprGraph.builder();
                    int id = b.apply(op, b.constant(a), b.constant(c));
                    ExprGraph g = b.build();
                    assertEquals(Opcode.CONST, g.opcode(id), op.text() + " did not fold");
                    float want = F32Semantics.apply(op, a, c);
                    assertTrue(FloatEquality.same(want, g.constant32(id)), op.text() + "(" + a + ", " + c + ")");
                    double want64 = F64Semantics.apply(op, a, c);
                    assertTrue(FloatEquality.same(want64, g.constant64(id)), op.text() + " f64 (" + a + ", " + c + ")");
                }
            }
        }
    }

    /** Every pattern the builder rewrites, written out in .vm; x is the free variable, y a second one. */
    private static final String[] IDENTITY_PATTERNS = {
        "c const 1\nr mul x c", "c const 1\nr mul c x", "c const -1\nr mul x c", "c const -1\nr mul c x",
        "r mul x x", "c const 1\nr div x c", "c const -1\nr div x c",
        "c const -0\nr add x c", "c const -0\nr add c x", "c const 0\nr sub x c",
        "n neg y\nr add x n", "n neg y\nr add n x", "n neg y\nr sub x n",
        "n neg x\nr neg n", "n neg x\nr abs n", "n abs x\nr abs n", "s square x\nr abs s",
        "n neg x\nr square n", "n abs x\nr square n",
        "r min x x", "r max x x",
        // Look-alikes that are NOT identities and must not be applied:
        "c const 0\nr mul x c", "c const 0\nr add x c", "r sub x x", "c const -0\nr sub x c", "r div x x",
        "c const 1\nr div c x", "s square x\nr sqrt s"
    };

    @Test
    void identitiesNeverChangeAValue() throws ModelException {
        List<String> failures = new ArrayList<>();
        for (String pattern : IDENTITY_PATTERNS) {
            String text = "x var-x\ny var-y\n" + pattern + "\n";
            Model m = Model.parse(text, "identity.vm");
            JavaPointEvaluator f32 = new JavaPointEvaluator(m.tape());
            JavaPointEvaluator64 f64 = new JavaPointEvaluator64(m.tape());
            boolean minMax = pattern.contains("min") || pattern.contains("max");
            for (float x : VALUES) {
                for (float y : VALUES) {
                    float want = TextInterpreter.eval32(text, x, y, 0f);
                    float got = f32.evaluate(x, y, 0f);
                    // Exact to the bit (NaN payloads aside); min/max leave the sign of a zero open.
                    boolean ok = minMax ? FloatEquality.same(want, got)
                            : Float.floatToIntBits(want) == Float.floatToIntBits(got);
                    if (!ok) failures.add(pattern.replace('\n', ';') + " at x=" + x + ", y=" + y + ": " + got + " != " + want);
                    double want64 = TextInterpreter.eval64(text, x, y, 0);
                    double got64 = f64.evaluate(x, y, 0);
                    if (Double.doubleToLongBits(want64) != Double.doubleToLongBits(got64) && !(minMax && want64 == got64)) {
                        failures.add("f64 " + pattern.replace('\n', ';') + " at x=" + x + ", y=" + y + ": " + got64 + " != " + want64);
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " changed values:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    void identitiesActuallyFire() throws ModelException {
        assertEquals(0, Model.parse("x var-x\nc const 1\nr mul x c", "t.vm").tape().length() - 1);
        assertEquals(Opcode.NEG, Model.parse("x var-x\nc const -1\nr mul x c", "t.vm").tape().opcode(1));
        assertEquals(Opcode.SUB, Model.parse("x var-x\ny var-y\nn neg y\nr add x n", "t.vm").tape().opcode(2));
        assertEquals(Opcode.MUL, Model.parse("x var-x\nc const 0\nr mul x c", "t.vm").tape().opcode(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
    void simplifiedRandomModelsMatchTheirTextLineByLine(long seed) throws ModelException {
        String text = RandomModels.generate(seed, 80);
        Model m = Model.parse(text, "random.vm");
        JavaPointEvaluator f32 = new JavaPointEvaluator(m.tape());
        List<String> failures = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int k = 0; k < 200; k++) {
            float x = k < EdgeValues.FLOATS.length ? EdgeValues.FLOATS[k] : (float) rnd.nextDouble(-3, 3);
            float y = (float) rnd.nextDouble(-3, 3);
            float z = (float) rnd.nextDouble(-3, 3);
            float want = TextInterpreter.eval32(text, x, y, z);
            float got = f32.evaluate(x, y, z);
            if (!FloatEquality.same(want, got)) failures.add("(" + x + ", " + y + ", " + z + "): " + got + " != " + want);
        }
        if (!failures.isEmpty()) fail("seed " + seed + ": " + failures + "\n" + text);
    }

    @Test
    void deepChainsAreNotRecursive() throws ModelException {
        StringBuilder sb = new StringBuilder("_0 var-x\n");
        int n = 200_000;
        for (int i = 1; i <= n; i++) sb.append('_').append(i).append(" neg _").append(i - 1).append('\n');
        Model m = Model.parse(sb.toString(), "deep.vm");
        // neg(neg(x)) folds away pairwise, so 200,000 negations leave x itself.
        assertEquals(1, m.tape().length());
        StringBuilder sq = new StringBuilder("_0 var-x\n");
        for (int i = 1; i <= n; i++) sq.append('_').append(i).append(" sqrt _").append(i - 1).append('\n');
        Model deep = Model.parse(sq.toString(), "deep.vm");
        assertEquals(n, deep.info().depth());
        assertEquals(n + 1, deep.tape().length());
    }
}
