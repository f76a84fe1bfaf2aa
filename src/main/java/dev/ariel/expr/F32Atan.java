package dev.ariel.expr;

import static dev.ariel.expr.F32MathTables.ATAN_A;
import static dev.ariel.expr.F32MathTables.ATAN_C;

/**
 * {@link F32Math#atan}, {@link F32Math#atan2}, {@link F32Math#asin} and {@link F32Math#acos}: one
 * table-driven arctangent kernel and the reflections around it, with the tables the JIT embeds.
 * Split from {@link F32Math} by function family; the rules there hold here.
 */
final class F32Atan {
    private F32Atan() {}

    private static final float NAN = Float.NaN; // canonical 0x7fc00000

    private static final double PI = 0x1.921fb54442d18p1;      // pi rounded to double
    private static final double PIO2 = 0x1.921fb54442d18p0;    // pi/2 rounded to double
    private static final double PIO4 = 0x1.921fb54442d18p-1;   // pi/4 rounded to double

    // ---------------------------------------------------------------------------------------------
    // atan, atan2, asin, acos
    // ---------------------------------------------------------------------------------------------

    private static final double T3 = -1.0 / 3.0, T5 = 1.0 / 5.0, T7 = -1.0 / 7.0, T9 = 1.0 / 9.0, T11 = -1.0 / 11.0;

    /**
     * atan(ny / dx) in [0, pi/2] for finite ny, dx >= 0, not both zero (dx = 0 is fine). The bin of z = ny/dx
     * is taken from its bits (no float->int conversion); with c = ATAN_C[j],
     * atan(z) = atan(c) + atan(t), t = (ny - c*dx) / (dx + c*ny), |t| <= 0.033.
     */
    private static double atanKernel(double ny, double dx) {
        double z = ny / dx;
        long jl = (Double.doubleToRawLongBits(z) >>> 49) - 8143;  // (biased exponent << 3 | 3 mantissa bits) - ((1018 << 3) - 1)
        int j = (int) (jl < 0 ? 0 : (jl > 256 ? 256 : jl));       // clamped: z < 2^-5 -> 0, z >= 2^27 (or inf/NaN) -> 256
        double c = ATAN_C[j];
        double t = (ny - c * dx) / (dx + c * ny);
        double t2 = t * t;
        double p = t + t * (t2 * (T3 + t2 * (T5 + t2 * (T7 + t2 * (T9 + t2 * T11)))));
        return ATAN_A[j] + p;
    }

    /** Copies the sign bit of {@code signSource} onto the non-negative (or +0) {@code v}. */
    private static float withSignOf(float v, int signSource) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(v) | (signSource & 0x8000_0000));
    }

    static float atan(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ay = Math.abs((double) x);
        ay = ay > 0x1p40 ? 0x1p40 : ay;                     // atan(y >= 2^40) rounds to float(pi/2); keeps inf out
        float f = (float) atanKernel(ay, 1.0);
        f = withSignOf(f, ix);
        return x != x ? NAN : f;
    }

    static float atan2(float y, float x) {
        int iy = Float.floatToRawIntBits(y), ix = Float.floatToRawIntBits(x);
        double ay = Math.abs((double) y), ax = Math.abs((double) x);
        boolean yinf = ay == Double.POSITIVE_INFINITY, xinf = ax == Double.POSITIVE_INFINITY;
        // Keep the kernel's inputs finite and not both zero; the special cases are selected below.
        double ny = yinf || ay == 0.0 ? 1.0 : ay;
        double dx = xinf ? 1.0 : ax;
        double a = atanKernel(ny, dx);                      // angle of (|x|, |y|) in [0, pi/2]
        a = ay == 0.0 ? 0.0 : a;                            // atan2(+-0, x) base angle 0
        a = xinf ? (yinf ? PIO4 : 0.0) : (yinf ? PIO2 : a);
        double r = ix < 0 ? PI - a : a;                     // x < 0 or x = -0: reflect
        float f = withSignOf((float) r, iy);
        return x != x || y != y ? NAN : f;
    }

    static float asin(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ax = Math.abs((double) x);
        double w = Math.sqrt((1.0 - ax) * (1.0 + ax));     // cos(asin|x|); NaN for |x| > 1 (selected below)
        float f = withSignOf((float) atanKernel(ax, w), ix);
        return !(ax <= 1.0) ? NAN : f;                      // |x| > 1 or NaN
    }

    static float acos(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ax = Math.abs((double) x);
        double w = Math.sqrt((1.0 - ax) * (1.0 + ax));
        double a = atanKernel(w, ax);                       // acos|x|
        double r = ix < 0 ? PI - a : a;
        float f = (float) r;
        return !(ax <= 1.0) ? NAN : f;
    }
}
