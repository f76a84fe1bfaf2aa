package dev.ariel.shape;

import static dev.ariel.shape.ShapeFields.assertBound;
import static dev.ariel.shape.ShapeFields.assertExact;
import static dev.ariel.shape.ShapeFields.assertMatches;
import static dev.ariel.shape.ShapeFields.assertSameField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.shape.ShapeFields.Field;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The set operations, blends and transforms against their definitions: each result evaluated at
 * seeded random points against its operands evaluated where the definition says, and checked
 * exact or a bound as its Javadoc claims.
 */
class ShapeOperationsTest {
    // Two overlapping, asymmetric operands, so that no operation can pass by symmetry.
    private static final Shape A = Shapes.circle(0.5).move(-0.2, 0.1);
    private static final Shape B = Shapes.rectangle(0.8, 0.4).rotate(0.3).move(0.3, -0.1);
    private static final Field FA = Field.of(A);
    private static final Field FB = Field.of(B);

    @Test
    void unionIntersectionAndDifferenceAreMinMaxAndMaxOfTheComplement() {
        assertMatches(A.union(B), (x, y, z) -> Math.min(FA.at(x, y, z), FB.at(x, y, z)), 50, 1.5, false);
        assertMatches(A.intersection(B), (x, y, z) -> Math.max(FA.at(x, y, z), FB.at(x, y, z)), 51, 1.5, false);
        assertMatches(A.difference(B), (x, y, z) -> Math.max(FA.at(x, y, z), -FB.at(x, y, z)), 52, 1.5, false);
        assertBound(A.union(B), 53, 1.5, false);
        assertBound(A.intersection(B), 54, 1.5, false);
        assertBound(A.difference(B), 55, 1.5, false);
    }

    @Test
    void manyAtOnceAreABalancedTreeOfTheSameOperation() {
        Shape c = Shapes.capsule(-0.4, 0.5, 0.4, 0.6, 0.05);
        Field fc = Field.of(c);
        assertMatches(Shapes.union(A, B, c), (x, y, z) -> Math.min(FA.at(x, y, z), Math.min(FB.at(x, y, z),
                fc.at(x, y, z))), 67, 1.5, false);
        assertMatches(Shapes.intersection(A, B, c), (x, y, z) -> Math.max(FA.at(x, y, z), Math.max(FB.at(x, y, z),
                fc.at(x, y, z))), 68, 1.5, false);
        assertEquals(A, Shapes.union(A));
        Shape[] dots = new Shape[1000];
        for (int i = 0; i < dots.length; i++) dots[i] = Shapes.circle(0.01).move(i * 1e-3, 0);
        // Ten levels of min above each moved circle's five (x − c, its square, the sum, the root, − r).
        assertEquals(10 + 5, Model.of(Shapes.union(dots[0], Arrays.copyOfRange(dots, 1, 1000))).info().depth());
    }

    @Test
    void smoothBlendsAreQuilezsPolynomialSmoothMinimum() {
        double r = 0.25;
        assertMatches(A.smoothUnion(B, r), (x, y, z) -> smin(FA.at(x, y, z), FB.at(x, y, z), r), 56, 1.5, false);
        assertMatches(A.smoothIntersection(B, r), (x, y, z) -> -smin(-FA.at(x, y, z), -FB.at(x, y, z), r),
                57, 1.5, false);
        assertMatches(A.smoothDifference(B, r), (x, y, z) -> -smin(-FA.at(x, y, z), FB.at(x, y, z), r), 58, 1.5, false);
        assertBound(A.smoothUnion(B, r), 59, 1.5, false);
        assertBound(A.smoothIntersection(B, r), 60, 1.5, false);
        assertBound(A.smoothDifference(B, r), 61, 1.5, false);
        assertEquals(A.union(B), A.smoothUnion(B, 0), "a radius of 0 is the plain union");
        assertThrows(IllegalArgumentException.class, () -> A.smoothUnion(B, -0.1));
    }

    @Test
    void aSmoothUnionFillsTheSeamAndEqualsTheUnionFarFromIt() {
        Field smooth = Field.of(A.smoothUnion(B, 0.25));
        SplittableRandom random = new SplittableRandom(62);
        int blended = 0;
        for (int i = 0; i < 2000; i++) {
            double x = random.nextDouble(-1.5, 1.5);
            double y = random.nextDouble(-1.5, 1.5);
            double a = FA.at(x, y, 0);
            double b = FB.at(x, y, 0);
            double s = smooth.at(x, y, 0);
            assertTrue(s <= Math.min(a, b) + 1e-12, "the blend only adds");
            if (Math.abs(a - b) >= 0.25) assertEquals(Math.min(a, b), s, 1e-12);
            if (s < Math.min(a, b) - 1e-3) blended++;
        }
        assertTrue(blended > 20, "some points are in the seam: " + blended);
    }

