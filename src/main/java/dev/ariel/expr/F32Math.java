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
 * <p>The functions sit by family: sin, cos and tan here, exp and ln in {@code F32ExpLog}, the
 * arctangents in {@code F32Atan}; this class is their one public face, with the tables.
 *
 * <p>Accuracy against {@code (float) StrictMath.f((double) x)}: at most 1 ulp for all inputs, and correctly
 * rounded except for a tiny number of inputs (measured counts in {@code docs/f32math.md}).
 */
public final class F32Math {
    private F32Math() {}

    private static final long M32 = 0xFFFF_FFFFL;
    private static final float NAN = Float.NaN; // canonical 0x7fc00000

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
    // exp and ln (F32ExpLog), atan, atan2, asin and acos (F32Atan): split by function family
    // ---------------------------------------------------------------------------------------------

    public static float exp(float x) {
        return F32ExpLog.exp(x);
    }

    public static float ln(float x) {
        return F32ExpLog.ln(x);
    }

    public static float atan(float x) {
        return F32Atan.atan(x);
    }

    public static float atan2(float y, float x) {
        return F32Atan.atan2(y, x);
    }

    public static float asin(float x) {
        return F32Atan.asin(x);
    }

    public static float acos(float x) {
        return F32Atan.acos(x);
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
