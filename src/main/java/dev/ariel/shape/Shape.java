package dev.ariel.shape;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.VmWriter;
import java.util.List;
import java.util.Objects;

/**
 * An immutable expression of x, y and z: a model as a Java value, filled where it is below zero.
 *
 * <p>The factories {@link #x()}, {@link #y()}, {@link #z()} and {@link #constant(double)} and the
 * arithmetic methods, one for each opcode of {@link Opcode}, build the raw expression; the
 * primitives of {@link Shapes} and the set operations and transforms here build shapes from it.
 * Every method returns a new value and shares its operands, so a subexpression used twice is one
 * object, and lowering makes it one graph node ({@link #addTo(ExprGraph.Builder)}).
 *
 * <p>Equality is structural: two shapes are equal when they are the same expression built from
 * the same opcodes and constants (constants compared bit for bit), not when they compute the same
 * function. Hashing, equality, lowering and substitution are loops, not recursions, so a shape
 * built from thousands of unions in a loop does not overflow the stack; the hash is computed
 * once, at construction, so shared operands are never hashed twice.
 *
 * <p>A transform substitutes for the coordinates, so it copies every node that reads them: a
 * moved copy shares nothing with the original. Blending a shape with a moved copy of itself, over
 * and over, doubles its nodes each time; {@link #repeat} makes copies without copying nodes.
 */
public final class Shape {
    private static final Shape X = new Shape(Opcode.VAR_X, null, null, Double.NaN);
    private static final Shape Y = new Shape(Opcode.VAR_Y, null, null, Double.NaN);
    private static final Shape Z = new Shape(Opcode.VAR_Z, null, null, Double.NaN);

    final Opcode op;
    final Shape lhs;
    final Shape rhs;
    final double value;
    private final int hash;

    private Shape(Opcode op, Shape lhs, Shape rhs, double value) {
        this.op = op;
        this.lhs = lhs;
        this.rhs = rhs;
        this.value = value;
        int h = op.ordinal() * 31 + Double.hashCode(value);
        h = h * 31 + (lhs == null ? 0 : lhs.hash);
        this.hash = h * 31 + (rhs == null ? 0 : rhs.hash);
    }

    /** The x coordinate. */
    public static Shape x() {
        return X;
    }

    /** The y coordinate. */
    public static Shape y() {
        return Y;
    }

    /** The z coordinate. */
    public static Shape z() {
        return Z;
    }

    /** A constant; the f32 tiers see it rounded once to float, as a {@code .vm} constant. */
    public static Shape constant(double value) {
        return new Shape(Opcode.CONST, null, null, value);
    }

    /**
     * The variable {@code op} reads ({@code VAR_X}, {@code VAR_Y} or {@code VAR_Z}, with no
     * operands), or {@code op} applied to its operands: one for a unary opcode, two for a binary one.
     * The general form behind the named methods, for code that maps opcodes to shapes.
     */
    public static Shape of(Opcode op, Shape... operands) {
        if (op == Opcode.CONST) throw new IllegalArgumentException("a constant takes a number: use constant(double)");
        if (operands.length != op.arity()) {
            throw new IllegalArgumentException(op.text() + " takes " + op.arity() + " operands, not " + operands.length);
        }
        return switch (op) {
            case VAR_X -> X;
            case VAR_Y -> Y;
            case VAR_Z -> Z;
            default -> new Shape(op, Objects.requireNonNull(operands[0]),
                    operands.length == 2 ? Objects.requireNonNull(operands[1]) : null, Double.NaN);
        };
    }

    private Shape unary(Opcode o) {
        return new Shape(o, this, null, Double.NaN);
    }

    private Shape binary(Opcode o, Shape other) {
        return new Shape(o, this, Objects.requireNonNull(other), Double.NaN);
    }

    /** The opcode at the top of this expression. */
    public Opcode opcode() {
        return op;
    }

    /** The operands of the top opcode: none, one or two. */
    public List<Shape> operands() {
        return lhs == null ? List.of() : rhs == null ? List.of(lhs) : List.of(lhs, rhs);
    }

    /** The value of a constant, or NaN if this is not one. */
    public double value() {
        return value;
    }

    // ---- Arithmetic: one method per opcode; the .vm semantics are in docs/semantics.md. ----

    /** {@code this + other}. */
    public Shape add(Shape other) { return binary(Opcode.ADD, other); }

    /** {@code this + c}. */
    public Shape add(double c) { return add(constant(c)); }

    /** {@code this − other}. */
    public Shape sub(Shape other) { return binary(Opcode.SUB, other); }

    /** {@code this − c}. */
    public Shape sub(double c) { return sub(constant(c)); }

    /** {@code this × other}. */
    public Shape mul(Shape other) { return binary(Opcode.MUL, other); }

    /** {@code this × c}. */
    public Shape mul(double c) { return mul(constant(c)); }

