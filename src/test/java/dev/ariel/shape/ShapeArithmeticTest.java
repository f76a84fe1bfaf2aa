package dev.ariel.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.testing.EdgeValues;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The raw arithmetic: each opcode's method builds that opcode, and its model computes exactly
 * what {@link F32Semantics} defines, on edge values and seeded random ones; plus the value
 * semantics of shapes (structural equality, accessors, text).
 */
class ShapeArithmeticTest {
    // Each opcode's named method; unary ones ignore their second operand.
    private static final Map<Opcode, BinaryOperator<Shape>> METHODS = new EnumMap<>(Opcode.class);

    static {
        METHODS.put(Opcode.NEG, (a, b) -> a.neg());
        METHODS.put(Opcode.ABS, (a, b) -> a.abs());
        METHODS.put(Opcode.RECIP, (a, b) -> a.recip());
        METHODS.put(Opcode.SQRT, (a, b) -> a.sqrt());
        METHODS.put(Opcode.SQUARE, (a, b) -> a.square());
        METHODS.put(Opcode.FLOOR, (a, b) -> a.floor());
        METHODS.put(Opcode.CEIL, (a, b) -> a.ceil());
        METHODS.put(Opcode.ROUND, (a, b) -> a.round());
        METHODS.put(Opcode.SIN, (a, b) -> a.sin());
        METHODS.put(Opcode.COS, (a, b) -> a.cos());
        METHODS.put(Opcode.TAN, (a, b) -> a.tan());
        METHODS.put(Opcode.ASIN, (a, b) -> a.asin());
        METHODS.put(Opcode.ACOS, (a, b) -> a.acos());
        METHODS.put(Opcode.ATAN, (a, b) -> a.atan());
        METHODS.put(Opcode.EXP, (a, b) -> a.exp());
        METHODS.put(Opcode.LN, (a, b) -> a.ln());
        METHODS.put(Opcode.NOT, (a, b) -> a.not());
        METHODS.put(Opcode.ADD, Shape::add);
        METHODS.put(Opcode.SUB, Shape::sub);
        METHODS.put(Opcode.MUL, Shape::mul);
        METHODS.put(Opcode.DIV, Shape::div);
        METHODS.put(Opcode.MIN, Shape::min);
        METHODS.put(Opcode.MAX, Shape::max);
        METHODS.put(Opcode.ATAN2, Shape::atan2);
        METHODS.put(Opcode.COMPARE, Shape::compare);
        METHODS.put(Opcode.MOD, Shape::mod);
        METHODS.put(Opcode.AND, Shape::and);
        METHODS.put(Opcode.OR, Shape::or);
    }

    @Test
    void everyOpcodeWithOperandsHasAMethod() {
        EnumSet<Opcode> withOperands = EnumSet.noneOf(Opcode.class);
        for (Opcode op : Opcode.values()) if (op.arity() > 0) withOperands.add(op);
        assertEquals(withOperands, METHODS.keySet());
    }

    @ParameterizedTest
    @EnumSource(value = Opcode.class, names = {"CONST", "VAR_X", "VAR_Y", "VAR_Z"}, mode = EnumSource.Mode.EXCLUDE)
    void eachMethodComputesItsOpcode(Opcode op) {
        Shape s = METHODS.get(op).apply(Shape.x(), Shape.y());
        assertEquals(op, s.opcode());
        assertEquals(op.arity() == 1 ? List.of(Shape.x()) : List.of(Shape.x(), Shape.y()), s.operands());
        assertEquals(s, op.arity() == 1 ? Shape.of(op, Shape.x()) : Shape.of(op, Shape.x(), Shape.y()));
        PointEvaluator f = JavaEngine.INSTANCE.pointEvaluator(Model.of(s).tape());
        float[] edge = EdgeValues.FLOATS;
        SplittableRandom random = new SplittableRandom(op.ordinal());
        for (int i = 0; i < edge.length * edge.length + 500; i++) {
            float a = i < edge.length * edge.length ? edge[i % edge.length] : (float) random.nextDouble(-4, 4);
            float b = i < edge.length * edge.length ? edge[i / edge.length] : (float) random.nextDouble(-4, 4);
            float want = F32Semantics.apply(op, a, b);
            float got = f.evaluate(a, b, 0);
            if (!FloatEquality.same(want, got)) fail(op.text() + "(" + a + ", " + b + "): want " + want + ", got " + got);
        }
    }

