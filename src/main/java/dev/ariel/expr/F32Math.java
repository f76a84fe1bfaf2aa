package dev.ariel.expr;

import static dev.ariel.expr.F32MathTables.ATAN_A;
import static dev.ariel.expr.F32MathTables.ATAN_C;
import static dev.ariel.expr.F32MathTables.EXP2_TBL;
import static dev.ariel.expr.F32MathTables.LOG_INV;
import static dev.ariel.expr.F32MathTables.LOG_L;
import static dev.ariel.expr.F32MathTables.PH_TABLE;

/**
 * Ariel's single-precision transcendental functions: the reference semantics for every execution tier.
 *
 * <p>Every function is a pure function of the input bits, computed with operations whose results IEEE 754
 * defines exactly and that LLVM IR expresses identically (double {@code + - * /}, sqrt, conversions,
 * floor/rint/abs, comparisons, selects, bit casts, 32/64-bit integer arithmetic and lookups into the constant
 * tables of {@link F32MathTables}). There is no FMA, no call into {@code Math}/{@code StrictMath} transcendental functions and no
 * data-dependent loop. The vectorised LLVM backend mirrors each function operation by operation (same
 * constants, same tables, same evaluation order), so both tiers produce bit-identical results. Do not
 * "simplify" an expression here without changing the JIT's mirror at the same time: reassociating a
 * polynomial or fusing a multiply-add changes results. See {@code docs/f32math.md}.
 *
 * <p>All internal arithmetic is in double; the result is rounded to float exactly once at the end. Every NaN
 * result is the canonical {@link Float#NaN} (bits {@code 0x7fc00000}), chosen by an explicit select, so the
 * NaN payload never depends on how a tier propagates NaNs.
 *
 * <p>Accuracy against {@code (float) StrictMath.f((double) x)}: at most 1 ulp for all inputs, and correctly
 * rounded except for a tiny number of inputs (measured counts in {@code docs/f32math.md}).
 */
public final class F32Math {
    private F32Math() {}

    private static final long M32 = 0xFFFF_FFFFL;
    private static final float NAN = Float.NaN; // canonical 0x7fc00000

    private static final double PI = 0x1.921fb54442d18p1;      // pi rounded to double
    private static final double PIO2 = 0x1.921fb54442d18p0;    // pi/2 rounded to double
    private static final double PIO4 = 0x1.921fb54442d18p-1;   // pi/4 rounded to double

    // ---------------------------------------------------------------------------------------------
    // sin / cos / tan
    // ---------------------------------------------------------------------------------------------

    private static final int SIN = 0, COS = 1, TAN = 2;

    /** (pi/2) * 2^-62: converts the reduced fraction (in units of 2^-62 quadrants) to radians. */
    private static final double PIO2_2M62 = 0x1.921fb54442d18p-62;

    // Taylor coefficients 1/n! (correctly rounded; the divisions are exact constant expressions).
    private static final double S3 = -1.0 / 6.0, S5 = 1.0 / 120.0, S7 = -1.0 / 5040.0, S9 = 1.0 / 362880.0,
            S11 = -1.0 / 39916800.0, S13 = 1.0 / 6227020800.0, S15 = -1.0 / 1307674368000.0,
            S17 = 1.0 / 355687428096000.0;
    private static final double C2 = -1.0 / 2.0, C4 = 1.0 / 24.0, C6 = -1.0 / 720.0, C8 = 1.0 / 40320.0,
            C10 = -1.0 / 3628800.0, C12 = 1.0 / 479001600.0, C14 = -1.0 / 87178291200.0,
            C16 = 1.0 / 20922789888000.0;

    public static float sin(float x) {
        return trig(x, SIN);
    }

    public static float cos(float x) {
        return trig(x, COS);
    }

    public static float tan(float x) {
        return trig(x, TAN);
    }

