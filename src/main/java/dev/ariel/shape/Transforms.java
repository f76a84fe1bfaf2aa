package dev.ariel.shape;

import dev.ariel.expr.Opcode;
import java.util.Set;

/**
 * The transforms behind {@link Shape}'s methods. A shape is a function of the point, so moving
 * the shape by a map means evaluating it at the inverse map of the point: each transform
 * substitutes that inverse for x, y and z ({@link Shape#remap}), and only scaling changes the
 * value, to keep it a distance.
 */
final class Transforms {
    private Transforms() {}

    static Shape move(Shape s, double dx, double dy, double dz) {
        finite(dx, "dx");
        finite(dy, "dy");
        finite(dz, "dz");
        return s.remap(shifted(Shape.x(), dx), shifted(Shape.y(), dy), shifted(Shape.z(), dz));
    }

    // A zero shift substitutes the coordinate itself, so a 2D move leaves z-reading nodes shared.
    private static Shape shifted(Shape t, double d) {
        return d == 0 ? t : t.sub(d);
    }

    static Shape scale(Shape s, double sx, double sy, double sz) {
        positive(sx, "sx");
        positive(sy, "sy");
        positive(sz, "sz");
        Shape moved = s.remap(divided(Shape.x(), sx), divided(Shape.y(), sy), divided(Shape.z(), sz));
        // Distances within the shape grow by at least the smallest factor, so the value scaled by it
        // stays no larger than the true distance; a uniform scale makes that exact. Only the axes
        // the shape reads count: a 2D shape is a prism along z, which stretching z leaves as it was.
        Set<Opcode> reads = Trees.variables(s);
        double least = Double.POSITIVE_INFINITY;
        if (reads.contains(Opcode.VAR_X)) least = Math.min(least, sx);
        if (reads.contains(Opcode.VAR_Y)) least = Math.min(least, sy);
        if (reads.contains(Opcode.VAR_Z)) least = Math.min(least, sz);
        if (least == Double.POSITIVE_INFINITY) return s; // a constant: nothing to stretch
        return least == 1 ? moved : moved.mul(least);
    }

    private static Shape divided(Shape t, double factor) {
        return factor == 1 ? t : t.div(factor);
    }

    static Shape rotate(Shape s, double ax, double ay, double az, double radians) {
        finite(ax, "the axis");
        finite(ay, "the axis");
        finite(az, "the axis");
        finite(radians, "the angle");
        double len = Math.sqrt(ax * ax + ay * ay + az * az);
        if (!(len > 0) || !Double.isFinite(len)) {
            throw new IllegalArgumentException("a rotation's axis must be a non-zero finite vector");
        }
        double[] k = {ax / len, ay / len, az / len};
        // The point is turned back by the angle (Rodrigues' formula with −radians), so the shape turns forward.
        double c = Math.cos(radians);
        double sn = -Math.sin(radians);
        double t = 1 - c;
        // Diagonal entries as k² + (1 − k²)·c, so an axis coordinate keeps a factor of exactly 1.
        double[][] m = {
            {k[0] * k[0] + (1 - k[0] * k[0]) * c, t * k[0] * k[1] - sn * k[2], t * k[0] * k[2] + sn * k[1]},
            {t * k[1] * k[0] + sn * k[2], k[1] * k[1] + (1 - k[1] * k[1]) * c, t * k[1] * k[2] - sn * k[0]},
            {t * k[2] * k[0] - sn * k[1], t * k[2] * k[1] + sn * k[0], k[2] * k[2] + (1 - k[2] * k[2]) * c},
        };
        return s.remap(linear(m[0]), linear(m[1]), linear(m[2]));
    }

    // a·x + b·y + c·z, leaving out zero terms so that a rotation about z does not read z.
    private static Shape linear(double[] row) {
        Shape[] coords = {Shape.x(), Shape.y(), Shape.z()};
        Shape sum = null;
        for (int i = 0; i < 3; i++) {
            if (row[i] == 0) continue;
            Shape term = row[i] == 1 ? coords[i] : row[i] == -1 ? coords[i].neg() : coords[i].mul(row[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum == null ? Shape.constant(0) : sum;
    }

    static Shape mirror(Shape s, Axis axis) {
        return s.remap(axis == Axis.X ? Shape.x().neg() : Shape.x(), axis == Axis.Y ? Shape.y().neg() : Shape.y(),
                axis == Axis.Z ? Shape.z().neg() : Shape.z());
    }

    static Shape repeat(Shape s, Axis axis, double period) {
        positive(period, "the period");
        Shape t = axis.coordinate();
        Shape local = t.sub(t.div(period).round().mul(period));
        return s.remap(axis == Axis.X ? local : Shape.x(), axis == Axis.Y ? local : Shape.y(),
                axis == Axis.Z ? local : Shape.z());
    }

    static void finite(double v, String what) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, not " + v);
    }

    static void positive(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, not " + v);
        }
    }
}