    @Test
    void numberOverloadsAreConstants() {
        Shape x = Shape.x();
        assertEquals(x.add(Shape.constant(2)), x.add(2));
        assertEquals(x.sub(Shape.constant(2)), x.sub(2));
        assertEquals(x.mul(Shape.constant(2)), x.mul(2));
        assertEquals(x.div(Shape.constant(2)), x.div(2));
        assertEquals(x.min(Shape.constant(2)), x.min(2));
        assertEquals(x.max(Shape.constant(2)), x.max(2));
        assertEquals(x.mod(Shape.constant(2)), x.mod(2));
        assertEquals(2.5, Shape.constant(2.5).value());
        assertTrue(Double.isNaN(x.value()));
        assertEquals(Opcode.VAR_Z, Shape.z().opcode());
        assertEquals(Shape.z(), Shape.of(Opcode.VAR_Z));
    }

    @Test
    void ofRejectsTheWrongNumberOfOperands() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(Opcode.ADD, Shape.x()));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(Opcode.SIN, Shape.x(), Shape.y()));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(Opcode.CONST));
        assertThrows(NullPointerException.class, () -> Shape.x().add((Shape) null));
    }

    @Test
    void equalityIsStructural() {
        Shape a = Shapes.circle(0.5).union(Shapes.rectangle(1, 0.2)).move(0.1, 0);
        Shape b = Shapes.circle(0.5).union(Shapes.rectangle(1, 0.2)).move(0.1, 0);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Shapes.circle(0.5).union(Shapes.rectangle(1, 0.2)).move(0.1, 0.01));
        assertNotEquals(Shape.x().add(Shape.y()), Shape.y().add(Shape.x()), "the same function, another expression");
        assertNotEquals(Shape.constant(0.0), Shape.constant(-0.0), "constants compare bit for bit");
        assertEquals(Shape.constant(Double.NaN), Shape.constant(Double.NaN));
        assertNotEquals(Shape.x(), null);
    }

    @Test
    void deepAndWidelySharedShapesNeedNoRecursion() {
        // 20,000 unions deep: equality, hashing, text, substitution and lowering are all loops.
        Shape a = Shapes.circle(0.01);
        Shape b = Shapes.circle(0.01);
        for (int i = 0; i < 20_000; i++) {
            a = a.union(Shapes.circle(0.01).move(i * 1e-4, 0));
            b = b.union(Shapes.circle(0.01).move(i * 1e-4, 0));
        }
        assertEquals(a, b);
        Shape moved = a.move(0.5, 0.5);
        assertTrue(Model.of(moved).tape().length() > 20_000);
        assertTrue(a.toString().length() < 400, "the text is cut short");
        // 60 blends deep, each using its operands twice: 2^60 paths through the tree, but few nodes.
        Shape c = Shapes.circle(0.3);
        Shape d = Shapes.circle(0.3);
        for (int i = 0; i < 60; i++) {
            c = c.smoothUnion(c.offset(0.01), 0.1);
            d = d.smoothUnion(d.offset(0.01), 0.1);
        }
        assertEquals(c, d);
        assertTrue(Model.of(c).tape().length() < 60 * 12, "shared operands are lowered once");
        assertTrue(Model.of(c.move(0.5, 0)).tape().length() < 60 * 12, "and substituted once");
        assertTrue(c.toString().length() < 400);
    }

    @Test
    void toStringIsTheExpression() {
        assertEquals("(sub (sqrt (add (square x) (square y))) 0.5)", Shapes.circle(0.5).toString());
        assertEquals("(atan2 y x)", Shape.y().atan2(Shape.x()).toString());
    }
}
