package dev.ariel.shape;

/**
 * The polygon primitive: the distance to the nearest edge, signed by a crossing count.
 *
 * <p>The format has no branches, so the even-odd test is arithmetic: each edge that a ray from
 * the point towards +x crosses contributes 1 (a product of 0/1 indicators built from
 * {@code compare}), and the sign is {@code 1 − 2·mod(crossings, 2)}. All of it is exact in f32,
 * since the indicators and their sum are small integers.
 */
final class Polygons {
    private Polygons() {}

    static Shape polygon(double... xy) {
        if (xy.length < 6 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs at least 3 vertices, given as x, y pairs");
        }
        for (double v : xy) Transforms.finite(v, "a vertex coordinate");
        int n = xy.length / 2;
        Shape x = Shape.x();
        Shape y = Shape.y();
        Shape nearest = null; // the squared distance to the nearest edge
        Shape crossings = null;
        for (int i = 0, j = n - 1; i < n; j = i, i++) {
            double vx = xy[2 * i];
            double vy = xy[2 * i + 1];
            double ex = xy[2 * j] - vx;
            double ey = xy[2 * j + 1] - vy;
            if (ex == 0 && ey == 0) continue; // a repeated vertex: its neighbours' edges cover it
            Shape wx = x.sub(vx);
            Shape wy = y.sub(vy);
            Shape h = wx.mul(ex / (ex * ex + ey * ey)).add(wy.mul(ey / (ex * ex + ey * ey))).max(0).min(1);
            Shape d = wx.sub(h.mul(ex)).square().add(wy.sub(h.mul(ey)).square());
            nearest = nearest == null ? d : nearest.min(d);
            Shape crossing = crossing(x, y, vx, vy, ex, ey);
            if (crossing != null) crossings = crossings == null ? crossing : crossings.add(crossing);
        }
        if (nearest == null || crossings == null) {
            throw new IllegalArgumentException("a polygon needs vertices that span an area");
        }
        Shape sign = Shape.constant(1).sub(crossings.mod(2).mul(2));
        return nearest.sqrt().mul(sign);
    }

    /**
     * 1 where the edge from v to v + e crosses the ray from the point towards +x, else 0; null
     * for a horizontal edge, which never does. The edge's lower end counts and its upper end
     * does not, so a ray through a vertex is counted once.
     */
    private static Shape crossing(Shape x, Shape y, double vx, double vy, double ex, double ey) {
        if (ey == 0) return null;
        double lo = Math.min(vy, vy + ey);
        double hi = Math.max(vy, vy + ey);
        // lo ≤ y < hi as [y ≥ lo] − [y ≥ hi], exact because [y ≥ hi] implies [y ≥ lo].
        Shape within = atLeast(y, lo).sub(atLeast(y, hi));
        // Which side of the edge's line the point is on: the sign of e × (p − v), whose
        // orientation flips with the edge's direction, so the test is "left of an upward edge".
        Shape cross = y.sub(vy).mul(ex).sub(x.sub(vx).mul(ey));
        Shape side = ey > 0 ? above(cross) : Shape.constant(1).sub(above(cross));
        return within.mul(side);
    }

    // [t > 0]: compare gives −1, 0 or 1, and max with 0 keeps only the 1 (NaN gives 0).
    private static Shape above(Shape t) {
        return t.compare(Shape.constant(0)).max(0);
    }

    // [t ≥ c]: compare(t, c) + 1 is 0, 1 or 2, and min with 1 caps the 2.
    private static Shape atLeast(Shape t, double c) {
        return t.compare(Shape.constant(c)).add(1).min(1);
    }
}