    private static float trig(float x, int fn) {
        int ix = Float.floatToRawIntBits(x);
        int ia = ix & 0x7fff_ffff;
        boolean neg = ix < 0;

        // --- Payne-Hanek reduction of |x| (computed for every input, used when |x| >= pi/4) ---
        int e = ia >>> 23;                                  // biased exponent, 0..255
        long m = (ia & 0x7f_ffff) | 0x80_0000;              // 24-bit significand (wrong for subnormals: unused)
        int ti = (e < 126 ? 0 : e - 126) << 2;              // table row, clamped to [0, 129]
        long w3 = PH_TABLE[ti] & M32, w2 = PH_TABLE[ti + 1] & M32;
        long w1 = PH_TABLE[ti + 2] & M32, w0 = PH_TABLE[ti + 3] & M32;
        // 24 x 32 -> 56-bit partial products, propagated 32 bits at a time; all sums stay below 2^57.
        long p0 = m * w0;
        long p1 = m * w1 + (p0 >>> 32);
        long p2 = m * w2 + (p1 >>> 32);
        long p3 = m * w3 + (p2 >>> 32);
        long hi = (p3 << 32) | (p2 & M32);                  // bits 64..127 of m*W: 2 quadrant bits + 62 fraction bits
        long lo = (p1 << 32) | (p0 & M32);                  // bits 0..63
        long q = (hi + (1L << 61)) >>> 62;                  // nearest integer of |x|*2/pi, mod 4
        long f = hi - (q << 62);                            // signed fraction * 2^62, in [-2^61, 2^61)
        // (lo >>> 11) < 2^53 converts exactly; f converts with one rounding (round to nearest even).
        double d = (double) f + (double) (lo >>> 11) * 0x1p-53;
        double rph = d * PIO2_2M62;                         // |r| <= pi/4

        // --- small arguments: |x| < pi/4 is already reduced (exact) ---
        boolean small = ia < 0x3f49_0fdb;                   // 0x3f490fdb = float(pi/4) > pi/4
        double r = small ? Math.abs((double) x) : rph;
        int quad = small ? 0 : (int) q;

        double z = r * r;
        double s = r + r * (z * (S3 + z * (S5 + z * (S7 + z * (S9 + z * (S11 + z * (S13 + z * (S15 + z * S17))))))));
        double c = 1.0 + z * (C2 + z * (C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * C16)))))));

        boolean odd = (quad & 1) != 0;
        double v;
        if (fn == SIN) {
            // sin(|x|) = [s, c, -s, -c][quad]; sin(-x) = -sin(x)
            v = odd ? c : s;
            boolean flip = ((quad & 2) != 0) != neg;
            v = flip ? -v : v;
        } else if (fn == COS) {
            // cos(|x|) = [c, -s, -c, s][quad]; cos is even
            v = odd ? s : c;
            boolean flip = ((quad + 1) & 2) != 0;
            v = flip ? -v : v;
        } else {
            // tan(|x|) = s/c (even quad) or -c/s (odd quad); tan(-x) = -tan(x)
            double num = odd ? -c : s;
            double den = odd ? s : c;
            v = num / den;
            v = neg ? -v : v;
        }
        float res = (float) v;
        return ia >= 0x7f80_0000 ? NAN : res;               // sin/cos/tan(+-inf or NaN) = NaN
    }

    // ---------------------------------------------------------------------------------------------
    // exp
    // ---------------------------------------------------------------------------------------------

    private static final double INV_L = 0x1.71547652b82fep7;      // 128/ln2
    private static final double L_HI = 0x1.62e42fefa0000p-8;      // ln2/128, 37 significant bits
    private static final double L_LO = 0x1.cf79abc9e3b3ap-47;     // ln2/128 - L_HI
    private static final double E2 = 1.0 / 2.0, E3 = 1.0 / 6.0, E4 = 1.0 / 24.0, E5 = 1.0 / 120.0;

    public static float exp(float x) {
        double xd = x;
        // Clamp to [-110, 100] (exp(100) overflows float, exp(-110) underflows to +0); NaN -> 0 so that the
        // float->int conversion below only ever sees |k| <= 20313. The NaN result is selected at the end.
        double xc = xd > 100.0 ? 100.0 : xd;
        xc = xc < -110.0 ? -110.0 : xc;
        xc = x != x ? 0.0 : xc;
        double kd = Math.rint(xc * INV_L);                  // round half even; |kd| <= 20313 < 2^15
        int k = (int) kd;
        // kd*L_HI is exact (15 + 37 bits) and so is xc - kd*L_HI (Sterbenz); |r| <= ln2/256 + tiny
        double r = (xc - kd * L_HI) - kd * L_LO;
        double p = r + r * r * (E2 + r * (E3 + r * (E4 + r * E5)));   // exp(r) - 1
        double t = EXP2_TBL[k & 127];
        double scale = Double.longBitsToDouble((long) ((k >> 7) + 1023) << 52);  // 2^floor(k/128), normal
        double res = (t + t * p) * scale;                   // exact scaling: the double result is normal
        float f = (float) res;                              // the only rounding to float (overflow/subnormals)
        return x != x ? NAN : f;
    }

    // ---------------------------------------------------------------------------------------------
    // ln
    // ---------------------------------------------------------------------------------------------

    private static final double LN2_HI = 0x1.62e42fefa3a00p-1;    // ln2, 44 significant bits
    private static final double LN2_LO = -0x1.0ca86c3898d00p-49;  // ln2 - LN2_HI
    private static final double G2 = -1.0 / 2.0, G3 = 1.0 / 3.0, G4 = -1.0 / 4.0, G5 = 1.0 / 5.0,
            G6 = -1.0 / 6.0, G7 = 1.0 / 7.0, G8 = -1.0 / 8.0;

    public static float ln(float x) {
        int ix = Float.floatToRawIntBits(x);
        // Subnormals (and +-0, negatives: their result is selected below) are scaled by 2^23 exactly.
        boolean sub = ix < 0x0080_0000;
        float xn = sub ? x * 0x1p23f : x;
        int in = Float.floatToRawIntBits(xn);
        int tmp = in - 0x3f33_0000;
        int i = (tmp >>> 16) & 127;
        int k = (tmp >> 23) + (sub ? -23 : 0);              // x = 2^k * z exactly
        float z = Float.intBitsToFloat(in - (tmp & 0xff80_0000));   // z in [0.69921875, 1.3984375)
        double t = (double) z * LOG_INV[i] - 1.0;           // exact; |t| <= 2^-7
        double kd = k;
        double hi = kd * LN2_HI + LOG_L[i];                 // kd*LN2_HI exact (|k| <= 150)
        double p = t + t * t * (G2 + t * (G3 + t * (G4 + t * (G5 + t * (G6 + t * (G7 + t * G8)))))); // log1p(t)
        double res = hi + (p + kd * LN2_LO);
        float f = (float) res;
        f = ix == 0x7f80_0000 ? Float.POSITIVE_INFINITY : f;   // ln(+inf) = +inf
        f = ix < 0 || x != x ? NAN : f;                        // ln(x < 0) = ln(NaN) = NaN
        f = x == 0.0f ? Float.NEGATIVE_INFINITY : f;           // ln(+-0) = -inf
        return f;
    }

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

    public static float atan(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ay = Math.abs((double) x);
        ay = ay > 0x1p40 ? 0x1p40 : ay;                     // atan(y >= 2^40) rounds to float(pi/2); keeps inf out
        float f = (float) atanKernel(ay, 1.0);
        f = withSignOf(f, ix);
        return x != x ? NAN : f;
    }

    public static float atan2(float y, float x) {
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

    public static float asin(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ax = Math.abs((double) x);
        double w = Math.sqrt((1.0 - ax) * (1.0 + ax));     // cos(asin|x|); NaN for |x| > 1 (selected below)
        float f = withSignOf((float) atanKernel(ax, w), ix);
        return !(ax <= 1.0) ? NAN : f;                      // |x| > 1 or NaN
    }

    public static float acos(float x) {
        int ix = Float.floatToRawIntBits(x);
        double ax = Math.abs((double) x);
        double w = Math.sqrt((1.0 - ax) * (1.0 + ax));
        double a = atanKernel(w, ax);                       // acos|x|
        double r = ix < 0 ? PI - a : a;
        float f = (float) r;
        return !(ax <= 1.0) ? NAN : f;
    }

    // ---------------------------------------------------------------------------------------------
    // Constant tables, for code generators that mirror these functions (copies; the JIT must embed exactly these)
    // ---------------------------------------------------------------------------------------------

    /** Payne-Hanek table: 4 unsigned 32-bit limbs (most significant first) per biased exponent 126..255. */
    public static int[] reductionTable() {
        return PH_TABLE.clone();
    }

    /** 2^(j/128), j = 0..127, used by {@link #exp}. */
    public static double[] exp2Table() {
        return EXP2_TBL.clone();
    }

    /** Reciprocal approximations used by {@link #ln}, 128 entries. */
    public static double[] logInverseTable() {
        return LOG_INV.clone();
    }

    /** -ln of {@link #logInverseTable()}, 128 entries. */
    public static double[] logTable() {
        return LOG_L.clone();
    }

    /** Arctangent kernel breakpoints c_j, 257 entries. */
    public static double[] atanBreakpoints() {
        return ATAN_C.clone();
    }

    /** atan(c_j), 257 entries. */
    public static double[] atanTable() {
        return ATAN_A.clone();
    }
}
