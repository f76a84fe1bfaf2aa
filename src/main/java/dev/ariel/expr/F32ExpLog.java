package dev.ariel.expr;

import static dev.ariel.expr.F32MathTables.EXP2_TBL;
import static dev.ariel.expr.F32MathTables.LOG_INV;
import static dev.ariel.expr.F32MathTables.LOG_L;

/**
 * {@link F32Math#exp} and {@link F32Math#ln}: the table-driven exponential and logarithm, with
 * the constant tables the JIT embeds. Split from {@link F32Math} by function family; the rules
 * there (one rounding to float, canonical NaN, no FMA, the JIT mirrors every operation) hold here.
 */
final class F32ExpLog {
    private F32ExpLog() {}

    private static final float NAN = Float.NaN; // canonical 0x7fc00000

    // ---------------------------------------------------------------------------------------------
    // exp
    // ---------------------------------------------------------------------------------------------

    private static final double INV_L = 0x1.71547652b82fep7;      // 128/ln2
    private static final double L_HI = 0x1.62e42fefa0000p-8;      // ln2/128, 37 significant bits
    private static final double L_LO = 0x1.cf79abc9e3b3ap-47;     // ln2/128 - L_HI
    private static final double E2 = 1.0 / 2.0, E3 = 1.0 / 6.0, E4 = 1.0 / 24.0, E5 = 1.0 / 120.0;

    static float exp(float x) {
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

    static float ln(float x) {
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
}
