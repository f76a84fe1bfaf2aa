package dev.ariel.shape;

/** The operations of {@link Shape} that take more than one line of arithmetic. */
final class Blends {
    private Blends() {}

    // Inigo Quilez's quadratic polynomial smooth minimum: min(a, b) − h²/(4r), h = max(r − |a − b|, 0).
    static Shape smoothMin(Shape a, Shape b, double radius) {
        if (radius == 0) return a.min(b);
        Transforms.positive(radius, "a blend's radius");
        Shape h = Shape.constant(radius).sub(a.sub(b).abs()).max(0);
        return a.min(b).sub(h.square().mul(0.25 / radius));
    }

    // The 2D value and the distance outside the slab make a 2D box distance: exact of exact.
    static Shape extrude(Shape s, double zMin, double zMax) {
        Transforms.finite(zMin, "zMin");
        Transforms.finite(zMax, "zMax");
        if (!(zMin < zMax)) throw new IllegalArgumentException("zMin must be below zMax");
        double mid = (zMin + zMax) / 2;
        Shape slab = Shape.z().sub(mid).abs().sub((zMax - zMin) / 2);
        return Shapes.boxDistance(s, slab);
    }
}
