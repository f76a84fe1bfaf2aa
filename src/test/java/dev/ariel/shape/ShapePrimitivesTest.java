package dev.ariel.shape;

import static dev.ariel.shape.ShapeFields.assertBound;
import static dev.ariel.shape.ShapeFields.assertExact;
import static dev.ariel.shape.ShapeFields.assertMatches;
import static dev.ariel.shape.ShapeFields.sq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.shape.ShapeFields.Field;
import java.awt.geom.Path2D;
import org.junit.jupiter.api.Test;

/**
 * Each primitive of {@link Shapes} against its formula, written out here in plain double
 * arithmetic, at seeded random points; the exact ones checked as exact distances, the bounds as
 * bounds. The 2D ones are also checked off the z = 0 plane, where they must ignore z.
 */
class ShapePrimitivesTest {
    @Test
    void circle() {
        Shape s = Shapes.circle(0.6);
        assertMatches(s, (x, y, z) -> Math.hypot(x, y) - 0.6, 1, 1.5, false);
        assertMatches(s, (x, y, z) -> Math.hypot(x, y) - 0.6, 2, 1.5, true);
        assertExact(s, 3, 1.5, false);
    }

    @Test
    void rectangle() {
        Shape s = Shapes.rectangle(1.2, 0.5);
        assertMatches(s, (x, y, z) -> box2(x, y, 0.6, 0.25), 4, 1.5, false);
        assertMatches(s, (x, y, z) -> box2(x, y, 0.6, 0.25), 5, 1.5, true);
        assertExact(s, 6, 1.5, false);
    }

    @Test
    void roundedRectangle() {
        Shape s = Shapes.roundedRectangle(1.2, 0.5, 0.2);
        assertMatches(s, (x, y, z) -> box2(x, y, 0.4, 0.05) - 0.2, 7, 1.5, false);
        assertExact(s, 8, 1.5, false);
        // Its straight sides are the rectangle's; its corners are the quarter circles'.
        Field f = Field.of(s);
        assertEquals(0.0, f.at(0.6, 0, 0), 1e-12);
        assertEquals(Math.hypot(0.1, 0.1) - 0.2, f.at(0.5, 0.15, 0), 1e-12, "inside the corner's circle");
        assertEquals(0.3, f.at(0.4 + 0.3, 0.05 + 0.4, 0), 1e-12, "off a corner: 0.5 from its circle's centre");
    }

    @Test
    void capsuleIn2d() {
        Shape s = Shapes.capsule(-0.5, -0.2, 0.4, 0.3, 0.15);
        assertMatches(s, (x, y, z) -> segment(new double[] {x, y}, new double[] {-0.5, -0.2}, new double[] {0.4, 0.3})
                - 0.15, 9, 1.5, false);
        assertExact(s, 10, 1.5, false);
        assertEquals(-0.15, Field.of(s).at(-0.05, 0.05, 0), 1e-12, "on the segment, a radius deep");
    }

    @Test
    void capsuleIn3d() {
        Shape s = Shapes.capsule(-0.5, -0.2, 0.1, 0.4, 0.3, -0.3, 0.2);
        double[] a = {-0.5, -0.2, 0.1};
        double[] b = {0.4, 0.3, -0.3};
        assertMatches(s, (x, y, z) -> segment(new double[] {x, y, z}, a, b) - 0.2, 11, 1.5, true);
        assertExact(s, 12, 1.5, true);
    }

    @Test
    void polygonIsTheExactDistanceToItsEdgesSignedByEvenOdd() {
        // A concave arrow, a triangle wound the other way, and a self-intersecting bow tie.
        double[][] polygons = {
            {-0.8, -0.6, 0.7, -0.5, 0.1, 0.0, 0.6, 0.7, -0.5, 0.4},
            {0.5, -0.5, -0.5, -0.5, 0.0, 0.6},
            {-0.6, -0.5, 0.6, 0.5, 0.6, -0.5, -0.6, 0.5},
        };
        long seed = 20;
        for (double[] xy : polygons) {
            Shape s = Shapes.polygon(xy);
            assertMatches(s, (x, y, z) -> polygon(xy, x, y), seed++, 1.2, false);
            assertMatches(s, (x, y, z) -> polygon(xy, x, y), seed++, 1.2, true);
            assertExact(s, seed++, 1.2, false);
        }
        // A ray from the point along +x that passes exactly through a vertex still counts once.
        Field arrow = Field.of(Shapes.polygon(polygons[0]));
        assertTrue(arrow.at(-0.3, 0.0, 0) < 0, "level with the notch's vertex, inside");
        assertTrue(arrow.at(0.3, 0.0, 0) > 0, "in the notch, outside");
    }