    /** {@code this ÷ other}. */
    public Shape div(Shape other) { return binary(Opcode.DIV, other); }

    /** {@code this ÷ c}. */
    public Shape div(double c) { return div(constant(c)); }

    /** The smaller of the two; a NaN operand is ignored, as in every tier. */
    public Shape min(Shape other) { return binary(Opcode.MIN, other); }

    /** The smaller of this and {@code c}. */
    public Shape min(double c) { return min(constant(c)); }

    /** The larger of the two; a NaN operand is ignored, as in every tier. */
    public Shape max(Shape other) { return binary(Opcode.MAX, other); }

    /** The larger of this and {@code c}. */
    public Shape max(double c) { return max(constant(c)); }

    /** {@code atan2(this, other)}: the angle of the point (other, this), so {@code y.atan2(x)} is the polar angle. */
    public Shape atan2(Shape other) { return binary(Opcode.ATAN2, other); }

    /** −1, 0 or 1 as this is below, equal to or above {@code other}; NaN if either is NaN. */
    public Shape compare(Shape other) { return binary(Opcode.COMPARE, other); }

    /** The Euclidean remainder of this by {@code other}: in {@code [0, |other|)}. */
    public Shape mod(Shape other) { return binary(Opcode.MOD, other); }

    /** The Euclidean remainder of this by {@code c}. */
    public Shape mod(double c) { return mod(constant(c)); }

    /** This if it is zero, else {@code other}: a logical and of values read as zero or not. */
    public Shape and(Shape other) { return binary(Opcode.AND, other); }

    /** This if it is non-zero, else {@code other}: a logical or of values read as zero or not. */
    public Shape or(Shape other) { return binary(Opcode.OR, other); }

    /** 1 where this is zero, else 0. */
    public Shape not() { return unary(Opcode.NOT); }

    /** {@code −this}: the complement of a shape, with its distance kept. */
    public Shape neg() { return unary(Opcode.NEG); }

    /** {@code |this|}. */
    public Shape abs() { return unary(Opcode.ABS); }

    /** {@code 1 ÷ this}. */
    public Shape recip() { return unary(Opcode.RECIP); }

    /** The square root; NaN below zero. */
    public Shape sqrt() { return unary(Opcode.SQRT); }

    /** {@code this × this}. */
    public Shape square() { return unary(Opcode.SQUARE); }

    /** The largest integer not above this. */
    public Shape floor() { return unary(Opcode.FLOOR); }

    /** The smallest integer not below this. */
    public Shape ceil() { return unary(Opcode.CEIL); }

    /** The nearest integer, halves away from zero. */
    public Shape round() { return unary(Opcode.ROUND); }

    /** The sine, of radians. */
    public Shape sin() { return unary(Opcode.SIN); }

    /** The cosine, of radians. */
    public Shape cos() { return unary(Opcode.COS); }

    /** The tangent, of radians. */
    public Shape tan() { return unary(Opcode.TAN); }

    /** The arc sine, in radians; NaN outside [−1, 1]. */
    public Shape asin() { return unary(Opcode.ASIN); }

    /** The arc cosine, in radians; NaN outside [−1, 1]. */
    public Shape acos() { return unary(Opcode.ACOS); }

    /** The arc tangent, in radians. */
    public Shape atan() { return unary(Opcode.ATAN); }

    /** {@code e} to the power of this. */
    public Shape exp() { return unary(Opcode.EXP); }

    /** The natural logarithm; NaN below zero. */
    public Shape ln() { return unary(Opcode.LN); }

    // ---- Set operations: the sign is what makes a shape, so these are min, max and blends. ----

    /**
     * Where either shape is filled: {@code min}. Of exact distance fields it is exact outside and
     * a bound inside; of bounds, a bound.
     */
    public Shape union(Shape other) { return min(other); }

    /**
     * Where both shapes are filled: {@code max}. Of exact distance fields it is exact inside and
     * a bound outside; of bounds, a bound.
     */
    public Shape intersection(Shape other) { return max(other); }

    /** Where this shape is filled and {@code other} is not: {@code max(this, −other)}; a bound of bounds. */
    public Shape difference(Shape other) { return max(other.neg()); }

    /**
     * A union whose seams are rounded over {@code radius}: the quadratic polynomial smooth
     * minimum, {@code min(a, b) − h²·r/4} with {@code h = max(r − |a − b|, 0)/r}. Its gradient is
     * a convex combination of its operands', so of bounds it is a bound; it equals the union where
     * the operands differ by {@code radius} or more. A radius of 0 is the plain union.
     */
    public Shape smoothUnion(Shape other, double radius) { return Blends.smoothMin(this, other, radius); }

    /** An intersection whose seams are rounded over {@code radius}; see {@link #smoothUnion}. */
    public Shape smoothIntersection(Shape other, double radius) {
        return Blends.smoothMin(neg(), other.neg(), radius).neg();
    }

