package dev.ariel.shape;

import java.util.Objects;

/**
 * Primitive shapes, centred on the origin; move, rotate and combine them with {@link Shape}'s methods.
 *
 * <p>Each primitive says whether it is an exact distance field (its value is the signed distance
 * to its surface) or a bound (right sign, never more than that distance); see the package's
 * summary. The 2D primitives read only x and y, so in 3D they are prisms along z (see
 * {@link Shape#extrude}). The formulas are Inigo Quilez's, as libfive and fidget use them.
 */
public final class Shapes {
    private Shapes() {}

    // ---- 2D ----

    /** A disc of {@code radius}: {@code √(x² + y²) − r}. Exact. */
    public static Shape circle(double radius) {
        Transforms.positive(radius, "a radius");
        return length(Shape.x(), Shape.y()).sub(radius);
    }

    /** An axis-aligned rectangle {@code width} by {@code height}. Exact, inside and out. */
    public static Shape rectangle(double width, double height) {
        Transforms.positive(width, "a width");
        Transforms.positive(height, "a height");
        return boxDistance(Shape.x().abs().sub(width / 2), Shape.y().abs().sub(height / 2));
    }

    /**
     * A rectangle {@code width} by {@code height} whose corners are quarter circles of
     * {@code radius}, at most half the shorter side. Exact.
     */
    public static Shape roundedRectangle(double width, double height, double radius) {
        Transforms.positive(width, "a width");
        Transforms.positive(height, "a height");
        if (!(radius >= 0) || radius > Math.min(width, height) / 2) {
            throw new IllegalArgumentException("a corner radius must be 0 to half the shorter side, not " + radius);
        }
        // The rectangle shrunk by the radius, then grown back: growing an exact field rounds its corners.
        Shape inner = boxDistance(Shape.x().abs().sub(width / 2 - radius), Shape.y().abs().sub(height / 2 - radius));
        return radius == 0 ? inner : inner.sub(radius);
    }

    /** The points within {@code radius} of the segment from (ax, ay) to (bx, by): a stadium. Exact. */
    public static Shape capsule(double ax, double ay, double bx, double by, double radius) {
        Transforms.positive(radius, "a radius");
        return segmentDistance(new Shape[] {Shape.x(), Shape.y()}, new double[] {ax, ay}, new double[] {bx, by})
                .sub(radius);
    }

    /**
     * The polygon with the given vertices, {@code x0, y0, x1, y1, ...}, in either winding. Exact:
     * the distance to the nearest edge, negative inside. A self-intersecting polygon is filled by
     * the even-odd rule, as a crossing count decides inside from outside.
     */
    public static Shape polygon(double... xy) {
        return Polygons.polygon(xy);
    }

    // ---- 3D ----

    /** A ball of {@code radius}: {@code √(x² + y² + z²) − r}. Exact. */
    public static Shape sphere(double radius) {
        Transforms.positive(radius, "a radius");
        return length(Shape.x(), Shape.y(), Shape.z()).sub(radius);
    }

    /** An axis-aligned box {@code width} (x) by {@code height} (y) by {@code depth} (z). Exact. */
    public static Shape box(double width, double height, double depth) {
        Transforms.positive(width, "a width");
        Transforms.positive(height, "a height");
        Transforms.positive(depth, "a depth");
        return boxDistance(Shape.x().abs().sub(width / 2), Shape.y().abs().sub(height / 2),
                Shape.z().abs().sub(depth / 2));
    }

    /** The points within {@code radius} of the segment from a to b: a capsule. Exact. */
    public static Shape capsule(double ax, double ay, double az, double bx, double by, double bz, double radius) {
        Transforms.positive(radius, "a radius");
        return segmentDistance(new Shape[] {Shape.x(), Shape.y(), Shape.z()}, new double[] {ax, ay, az},
                new double[] {bx, by, bz}).sub(radius);
    }

    /** A cylinder of {@code radius} along z, {@code height} long, capped flat. Exact. */
    public static Shape cylinder(double radius, double height) {
        Transforms.positive(height, "a height");
        return circle(radius).extrude(-height / 2, height / 2);
    }

    /**
     * A torus about the z axis: a tube of {@code minorRadius} around the circle of
     * {@code majorRadius} in the xy plane. Exact.
     */
    public static Shape torus(double majorRadius, double minorRadius) {
        Transforms.positive(majorRadius, "a major radius");
        Transforms.positive(minorRadius, "a minor radius");
        return length(length(Shape.x(), Shape.y()).sub(majorRadius), Shape.z()).sub(minorRadius);
    }