    @Test
    void polygonRejectsTooFewVertices() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.polygon(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Shapes.polygon(0, 0, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Shapes.polygon(0, 0, 1, 0, 2, 0));
    }

    @Test
    void sphere() {
        Shape s = Shapes.sphere(0.7);
        assertMatches(s, (x, y, z) -> Math.sqrt(x * x + y * y + z * z) - 0.7, 30, 1.5, true);
        assertExact(s, 31, 1.5, true);
    }

    @Test
    void box() {
        Shape s = Shapes.box(1.0, 0.6, 1.4);
        assertMatches(s, (x, y, z) -> box3(x, y, z, 0.5, 0.3, 0.7), 32, 1.5, true);
        assertExact(s, 33, 1.5, true);
    }

    @Test
    void cylinder() {
        Shape s = Shapes.cylinder(0.4, 1.0);
        assertMatches(s, (x, y, z) -> {
            double dr = Math.hypot(x, y) - 0.4;
            double dz = Math.abs(z) - 0.5;
            return Math.min(Math.max(dr, dz), 0) + Math.hypot(Math.max(dr, 0), Math.max(dz, 0));
        }, 34, 1.5, true);
        assertExact(s, 35, 1.5, true);
    }

    @Test
    void torus() {
        Shape s = Shapes.torus(0.6, 0.2);
        assertMatches(s, (x, y, z) -> Math.hypot(Math.hypot(x, y) - 0.6, z) - 0.2, 36, 1.5, true);
        assertExact(s, 37, 1.5, true);
    }

    @Test
    void gyroidIsABoundOfItsSheet() {
        double k = 2 * Math.PI / 0.8;
        Shape s = Shapes.gyroid(0.8, 0.1);
        assertMatches(s, (x, y, z) -> Math.abs(Math.sin(k * x) * Math.cos(k * y) + Math.sin(k * y) * Math.cos(k * z)
                + Math.sin(k * z) * Math.cos(k * x)) / (Math.sqrt(3) * k) - 0.05, 38, 1.5, true);
        assertBound(s, 39, 1.5, true);
        // The √3·k divisor is reached: at the origin the gradient is (k, k, k), so steps along it
        // change the value by the full step length, and a smaller divisor would break the bound.
        Field f = Field.of(s);
        double step = 1e-4 / Math.sqrt(3);
        assertEquals(1e-4, f.at(step, step, step) - f.at(0, 0, 0), 1e-8);
    }

    @Test
    void halfSpace() {
        Shape s = Shapes.halfSpace(1, 2, -2, 0.6);
        assertMatches(s, (x, y, z) -> (x + 2 * y - 2 * z) / 3 - 0.2, 40, 1.5, true);
        assertExact(s, 41, 1.5, true);
    }

    @Test
    void primitivesRejectSizesThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.circle(0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.rectangle(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Shapes.box(1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Shapes.roundedRectangle(1, 0.4, 0.3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.halfSpace(0, 0, 0, 1));
    }

    static double box2(double x, double y, double hx, double hy) {
        double qx = Math.abs(x) - hx;
        double qy = Math.abs(y) - hy;
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
    }

    static double box3(double x, double y, double z, double hx, double hy, double hz) {
        double qx = Math.abs(x) - hx;
        double qy = Math.abs(y) - hy;
        double qz = Math.abs(z) - hz;
        double outside = Math.sqrt(sq(Math.max(qx, 0)) + sq(Math.max(qy, 0)) + sq(Math.max(qz, 0)));
        return outside + Math.min(Math.max(qx, Math.max(qy, qz)), 0);
    }

    static double segment(double[] p, double[] a, double[] b) {
        double dot = 0;
        double len2 = 0;
        for (int i = 0; i < p.length; i++) {
            dot += (p[i] - a[i]) * (b[i] - a[i]);
            len2 += sq(b[i] - a[i]);
        }
        double t = Math.clamp(dot / len2, 0.0, 1.0);
        double d2 = 0;
        for (int i = 0; i < p.length; i++) d2 += sq(p[i] - a[i] - t * (b[i] - a[i]));
        return Math.sqrt(d2);
    }

    // By brute force: the distance to the nearest edge, negative where java.awt's even-odd rule says inside.
    static double polygon(double[] xy, double x, double y) {
        int n = xy.length / 2;
        double best = Double.POSITIVE_INFINITY;
        Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        path.moveTo(xy[0], xy[1]);
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            if (i > 0) path.lineTo(xy[2 * i], xy[2 * i + 1]);
            best = Math.min(best, segment(new double[] {x, y}, new double[] {xy[2 * i], xy[2 * i + 1]},
                    new double[] {xy[2 * j], xy[2 * j + 1]}));
        }
        path.closePath();
        return path.contains(x, y) ? -best : best;
    }
}
