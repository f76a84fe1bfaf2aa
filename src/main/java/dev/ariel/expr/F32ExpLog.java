package dev.ariel.expr;

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

    /** 2^(j/128), j = 0..127, correctly rounded. */
    static final double[] EXP2_TBL = {
        0x1.0000000000000p0, 0x1.0163da9fb3335p0, 0x1.02c9a3e778061p0,
        0x1.04315e86e7f85p0, 0x1.059b0d3158574p0, 0x1.0706b29ddf6dep0,
        0x1.0874518759bc8p0, 0x1.09e3ecac6f383p0, 0x1.0b5586cf9890fp0,
        0x1.0cc922b7247f7p0, 0x1.0e3ec32d3d1a2p0, 0x1.0fb66affed31bp0,
        0x1.11301d0125b51p0, 0x1.12abdc06c31ccp0, 0x1.1429aaea92de0p0,
        0x1.15a98c8a58e51p0, 0x1.172b83c7d517bp0, 0x1.18af9388c8deap0,
        0x1.1a35beb6fcb75p0, 0x1.1bbe084045cd4p0, 0x1.1d4873168b9aap0,
        0x1.1ed5022fcd91dp0, 0x1.2063b88628cd6p0, 0x1.21f49917ddc96p0,
        0x1.2387a6e756238p0, 0x1.251ce4fb2a63fp0, 0x1.26b4565e27cddp0,
        0x1.284dfe1f56381p0, 0x1.29e9df51fdee1p0, 0x1.2b87fd0dad990p0,
        0x1.2d285a6e4030bp0, 0x1.2ecafa93e2f56p0, 0x1.306fe0a31b715p0,
        0x1.32170fc4cd831p0, 0x1.33c08b26416ffp0, 0x1.356c55f929ff1p0,
        0x1.371a7373aa9cbp0, 0x1.38cae6d05d866p0, 0x1.3a7db34e59ff7p0,
        0x1.3c32dc313a8e5p0, 0x1.3dea64c123422p0, 0x1.3fa4504ac801cp0,
        0x1.4160a21f72e2ap0, 0x1.431f5d950a897p0, 0x1.44e086061892dp0,
        0x1.46a41ed1d0057p0, 0x1.486a2b5c13cd0p0, 0x1.4a32af0d7d3dep0,
        0x1.4bfdad5362a27p0, 0x1.4dcb299fddd0dp0, 0x1.4f9b2769d2ca7p0,
        0x1.516daa2cf6642p0, 0x1.5342b569d4f82p0, 0x1.551a4ca5d920fp0,
        0x1.56f4736b527dap0, 0x1.58d12d497c7fdp0, 0x1.5ab07dd485429p0,
        0x1.5c9268a5946b7p0, 0x1.5e76f15ad2148p0, 0x1.605e1b976dc09p0,
        0x1.6247eb03a5585p0, 0x1.6434634ccc320p0, 0x1.6623882552225p0,
        0x1.68155d44ca973p0, 0x1.6a09e667f3bcdp0, 0x1.6c012750bdabfp0,
        0x1.6dfb23c651a2fp0, 0x1.6ff7df9519484p0, 0x1.71f75e8ec5f74p0,
        0x1.73f9a48a58174p0, 0x1.75feb564267c9p0, 0x1.780694fde5d3fp0,
        0x1.7a11473eb0187p0, 0x1.7c1ed0130c132p0, 0x1.7e2f336cf4e62p0,
        0x1.80427543e1a12p0, 0x1.82589994cce13p0, 0x1.8471a4623c7adp0,
        0x1.868d99b4492edp0, 0x1.88ac7d98a6699p0, 0x1.8ace5422aa0dbp0,
        0x1.8cf3216b5448cp0, 0x1.8f1ae99157736p0, 0x1.9145b0b91ffc6p0,
        0x1.93737b0cdc5e5p0, 0x1.95a44cbc8520fp0, 0x1.97d829fde4e50p0,
        0x1.9a0f170ca07bap0, 0x1.9c49182a3f090p0, 0x1.9e86319e32323p0,
        0x1.a0c667b5de565p0, 0x1.a309bec4a2d33p0, 0x1.a5503b23e255dp0,
        0x1.a799e1330b358p0, 0x1.a9e6b5579fdbfp0, 0x1.ac36bbfd3f37ap0,
        0x1.ae89f995ad3adp0, 0x1.b0e07298db666p0, 0x1.b33a2b84f15fbp0,
        0x1.b59728de5593ap0, 0x1.b7f76f2fb5e47p0, 0x1.ba5b030a1064ap0,
        0x1.bcc1e904bc1d2p0, 0x1.bf2c25bd71e09p0, 0x1.c199bdd85529cp0,
        0x1.c40ab5fffd07ap0, 0x1.c67f12e57d14bp0, 0x1.c8f6d9406e7b5p0,
        0x1.cb720dcef9069p0, 0x1.cdf0b555dc3fap0, 0x1.d072d4a07897cp0,
        0x1.d2f87080d89f2p0, 0x1.d5818dcfba487p0, 0x1.d80e316c98398p0,
        0x1.da9e603db3285p0, 0x1.dd321f301b460p0, 0x1.dfc97337b9b5fp0,
        0x1.e264614f5a129p0, 0x1.e502ee78b3ff6p0, 0x1.e7a51fbc74c83p0,
        0x1.ea4afa2a490dap0, 0x1.ecf482d8e67f1p0, 0x1.efa1bee615a27p0,
        0x1.f252b376bba97p0, 0x1.f50765b6e4540p0, 0x1.f7bfdad9cbe14p0,
        0x1.fa7c1819e90d8p0, 0x1.fd3c22b8f71f1p0
    };
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

    /**
     * For z in the float interval with bits [0x3f330000 + i*2^16, 0x3f330000 + (i+1)*2^16): an approximation of
     * 1/z with at most 20 significant bits (exactly 1 for the two intervals next to 1), so z * LOG_INV[i] is
     * exact in double.
     */
    static final double[] LOG_INV = {
        0x1.6d1a600000000p0, 0x1.6b14a00000000p0, 0x1.6914800000000p0, 0x1.671a000000000p0,
        0x1.6525000000000p0, 0x1.6335600000000p0, 0x1.614b400000000p0, 0x1.5f66400000000p0,
        0x1.5d86800000000p0, 0x1.5babc00000000p0, 0x1.59d6200000000p0, 0x1.5805600000000p0,
        0x1.5639800000000p0, 0x1.5472600000000p0, 0x1.52b0000000000p0, 0x1.50f2200000000p0,
        0x1.4f39000000000p0, 0x1.4d84400000000p0, 0x1.4bd3e00000000p0, 0x1.4a28000000000p0,
        0x1.4880600000000p0, 0x1.46dce00000000p0, 0x1.453da00000000p0, 0x1.43a2800000000p0,
        0x1.420b600000000p0, 0x1.4078200000000p0, 0x1.3ee9000000000p0, 0x1.3d5da00000000p0,
        0x1.3bd6000000000p0, 0x1.3a52400000000p0, 0x1.38d2200000000p0, 0x1.3755c00000000p0,
        0x1.35dce00000000p0, 0x1.3467a00000000p0, 0x1.32f5c00000000p0, 0x1.3187800000000p0,
        0x1.301c800000000p0, 0x1.2eb4e00000000p0, 0x1.2d50a00000000p0, 0x1.2befa00000000p0,
        0x1.2a91c00000000p0, 0x1.2937200000000p0, 0x1.27dfa00000000p0, 0x1.268b400000000p0,
        0x1.2539e00000000p0, 0x1.23eb800000000p0, 0x1.22a0200000000p0, 0x1.2157a00000000p0,
        0x1.2012000000000p0, 0x1.1ecf400000000p0, 0x1.1d8f600000000p0, 0x1.1c52200000000p0,
        0x1.1b17c00000000p0, 0x1.19e0200000000p0, 0x1.18ab000000000p0, 0x1.1778a00000000p0,
        0x1.1648e00000000p0, 0x1.151ba00000000p0, 0x1.13f0e00000000p0, 0x1.12c8c00000000p0,
        0x1.11a3000000000p0, 0x1.107fc00000000p0, 0x1.0f5ee00000000p0, 0x1.0e40600000000p0,
        0x1.0d24400000000p0, 0x1.0c0a800000000p0, 0x1.0af3000000000p0, 0x1.09ddc00000000p0,
        0x1.08cac00000000p0, 0x1.07ba000000000p0, 0x1.06ab600000000p0, 0x1.059ee00000000p0,
        0x1.0494a00000000p0, 0x1.038c600000000p0, 0x1.0286400000000p0, 0x1.0182400000000p0,
        0x1.0000000000000p0, 0x1.0000000000000p0, 0x1.fa11c00000000p-1, 0x1.f631000000000p-1,
        0x1.f25f600000000p-1, 0x1.ee9c800000000p-1, 0x1.eae8000000000p-1, 0x1.e741a00000000p-1,
        0x1.e3a9200000000p-1, 0x1.e01e000000000p-1, 0x1.dca0200000000p-1, 0x1.d92f200000000p-1,
        0x1.d5cac00000000p-1, 0x1.d272c00000000p-1, 0x1.cf26e00000000p-1, 0x1.cbe6e00000000p-1,
        0x1.c8b2600000000p-1, 0x1.c589400000000p-1, 0x1.c26b600000000p-1, 0x1.bf58400000000p-1,
        0x1.bc4fe00000000p-1, 0x1.b951e00000000p-1, 0x1.b65e200000000p-1, 0x1.b374800000000p-1,
        0x1.b094c00000000p-1, 0x1.adbe800000000p-1, 0x1.aaf1e00000000p-1, 0x1.a82e600000000p-1,
        0x1.a574200000000p-1, 0x1.a2c2a00000000p-1, 0x1.a01a000000000p-1, 0x1.9d7a000000000p-1,
        0x1.9ae2400000000p-1, 0x1.9853000000000p-1, 0x1.95cbc00000000p-1, 0x1.934c600000000p-1,
        0x1.90d5000000000p-1, 0x1.8e65200000000p-1, 0x1.8bfce00000000p-1, 0x1.899c000000000p-1,
        0x1.8742800000000p-1, 0x1.84f0000000000p-1, 0x1.82a4a00000000p-1, 0x1.8060200000000p-1,
        0x1.7e22600000000p-1, 0x1.7beb400000000p-1, 0x1.79baa00000000p-1, 0x1.7790800000000p-1,
        0x1.756ca00000000p-1, 0x1.734f000000000p-1, 0x1.7137800000000p-1, 0x1.6f26000000000p-1
    };
    /** -ln(LOG_INV[i]), correctly rounded. */
    static final double[] LOG_L = {
        -0x1.6b85ae0ffa3a2p-2, -0x1.65d58414cd16ep-2, -0x1.602d2baf0885ap-2,
        -0x1.5a8cd1bbed581p-2, -0x1.54f447b7bdde1p-2, -0x1.4f635d7ba8f6dp-2,
        -0x1.49da9abbcbe36p-2, -0x1.4459148539e94p-2, -0x1.3edf513c1674cp-2,
        -0x1.396cbed9bb4ebp-2, -0x1.3401e3eaecb92p-2, -0x1.2e9e2b8e12286p-2,
        -0x1.2941bcb186a2ap-2, -0x1.23ec5e51eba1cp-2, -0x1.1e9e3678891f4p-2,
        -0x1.1956a8f9bb4b3p-2, -0x1.14169cf36707bp-2, -0x1.0edd128b77f48p-2,
        -0x1.09aa2c6e6b88dp-2, -0x1.047e70cde81b8p-2, -0x1.feb279be9ea93p-3,
        -0x1.f4749cb4df085p-3, -0x1.ea4455704aa70p-3, -0x1.e0211e6234071p-3,
        -0x1.d60a6e79017dap-3, -0x1.cbffb91db2116p-3, -0x1.c202d6b17e324p-3,
        -0x1.b8119f8b81c16p-3, -0x1.ae2c4ef670d94p-3, -0x1.a453f12e6a8f4p-3,
        -0x1.9a87225eb8cfep-3, -0x1.90c6ee9fcbb70p-3, -0x1.8711ebf50e37cp-3,
        -0x1.7d69264af562ap-3, -0x1.73cb2d74fab04p-3, -0x1.6a39e3abbc05fp-3,
        -0x1.60b2fe0b09332p-3, -0x1.5737881017a89p-3, -0x1.4dc7b817bc1c7p-3,
        -0x1.4462ea5c9aaacp-3, -0x1.3b0877757e328p-3, -0x1.31b96d53a496dp-3,
        -0x1.287523411a94cp-3, -0x1.1f3bcb5f25090p-3, -0x1.160cb8a4b1b38p-3,
        -0x1.0ce81adccba49p-3, -0x1.03ce22251c6ebp-3, -0x1.f57c38d8feceap-4,
        -0x1.e3706ee3047fbp-4, -0x1.d179428218db2p-4, -0x1.bf971069fa568p-4,
        -0x1.adc69be5a85e8p-4, -0x1.9c0bd4d4d1406p-4, -0x1.8a6548a9186d8p-4,
        -0x1.78cfaa63d66b3p-4, -0x1.674ef19365971p-4, -0x1.55e1a150dd0e3p-4,
        -0x1.4486353dbd191p-4, -0x1.333cfc8181dc7p-4, -0x1.220823c783cfcp-4,
        -0x1.10e4433cae711p-4, -0x1.ffa70d1ab83fdp-5, -0x1.dda8b7c67ee35p-5,
        -0x1.bbce1dc68da7fp-5, -0x1.9a17d7573c438p-5, -0x1.78867da35432ap-5,
        -0x1.5716d4c0386afp-5, -0x1.35c96baa11387p-5, -0x1.149ed24004529p-5,
        -0x1.e72f328127c51p-6, -0x1.a560d88c57abdp-6, -0x1.63d3a38684b44p-6,
        -0x1.22907dfea19d6p-6, -0x1.c311904c55f22p-7, -0x1.418acf964625fp-7,
        -0x1.811dc14581034p-8, 0.0, 0.0,
        0x1.7dc725f817e07p-7, 0x1.3ceba4346e1f5p-6, 0x1.b9fc8e7af9b2ap-6,
        0x1.1b0d90923d990p-5, 0x1.58a63afc8f4d5p-5, 0x1.95c8deec9017cp-5,
        0x1.d2762aadb1f03p-5, 0x1.075993598e4f1p-4, 0x1.253f4ff0a14cbp-4,
        0x1.42eddeea647a5p-4, 0x1.6065d09375a56p-4, 0x1.7da7c0d7b229fp-4,
        0x1.9ab45762038c1p-4, 0x1.b78c47bb0f46ep-4, 0x1.d4317066cb872p-4,
        0x1.f0a3820117dd8p-4, 0x1.067118aca65e6p-3, 0x1.14785346742c5p-3,
        0x1.2266c510a6288p-3, 0x1.303d7e0e4806fp-3, 0x1.3dfc6d8ecd770p-3,
        0x1.4ba38539a57c9p-3, 0x1.5933509982f0fp-3, 0x1.66acfa272b2f5p-3,
        0x1.740f50d4046e7p-3, 0x1.815c229435a43p-3, 0x1.8e92426888385p-3,
        0x1.9bb38c67e023ep-3, 0x1.a8bed7c882f59p-3, 0x1.b5b4d1e8fc9e4p-3,
        0x1.c296ce58c2d92p-3, 0x1.cf6308e09dc6cp-3, 0x1.dc1b7d0ac03a6p-3,
        0x1.e8c04daaa60c8p-3, 0x1.f5505964b91c7p-3, 0x1.00e6d81ad5329p-2,
        0x1.071b9abcd5c6ap-2, 0x1.0d46dd79ac3cbp-2, 0x1.136865293a9a2p-2,
        0x1.1980f2dd42b6fp-2, 0x1.1f8ffa248a2f3p-2, 0x1.2595ebcdf79c1p-2,
        0x1.2b92e66b8a3d4p-2, 0x1.31870a1544431p-2, 0x1.3772786bfdaf5p-2,
        0x1.3d54fd5c1f722p-2, 0x1.432f13e04f0b7p-2, 0x1.49008a04012d9p-2,
        0x1.4ec986260053cp-2, 0x1.548a303add283p-2
    };
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