    /**
     * A gyroid sheet: the triply periodic surface {@code g = sin kx·cos ky + sin ky·cos kz +
     * sin kz·cos kx = 0}, {@code k = 2π/period}, thickened by {@code thickness}, as
     * {@code |g|/(√3·k) − thickness/2}. The gradient of {@code g} reaches √3·k in magnitude (where
     * the sines vanish) and, as sampling finds, no more, which makes this a bound, and the sheet
     * at least {@code thickness} thick, thicker where the gradient is smaller; that √3 is the
     * maximum is checked numerically here, not proven (√6·k is the simple proven bound).
     */
    public static Shape gyroid(double period, double thickness) {
        Transforms.positive(period, "a period");
        Transforms.positive(thickness, "a thickness");
        double k = 2 * Math.PI / period;
        Shape kx = Shape.x().mul(k);
        Shape ky = Shape.y().mul(k);
        Shape kz = Shape.z().mul(k);
        Shape g = kx.sin().mul(ky.cos()).add(ky.sin().mul(kz.cos())).add(kz.sin().mul(kx.cos()));
        return g.abs().mul(1 / (Math.sqrt(3) * k)).sub(thickness / 2);
    }

    /**
     * The half-space {@code nx·x + ny·y + nz·z < offset}: filled on the side the normal points
     * away from. Exact; the normal need not be unit length.
     */
    public static Shape halfSpace(double nx, double ny, double nz, double offset) {
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!(len > 0) || !Double.isFinite(len) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("a half-space needs a non-zero finite normal and a finite offset");
        }
        Shape[] coords = {Shape.x(), Shape.y(), Shape.z()};
        double[] n = {nx / len, ny / len, nz / len};
        Shape sum = Shape.constant(-offset / len);
        for (int i = 0; i < 3; i++) {
            if (n[i] != 0) sum = sum.add(coords[i].mul(n[i]));
        }
        return sum;
    }

    // ---- Many at once ----

    /**
     * The union of all the shapes given, as {@link Shape#union} says, built as a balanced tree
     * of {@code min}s, so that its depth grows with the logarithm of their number.
     */
    public static Shape union(Shape first, Shape... rest) {
        return balanced(first, rest, true);
    }

    /** The intersection of all the shapes given, as {@link Shape#intersection} says, as a balanced tree. */
    public static Shape intersection(Shape first, Shape... rest) {
        return balanced(first, rest, false);
    }

    private static Shape balanced(Shape first, Shape[] rest, boolean union) {
        Shape[] level = new Shape[rest.length + 1];
        level[0] = Objects.requireNonNull(first);
        for (int i = 0; i < rest.length; i++) level[i + 1] = Objects.requireNonNull(rest[i]);
        for (int n = level.length; n > 1; n = (n + 1) / 2) {
            for (int i = 0; i < n / 2; i++) {
                Shape a = level[2 * i];
                Shape b = level[2 * i + 1];
                level[i] = union ? a.union(b) : a.intersection(b);
            }
            if (n % 2 == 1) level[n / 2] = level[n - 1];
        }
        return level[0];
    }

    // ---- Shared formulas ----

    /** The Euclidean length of a vector of expressions. */
    static Shape length(Shape... v) {
        Shape sum = v[0].square();
        for (int i = 1; i < v.length; i++) sum = sum.add(v[i].square());
        return sum.sqrt();
    }

    /**
     * The distance field of a box from {@code q = |p| − half-size} per axis: the length of q's
     * positive part outside, its largest component inside.
     */
    static Shape boxDistance(Shape... q) {
        Shape[] outside = new Shape[q.length];
        Shape largest = q[0];
        for (int i = 0; i < q.length; i++) {
            outside[i] = q[i].max(0);
            if (i > 0) largest = largest.max(q[i]);
        }
        return length(outside).add(largest.min(0));
    }

    /** The distance from the point {@code p} to the segment from a to b, in as many dimensions as p has. */
    static Shape segmentDistance(Shape[] p, double[] a, double[] b) {
        double[] ba = new double[a.length];
        double baba = 0;
        for (int i = 0; i < a.length; i++) {
            Transforms.finite(a[i], "an end point");
            Transforms.finite(b[i], "an end point");
            ba[i] = b[i] - a[i];
            baba += ba[i] * ba[i];
        }
        Shape[] pa = new Shape[a.length];
        for (int i = 0; i < a.length; i++) pa[i] = a[i] == 0 ? p[i] : p[i].sub(a[i]);
        if (baba == 0) return length(pa);
        // How far along the segment the nearest point is, clamped to its ends: h in [0, 1].
        Shape along = null;
        for (int i = 0; i < a.length; i++) {
            if (ba[i] == 0) continue;
            Shape term = pa[i].mul(ba[i] / baba);
            along = along == null ? term : along.add(term);
        }
        Shape h = along.max(0).min(1);
        Shape[] off = new Shape[a.length];
        for (int i = 0; i < a.length; i++) off[i] = ba[i] == 0 ? pa[i] : pa[i].sub(h.mul(ba[i]));
        return length(off);
    }
}