    @Test
    void offsetAndShell() {
        Shape c = Shapes.circle(0.5);
        assertMatches(c.offset(0.1), (x, y, z) -> Math.hypot(x, y) - 0.6, 63, 1.5, false);
        assertMatches(c.shell(0.1), (x, y, z) -> Math.abs(Math.hypot(x, y) - 0.5) - 0.05, 64, 1.5, false);
        assertExact(c.offset(0.1), 65, 1.5, false);
        assertBound(c.shell(0.1), 66, 1.5, false);
    }

    @Test
    void moveEvaluatesTheShapeAtThePointMovedBack() {
        Shape s = Shapes.box(0.5, 0.3, 0.2).rotate(1, 1, 0, 0.4);
        Field f = Field.of(s);
        assertMatches(s.move(0.2, -0.3, 0.1), (x, y, z) -> f.at(x - 0.2, y + 0.3, z - 0.1), 70, 1.5, true);
        assertMatches(s.move(0.2, -0.3), (x, y, z) -> f.at(x - 0.2, y + 0.3, z), 71, 1.5, true);
        assertExact(s.move(0.2, -0.3, 0.1), 72, 1.5, true);
    }

    @Test
    void rotateIn2dTurnsCounterClockwise() {
        Shape s = Shapes.capsule(0, 0, 0.6, 0.1, 0.1);
        Field f = Field.of(s);
        double t = 0.7;
        // The rotated shape at R(t)·p is the shape at p.
        assertMatches(s.rotate(t), (x, y, z) -> f.at(x * Math.cos(t) + y * Math.sin(t),
                -x * Math.sin(t) + y * Math.cos(t), z), 73, 1.5, false);
        assertExact(s.rotate(t), 74, 1.5, false);
        // A quarter turn lays a wide rectangle on its side, and the capsule's tip points up.
        assertSameField(Shapes.rectangle(0.8, 0.3).rotate(Math.PI / 2), Shapes.rectangle(0.3, 0.8), 75, 1.5, false);
        assertTrue(Field.of(s.rotate(Math.PI / 2)).at(-0.1, 0.6, 0) < 0);
        assertSameField(s.rotate(t), s.rotate(0, 0, 2, t), 76, 1.5, true);
    }

    @Test
    void rotateIn3dAboutAnAxis() {
        Shape s = Shapes.box(0.9, 0.5, 0.3).move(0.1, 0.2, 0);
        Field f = Field.of(s);
        double[] axis = {1, 2, 3};
        double t = 1.1;
        Shape rotated = s.rotate(axis[0], axis[1], axis[2], t);
        // Rotating the point forward by quaternion q·p·q* and evaluating the rotated shape there gives the shape at p.
        Field fr = Field.of(rotated);
        for (double[] p : ShapeFields.points(77, 1.2, true)) {
            double[] q = quaternionRotate(p, axis, t);
            assertEquals(f.at(p), fr.at(q), 1e-12, ShapeFields.point(p));
        }
        assertExact(rotated, 78, 1.5, true);
        // A turn about the axis keeps a point on the axis where it was.
        assertEquals(f.at(0.2, 0.4, 0.6), fr.at(0.2, 0.4, 0.6), 1e-12, "a point on the axis stays where it is");
        assertTrue(Math.abs(f.at(0.5, 0, 0) - fr.at(0.5, 0, 0)) > 0.01, "a point off the axis moves");
        assertThrows(IllegalArgumentException.class, () -> s.rotate(0, 0, 0, 1));
    }