    /** A difference whose seams are rounded over {@code radius}; see {@link #smoothUnion}. */
    public Shape smoothDifference(Shape other, double radius) {
        return Blends.smoothMin(neg(), other, radius).neg();
    }

    /**
     * The shape grown by {@code distance} (shrunk if it is negative): {@code this − distance}.
     * Growing an exact distance field keeps it exact outside and makes it a bound inside;
     * shrinking, the other way round. A bound stays a bound.
     */
    public Shape offset(double distance) { return sub(distance); }

    /**
     * A shell of {@code thickness} centred on this shape's surface: {@code |this| − thickness/2}.
     * Of an exact distance field it is exact outside the shell and a bound within it; of a bound, a bound.
     */
    public Shape shell(double thickness) { return abs().sub(thickness / 2); }

    // ---- Transforms: each substitutes the inverse map for x, y and z; see Transforms. ----

    /** This shape moved by (dx, dy); exact stays exact. */
    public Shape move(double dx, double dy) { return Transforms.move(this, dx, dy, 0); }

    /** This shape moved by (dx, dy, dz); exact stays exact. */
    public Shape move(double dx, double dy, double dz) { return Transforms.move(this, dx, dy, dz); }

    /** This shape scaled by {@code s > 0} about the origin; the value is scaled too, so exact stays exact. */
    public Shape scale(double s) { return Transforms.scale(this, s, s, s); }

    /**
     * This shape scaled by {@code sx, sy, sz > 0} about the origin. The value is multiplied by the
     * smallest factor of the axes the shape reads, so a bound stays a bound, and an exact field
     * stays exact only if those factors are equal (a 2D shape may be scaled along z at will).
     */
    public Shape scale(double sx, double sy, double sz) { return Transforms.scale(this, sx, sy, sz); }

    /** This shape rotated by {@code radians} about the z axis, counter-clockwise seen from +z; exact stays exact. */
    public Shape rotate(double radians) { return Transforms.rotate(this, 0, 0, 1, radians); }

    /**
     * This shape rotated by {@code radians} about the axis (ax, ay, az) through the origin,
     * counter-clockwise seen from the axis's tip; exact stays exact. The axis need not be unit length.
     */
    public Shape rotate(double ax, double ay, double az, double radians) {
        return Transforms.rotate(this, ax, ay, az, radians);
    }

    /** This shape reflected in the plane through the origin normal to {@code axis}; exact stays exact. */
    public Shape mirror(Axis axis) { return Transforms.mirror(this, axis); }

    /**
     * Copies of this shape every {@code period} along {@code axis}: the cell around the origin,
     * {@code |axis| ≤ period/2}, is repeated by substituting {@code t − period·round(t/period)}
     * for that coordinate. The sign is right if this shape lies within that cell; the value is
     * exact for an exact field that does and is also symmetric about the origin along the axis;
     * otherwise a neighbour's copy may be nearer than the value says.
     */
    public Shape repeat(Axis axis, double period) { return Transforms.repeat(this, axis, period); }

    /**
     * This expression with {@code newX}, {@code newY} and {@code newZ} in place of x, y and z: the
     * general transform behind the others (a shape at {@code p} is drawn where {@code (newX, newY,
     * newZ)(p)} lands in it). Shared subexpressions stay shared.
     */
    public Shape remap(Shape newX, Shape newY, Shape newZ) { return Trees.remap(this, newX, newY, newZ); }

    /**
     * This 2D shape (in x and y) extruded along z between {@code zMin} and {@code zMax}; exact stays
     * exact, a bound stays a bound.
     */
    public Shape extrude(double zMin, double zMax) { return Blends.extrude(this, zMin, zMax); }

    // ---- Lowering ----

    /**
     * Adds this expression's nodes to {@code builder}, which hash-conses and folds them, and
     * returns the node of its value. Several shapes may share one builder, and so their nodes.
     */
    public int addTo(ExprGraph.Builder builder) { return Trees.lower(this, builder); }

    /**
     * This expression as {@code .vm} text, one op a line, its value on the last, which reads back
     * to a tape that computes the same. One exception, as {@link VmWriter} says: arithmetic on
     * constants alone is folded in f64 and f32 apart, and the text keeps only the f64 value.
     */
    public String toVm() {
        ExprGraph.Builder b = ExprGraph.builder();
        int root = addTo(b);
        return VmWriter.write(b.build(), root);
    }

    static Shape node(Opcode op, Shape lhs, Shape rhs) {
        return new Shape(op, lhs, rhs, Double.NaN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && (s == this || s.hash == hash && Trees.sameTree(this, s));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** A Lisp-like text of the expression, cut short past a few hundred characters. */
    @Override
    public String toString() {
        return Trees.describe(this);
    }
}
