package dev.ariel.testing;

/** The inputs every evaluator must get right: NaN, ±0, ±∞, π, huge, tiny and subnormal values, ties. */
public final class EdgeValues {
    private EdgeValues() {}

    /** Edge values as floats. */
    public static final float[] FLOATS = {
        Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        (float) Math.PI, -(float) Math.PI, (float) (Math.PI / 2), 1e30f, -1e30f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL,
        1f, -1f, 0.5f, -0.5f, 2.5f, -2.5f, 0.49999997f, 3f, -7f, 1.0000001f, 0.1f, 100f, 88.8f, -104f,
        8388609f, 16777217f
    };

    /** A .vm number literal that reads back as exactly {@code v}, in f32 and in f64 alike. */
    public static String literal(float v) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v);
    }
}