    @Test
    void uniformScaleStaysExactAndNonUniformScaleIsABound() {
        Shape s = Shapes.capsule(-0.3, 0, 0.3, 0.2, 0.15);
        Field f = Field.of(s);
        assertMatches(s.scale(2.5), (x, y, z) -> 2.5 * f.at(x / 2.5, y / 2.5, z / 2.5), 80, 1.5, false);
        assertExact(s.scale(2.5), 81, 1.5, false);
        Shape stretched = Shapes.sphere(0.4).scale(2, 0.5, 1);
        Field g = Field.of(Shapes.sphere(0.4));
        assertMatches(stretched, (x, y, z) -> 0.5 * g.at(x / 2, y / 0.5, z), 82, 1.5, true);
        assertBound(stretched, 83, 1.5, true);
        assertTrue(Field.of(stretched).at(0.75, 0, 0) < 0 && Field.of(stretched).at(0, 0.25, 0) > 0,
                "an ellipsoid with semi-axes 0.8, 0.2, 0.4");
        // Only the axes a shape reads count: stretching a 2D shape along z changes nothing.
        Field disc = Field.of(Shapes.circle(0.3));
        assertMatches(Shapes.circle(0.3).scale(2, 3, 0.1), (x, y, z) -> 2 * disc.at(x / 2, y / 3, 0), 79, 1.5, true);
        assertExact(Shapes.circle(0.3).scale(2, 2, 5), 79, 1.5, true);
        assertThrows(IllegalArgumentException.class, () -> s.scale(0));
        assertThrows(IllegalArgumentException.class, () -> s.scale(1, -1, 1));
    }

    @Test
    void mirrorReflectsInThePlaneThroughTheOrigin() {
        Shape s = Shapes.sphere(0.3).move(0.4, 0.2, -0.1);
        Field f = Field.of(s);
        assertMatches(s.mirror(Axis.X), (x, y, z) -> f.at(-x, y, z), 84, 1.5, true);
        assertMatches(s.mirror(Axis.Y), (x, y, z) -> f.at(x, -y, z), 85, 1.5, true);
        assertMatches(s.mirror(Axis.Z), (x, y, z) -> f.at(x, y, -z), 86, 1.5, true);
        assertExact(s.mirror(Axis.Z), 86, 1.5, true);
        assertSameField(s.mirror(Axis.X).mirror(Axis.X), s, 87, 1.5, true);
    }

    @Test
    void repeatIsTheExactDistanceToEveryCopyOfASymmetricShapeInItsCell() {
        Shape dot = Shapes.circle(0.15);
        Shape row = dot.repeat(Axis.X, 0.5);
        // By brute force: the distance to the nearest of the copies at x = 0.5·k.
        assertMatches(row, (x, y, z) -> {
            double best = Double.POSITIVE_INFINITY;
            for (int k = -10; k <= 10; k++) best = Math.min(best, Math.hypot(x - 0.5 * k, y) - 0.15);
            return best;
        }, 88, 2, false);
        assertExact(row, 89, 2, false);
        Field f = Field.of(row.repeat(Axis.Y, 0.7));
        Field once = Field.of(dot);
        for (double[] p : ShapeFields.points(90, 0.2, false)) {
            assertEquals(once.at(p), f.at(p[0] + 1.5, p[1] - 2.1, 0), 1e-9, "three cells right, three down");
        }
    }

    @Test
    void extrudeMakesA2dShapeAPrismBetweenTwoHeights() {
        Shape s = Shapes.polygon(-0.5, -0.4, 0.6, -0.3, 0.0, 0.5).extrude(-0.2, 0.4);
        Field f = Field.of(Shapes.polygon(-0.5, -0.4, 0.6, -0.3, 0.0, 0.5));
        assertMatches(s, (x, y, z) -> {
            double d = f.at(x, y, 0);
            double h = Math.abs(z - 0.1) - 0.3;
            return Math.min(Math.max(d, h), 0) + Math.hypot(Math.max(d, 0), Math.max(h, 0));
        }, 91, 1.2, true);
        assertExact(s, 92, 1.2, true);
        assertThrows(IllegalArgumentException.class, () -> s.extrude(1, 1));
    }

    static double smin(double a, double b, double k) {
        double h = Math.clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0);
        return b * (1 - h) + a * h - k * h * (1 - h);
    }

    static double[] quaternionRotate(double[] p, double[] axis, double t) {
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double s = Math.sin(t / 2) / n;
        double w = Math.cos(t / 2);
        double qx = axis[0] * s, qy = axis[1] * s, qz = axis[2] * s;
        // v' = v + 2w(q × v) + 2 q × (q × v)
        double cx = qy * p[2] - qz * p[1], cy = qz * p[0] - qx * p[2], cz = qx * p[1] - qy * p[0];
        double ccx = qy * cz - qz * cy, ccy = qz * cx - qx * cz, ccz = qx * cy - qy * cx;
        return new double[] {p[0] + 2 * (w * cx + ccx), p[1] + 2 * (w * cy + ccy), p[2] + 2 * (w * cz + ccz)};
    }
}
