package dev.ariel.expr;

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

    /**
     * Breakpoints for the arctangent kernel: ATAN_C[0] = 0 (for z < 2^-5) and, for j = 1..256 with
     * e = (j-1)/8 - 5 and k = (j-1)%8, ATAN_C[j] = 2^e * (1 + (2k+1)/16), the centre of the bin
     * [2^e (1 + k/8), 2^e (1 + (k+1)/8)). Every entry has at most 5 significant bits.
     */
    static final double[] ATAN_C = buildAtanBreakpoints();
    /** atan(ATAN_C[j]), correctly rounded. */
    static final double[] ATAN_A = {
        0.0, 0x1.0fe66da9b94eep-5, 0x1.2fdc4e3737dddp-5,
        0x1.4fcfd072dff79p-5, 0x1.6fc0b4f27d5bbp-5, 0x1.8faebc6b17abap-5,
        0x1.af99a7b3dd42fp-5, 0x1.cf8137c90a177p-5, 0x1.ef652dceca4dcp-5,
        0x1.0f99ea71d52a7p-4, 0x1.2f719318a4a9ap-4, 0x1.4f3fd677292fbp-4,
        0x1.6f03bdcea4b0dp-4, 0x1.8ebc54478fb28p-4, 0x1.ae68a71c722b8p-4,
        0x1.ce07c5c3cca32p-4, 0x1.ed98c2190043bp-4, 0x1.0e6adccf40882p-3,
        0x1.2dcbdb2fba1ffp-3, 0x1.4d087a9da4f17p-3, 0x1.6c1d4898933d9p-3,
        0x1.8b06ee2879c29p-3, 0x1.a9c231b403279p-3, 0x1.c84bf8a742e6ep-3,
        0x1.e6a148e96ec4dp-3, 0x1.09dc597d86362p-2, 0x1.278372057ef46p-2,
        0x1.44aa436c2af0ap-2, 0x1.614840309cfe2p-2, 0x1.7d5604b63b3f7p-2,
        0x1.98cd5454d6b18p-2, 0x1.b3a911da65c6cp-2, 0x1.cde53432c1351p-2,
        0x1.f40dd0b541418p-2, 0x1.1255d9bfbd2a9p-1, 0x1.2958e59308e31p-1,
        0x1.3f13fb89e96f4p-1, 0x1.538f57b89061fp-1, 0x1.66d663923e087p-1,
        0x1.78f6bbd5d315ep-1, 0x1.89ff5ff57f1f8p-1, 0x1.a1a25f2c82506p-1,
        0x1.bde70ed439fe7p-1, 0x1.d6e57cf4f0acap-1, 0x1.ed0d97c9041c9p-1,
        0x1.006132e34d617p0, 0x1.092ce471853ccp0, 0x1.110eb007f39f7p0,
        0x1.1825f074030d9p0, 0x1.21862f3fade36p0, 0x1.2c1a241d66dc3p0,
        0x1.34f1fbb19eb09p0, 0x1.3c6e650b38047p0, 0x1.42d70411f9ec1p0,
        0x1.4861b4cfbe710p0, 0x1.4d378c1999a0dp0, 0x1.51784fa1544bap0,
        0x1.56f6f33a3e6a7p0, 0x1.5d013c41adabdp0, 0x1.61f06c6a92b89p0,
        0x1.660b02c736a06p0, 0x1.698213a9d5053p0, 0x1.6c78c7edeb195p0,
        0x1.6f08f07435fecp0, 0x1.7145eac2088a4p0, 0x1.7424de90454d4p0,
        0x1.77467e364f601p0, 0x1.79d0f3fad1c92p0, 0x1.7beb396c5699ap0,
        0x1.7daff85a63058p0, 0x1.7f320a0f9f587p0, 0x1.807f2112987c7p0,
        0x1.81a16e43f190bp0, 0x1.831516233f561p0, 0x1.84a99fe25186bp0,
        0x1.85f14d43d81bep0, 0x1.87001c35928d4p0, 0x1.87e3aa32878aep0,
        0x1.88a58ec949d14p0, 0x1.894cbdb6bedfcp0, 0x1.89de605acdbb3p0,
        0x1.8a98bbf307aa8p0, 0x1.8b63797517bb5p0, 0x1.8c079f3350d26p0,
        0x1.8c8f3c9e38564p0, 0x1.8d0129acd6d1cp0, 0x1.8d623796f0778p0,
        0x1.8db5e3944965ep0, 0x1.8dfec478573a0p0, 0x1.8e5c03490dfd7p0,
        0x1.8ec17129b24cap0, 0x1.8f138df079174p0, 0x1.8f5763678c847p0,
        0x1.8f905eb2def22p0, 0x1.8fc0e91cfe4c5p0, 0x1.8feac1ad488f3p0,
        0x1.900f341215ac8p0, 0x1.903dd59b80fadp0, 0x1.90708e70214dep0,
        0x1.90999e10a9f5cp0, 0x1.90bb89a482a30p0, 0x1.90d807e2bc3c6p0,
        0x1.90f04d867819dp0, 0x1.91053a20d746bp0, 0x1.911773919ac82p0,
        0x1.912ec49a76536p0, 0x1.9148214153180p0, 0x1.915ca9393d945p0,
        0x1.916d9f1e34a1fp0, 0x1.917bde5063faep0, 0x1.9188013017bebp0,
        0x1.919277878ec92p0, 0x1.919b9447bc499p0, 0x1.91a73cd4aeeafp0,
        0x1.91b3eb2faef75p0, 0x1.91be2f3099068p0, 0x1.91c6aa2675eafp0,
        0x1.91cdc9c1efecfp0, 0x1.91d3db33848bfp0, 0x1.91d9166089014p0,
        0x1.91dda4c1993a8p0, 0x1.91e379092327ap0, 0x1.91e9d0379563cp0,
        0x1.91eef238a905ep0, 0x1.91f32fb403a40p0, 0x1.91f6bf820cefep0,
        0x1.91f9c83b0e971p0, 0x1.91fc65d1b9efcp0, 0x1.91fead02613b9p0,
        0x1.920197264845bp0, 0x1.9204c2bd9faa9p0, 0x1.920753be3d4efp0,
        0x1.9209727bf8238p0, 0x1.920b3a630652cp0, 0x1.920cbebf8e115p0,
        0x1.920e0d8ae8e17p0, 0x1.920f3123406d4p0, 0x1.9210a6353834cp0,
        0x1.92123c00e7b00p0, 0x1.9213848138fcap0, 0x1.921493e018179p0,
        0x1.921577d3a0606p0, 0x1.92163a01e51d1p0, 0x1.9216e16793299p0,
        0x1.92177333bf6c3p0, 0x1.92182dbcbbd84p0, 0x1.9218f8a2940f0p0,
        0x1.92199ce2bd04ap0, 0x1.921a24922cc83p0, 0x1.921a968bf112cp0,
        0x1.921af7a3138ccp0, 0x1.921b4b55eaa79p0, 0x1.921b943c00d87p0,
        0x1.921bf1807f1f9p0, 0x1.921c56f36b4a1p0, 0x1.921ca9137fcecp0,
        0x1.921ceceb37b75p0, 0x1.921d25e819e16p0, 0x1.921d5673ab21dp0,
        0x1.921d804d16b1dp0, 0x1.921da4c021cc3p0, 0x1.921dd36260f1ep0,
        0x1.921e061bd7090p0, 0x1.921e2f2be14cap0, 0x1.921e5117bd41cp0,
        0x1.921e6d962e575p0, 0x1.921e85dbf6f80p0, 0x1.921e9ac8acc05p0,
        0x1.921ead02324dcp0, 0x1.921ec45351e0ep0, 0x1.921eddb00cecbp0,
        0x1.921ef238120eap0, 0x1.921f032e00095p0, 0x1.921f116d38943p0,
        0x1.921f1d901ce49p0, 0x1.921f280677c8cp0, 0x1.921f31233a8f8p0,
        0x1.921f3ccbca591p0, 0x1.921f497a27df0p0, 0x1.921f53be2a700p0,
        0x1.921f5c39216d6p0, 0x1.921f6358bdb2dp0, 0x1.921f696a2fdb0p0,
        0x1.921f6ea55d4d2p0, 0x1.921f7333beb08p0, 0x1.921f790806955p0,
        0x1.921f7f5f35584p0, 0x1.921f848136a0cp0, 0x1.921f88beb21f7p0,
        0x1.921f8c4e80423p0, 0x1.921f8f5739564p0, 0x1.921f91f4d00f5p0,
        0x1.921f943c00c10p0, 0x1.921f972624b36p0, 0x1.921f9a51bc14ep0,
        0x1.921f9ce2bcb92p0, 0x1.921f9f017a788p0, 0x1.921fa0c96189dp0,
        0x1.921fa24dbe13ep0, 0x1.921fa39c89707p0, 0x1.921fa4c021c94p0,
        0x1.921fa63533c27p0, 0x1.921fa7caff733p0, 0x1.921fa9137fc55p0,
        0x1.921faa22dea50p0, 0x1.921fab06d22dbp0, 0x1.921fabc90072bp0,
        0x1.921fac706620fp0, 0x1.921fad02324d6p0, 0x1.921fadbcbb4a0p0,
        0x1.921fae87a1226p0, 0x1.921faf2be14b7p0, 0x1.921fafb390bb4p0,
        0x1.921fb0258a7fap0, 0x1.921fb086a1a22p0, 0x1.921fb0da54794p0,
        0x1.921fb1233a8f7p0, 0x1.921fb1807f0dcp0, 0x1.921fb1e5f1f9fp0,
        0x1.921fb238120e8p0, 0x1.921fb27be9c66p0, 0x1.921fb2b4e6a89p0,
        0x1.921fb2e57239dp0, 0x1.921fb30f4ba56p0, 0x1.921fb333beb08p0,
        0x1.921fb36260efap0, 0x1.921fb3951a65cp0, 0x1.921fb3be2a700p0,
        0x1.921fb3e0164bfp0, 0x1.921fb3fc94bd1p0, 0x1.921fb414da85bp0,
        0x1.921fb429c73b7p0, 0x1.921fb43c00c10p0, 0x1.921fb45351e09p0,
        0x1.921fb46cae9bap0, 0x1.921fb48136a0cp0, 0x1.921fb4922c8ecp0,
        0x1.921fb4a06bc74p0, 0x1.921fb4ac8eab9p0, 0x1.921fb4b705068p0,
        0x1.921fb4c021c94p0, 0x1.921fb4cbca591p0, 0x1.921fb4d878b69p0,
        0x1.921fb4e2bcb92p0, 0x1.921fb4eb37b02p0, 0x1.921fb4f2574c6p0,
        0x1.921fb4f868be9p0, 0x1.921fb4fda3ec0p0, 0x1.921fb502324d6p0,
        0x1.921fb50806955p0, 0x1.921fb50e5dc41p0, 0x1.921fb5137fc55p0,
        0x1.921fb517bd40dp0, 0x1.921fb51b4d0efp0, 0x1.921fb51e55c81p0,
        0x1.921fb520f35ecp0, 0x1.921fb5233a8f7p0
    };

    private static double[] buildAtanBreakpoints() {
        double[] c = new double[257];
        for (int j = 1; j <= 256; j++) {
            int e = (j - 1) / 8 - 5, k = (j - 1) % 8;
            c[j] = (17 + 2 * k) * Math.scalb(1.0, e - 4);   // exact
        }
        return c;
    }

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
