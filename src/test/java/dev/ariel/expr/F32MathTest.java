package dev.ariel.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link F32Math} against {@code (float) StrictMath.f((double) x)}: special values exactly, everything
 * else within {@link #MAX_ULPS}. The exhaustive measurements behind docs/f32math.md are too slow for a unit
 * test; this runs edge values plus a seeded random sweep.
 */
class F32MathTest {

    /** Documented accuracy bound of every F32Math function (docs/f32math.md). */
    static final long MAX_ULPS = 1;

    static final int SWEEP = 200_000;

    interface F1 {
        float apply(float x);
    }

    interface F2 {
        float apply(float y, float x);
    }

    /** Distance in ulps; NaN equals NaN (distance 0), NaN vs number is infinite; +0 and -0 are 0 apart. */
    static long ulps(float a, float b) {
        boolean na = Float.isNaN(a), nb = Float.isNaN(b);
        if (na || nb) {
            return na && nb ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ordinal(a) - ordinal(b));
    }

    /** Maps float bits onto a line where adjacent floats differ by 1, across the sign change too. */
    static long ordinal(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fff_ffff) : bits;
    }

    static float ref(DoubleUnaryOperator f, float x) {
        return (float) f.applyAsDouble(x);
    }

    /** Special results (NaN, infinities, zeros) must match exactly, including the sign of zero. */
    static boolean isSpecial(float r) {
        return Float.isNaN(r) || Float.isInfinite(r) || r == 0.0f;
    }

    static void check(String name, float x, float got, float want) {
        if (isSpecial(want) || isSpecial(got)) {
            boolean same = Float.isNaN(want)
                    ? Float.isNaN(got)
                    : Float.floatToRawIntBits(got) == Float.floatToRawIntBits(want);
            if (!same) {
                fail(String.format("%s(%s [0x%08x]) = %s, StrictMath gives %s", name, x,
                        Float.floatToRawIntBits(x), got, want));
            }
            if (Float.isNaN(got)) {
                assertEquals(0x7fc0_0000, Float.floatToRawIntBits(got), name + ": NaN must be canonical");
            }
            return;
        }
        long u = ulps(got, want);
        if (u > MAX_ULPS) {
            fail(String.format("%s(%s [0x%08x]) = %s, StrictMath gives %s: %d ulps", name, x,
                    Float.floatToRawIntBits(x), got, want, u));
        }
    }

    static float[] edgeValues() {
        float pi = (float) Math.PI;
        float pio2 = (float) (Math.PI / 2);
        float[] base = {
            Float.NaN, Float.intBitsToFloat(0x7f80_0001), Float.intBitsToFloat(0xffc1_2345),
            0.0f, Float.POSITIVE_INFINITY, Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL,
            Math.nextDown(Float.MIN_NORMAL), Float.intBitsToFloat(0x0000_1234), Float.intBitsToFloat(0x0040_0000),
            pi, Math.nextUp(pi), Math.nextDown(pi), pio2, Math.nextUp(pio2), Math.nextDown(pio2),
            (float) (Math.PI / 4), 2 * pi, 3 * pio2, 1e30f, 1e20f, 1e10f, 3.4e38f, 1e-30f, 1e-10f, 1e-5f,
            1.0f, Math.nextUp(1.0f), Math.nextDown(1.0f), 0.5f, 2.0f, 10.0f, 100.0f, 1e4f, 1e5f, 1e6f,
            16_777_216f, 16_777_217f, 1.5707963e8f, 102_940.0f,
            // exp thresholds: overflow near 88.72284, smallest normal result near -87.33655, underflow to 0
            // near -103.97208, plus values around them
            88.0f, 88.72283f, 88.72284f, 88.7229f, 89.0f, -87.33654f, -87.33655f, -87.3366f, -100.0f,
            -103.27893f, -103.972076f, -103.97208f, -103.9721f, -104.0f, -150.0f, 1e-8f, 6e-8f,
            // asin/acos just outside and inside the domain
            Math.nextUp(1.0f), 1.0000001f, 0.99999994f, 0.9999999f, 1.5f,
            // atan: large arguments where the result is float(pi/2)
            6.3e7f, 1e8f, 33_554_432f, 67_108_864f,
            // ln near 1 and near the table seams
            0.69921875f, 0.6992187f, 1.3984375f, 1.3984374f, 0.99609375f, 1.0078125f,
        };
        List<Float> out = new ArrayList<>();
        for (float v : base) {
            out.add(v);
            out.add(-v);
        }
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    /** Edge values, then SWEEP seeded random inputs drawn from several distributions. */
    static void sweep(String name, F1 mine, DoubleUnaryOperator strict, boolean domainUnit, long seed) {
        for (float x : edgeValues()) {
            check(name, x, mine.apply(x), ref(strict, x));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long maxUlps = 0;
        for (int i = 0; i < SWEEP; i++) {
            float x = switch (i & 3) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt());                 // uniform over bit patterns
                case 1 -> (float) rnd.nextDouble(-10.0, 10.0);
                case 2 -> (float) rnd.nextDouble(-1e4, 1e4);
                default -> domainUnit
                        ? (float) rnd.nextDouble(-1.0, 1.0)
                        : Float.intBitsToFloat(rnd.nextInt() & 0x3fff_ffff | (rnd.nextBoolean() ? 0x8000_0000 : 0));
            };
            float got = mine.apply(x);
            float want = ref(strict, x);
            check(name, x, got, want);
            maxUlps = Math.max(maxUlps, ulps(got, want));
        }
        assertTrue(maxUlps <= MAX_ULPS, name + " max ulps " + maxUlps);
    }

    @Test
    void sin() {
        sweep("sin", F32Math::sin, StrictMath::sin, false, 11);
    }

    @Test
    void cos() {
        sweep("cos", F32Math::cos, StrictMath::cos, false, 12);
    }

    @Test
    void tan() {
        sweep("tan", F32Math::tan, StrictMath::tan, false, 13);
    }

    @Test
    void asin() {
        sweep("asin", F32Math::asin, StrictMath::asin, true, 14);
    }

    @Test
    void acos() {
        sweep("acos", F32Math::acos, StrictMath::acos, true, 15);
    }

    @Test
    void atan() {
        sweep("atan", F32Math::atan, StrictMath::atan, false, 16);
    }

    @Test
    void exp() {
        sweep("exp", F32Math::exp, StrictMath::exp, false, 17);
        SplittableRandom rnd = new SplittableRandom(170);
        for (int i = 0; i < SWEEP / 4; i++) {   // the whole non-trivial range, densely
            float x = (float) rnd.nextDouble(-105.0, 90.0);
            check("exp", x, F32Math.exp(x), ref(StrictMath::exp, x));
        }
    }

    @Test
    void ln() {
        sweep("ln", F32Math::ln, StrictMath::log, false, 18);
        SplittableRandom rnd = new SplittableRandom(180);
        for (int i = 0; i < SWEEP / 4; i++) {   // near 1, where the result is small
            float x = (float) rnd.nextDouble(0.9, 1.1);
            check("ln", x, F32Math.ln(x), ref(StrictMath::log, x));
        }
    }

    @Test
    void specialValuesExactly() {
        assertBits(-0.0f, F32Math.sin(-0.0f));
        assertBits(0.0f, F32Math.sin(0.0f));
        assertBits(-0.0f, F32Math.tan(-0.0f));
        assertBits(1.0f, F32Math.cos(-0.0f));
        assertBits(-0.0f, F32Math.atan(-0.0f));
        assertBits(-0.0f, F32Math.asin(-0.0f));
        assertBits((float) (Math.PI / 2), F32Math.acos(-0.0f));
        assertBits(0.0f, F32Math.acos(1.0f));
        assertBits((float) Math.PI, F32Math.acos(-1.0f));
        assertBits((float) (Math.PI / 2), F32Math.atan(Float.POSITIVE_INFINITY));
        assertBits(-(float) (Math.PI / 2), F32Math.atan(Float.NEGATIVE_INFINITY));
        assertBits(1.0f, F32Math.exp(0.0f));
        assertBits(1.0f, F32Math.exp(-0.0f));
        assertBits(Float.POSITIVE_INFINITY, F32Math.exp(Float.POSITIVE_INFINITY));
        assertBits(0.0f, F32Math.exp(Float.NEGATIVE_INFINITY));
        assertBits(Float.POSITIVE_INFINITY, F32Math.exp(89.0f));
        assertBits(0.0f, F32Math.exp(-104.0f));
        assertBits(Float.MIN_VALUE, F32Math.exp(-103.28f));
        assertBits(Float.NEGATIVE_INFINITY, F32Math.ln(0.0f));
        assertBits(Float.NEGATIVE_INFINITY, F32Math.ln(-0.0f));
        assertBits(Float.POSITIVE_INFINITY, F32Math.ln(Float.POSITIVE_INFINITY));
        assertBits(0.0f, F32Math.ln(1.0f));
        assertBits(Float.NaN, F32Math.ln(-1.0f));
        assertBits(Float.NaN, F32Math.ln(Float.NEGATIVE_INFINITY));
        assertBits(Float.NaN, F32Math.ln(-Float.MIN_VALUE));
        assertBits(Float.NaN, F32Math.sin(Float.POSITIVE_INFINITY));
        assertBits(Float.NaN, F32Math.cos(Float.NEGATIVE_INFINITY));
        assertBits(Float.NaN, F32Math.tan(Float.POSITIVE_INFINITY));
        assertBits(Float.NaN, F32Math.asin(Math.nextUp(1.0f)));
        assertBits(Float.NaN, F32Math.acos(Math.nextDown(-1.0f)));
        assertBits(Float.NaN, F32Math.exp(Float.intBitsToFloat(0xffc0_0001)));
        // subnormal ln: ln(2^-149)
        assertEquals((float) StrictMath.log(Float.MIN_VALUE), F32Math.ln(Float.MIN_VALUE));
    }

    static void assertBits(float want, float got) {
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
                () -> "want " + want + ", got " + got);
    }

    @Test
    void hugeArgumentsAreReducedExactly() {
        float[] xs = {1e30f, -1e30f, 3.4e38f, Float.MAX_VALUE, 1e20f, -1e20f, 1.0e38f, 8.5e37f, 16_367_173f * 0x1p72f};
        for (float x : xs) {
            check("sin", x, F32Math.sin(x), ref(StrictMath::sin, x));
            check("cos", x, F32Math.cos(x), ref(StrictMath::cos, x));
            check("tan", x, F32Math.tan(x), ref(StrictMath::tan, x));
        }
        // every binade of large arguments
        SplittableRandom rnd = new SplittableRandom(99);
        for (int e = 127; e < 255; e++) {
            for (int i = 0; i < 200; i++) {
                float x = Float.intBitsToFloat(e << 23 | rnd.nextInt(1 << 23));
                check("sin", x, F32Math.sin(x), ref(StrictMath::sin, x));
                check("cos", x, F32Math.cos(x), ref(StrictMath::cos, x));
                check("tan", x, F32Math.tan(x), ref(StrictMath::tan, x));
            }
        }
    }

    static void check2(float y, float x) {
        float got = F32Math.atan2(y, x);
        float want = (float) StrictMath.atan2(y, x);
        if (isSpecial(want) || isSpecial(got)
                || Float.isInfinite(y) || Float.isInfinite(x) || y == 0 || x == 0) {
            // All IEEE special cases (zeros, infinities, NaN) must match bit for bit.
            boolean same = Float.isNaN(want) ? Float.isNaN(got)
                    : Float.floatToRawIntBits(got) == Float.floatToRawIntBits(want);
            if (!same) {
                fail(String.format("atan2(%s, %s) = %s, StrictMath gives %s", y, x, got, want));
            }
            return;
        }
        long u = ulps(got, want);
        if (u > MAX_ULPS) {
            fail(String.format("atan2(%s, %s) = %s, StrictMath gives %s: %d ulps", y, x, got, want, u));
        }
    }

    @Test
    void atan2() {
        float[] edges = edgeValues();
        for (float y : edges) {
            for (float x : edges) {
                check2(y, x);
            }
        }
        SplittableRandom rnd = new SplittableRandom(19);
        for (int i = 0; i < SWEEP; i++) {
            float y, x;
            switch (i & 3) {
                case 0 -> {
                    y = Float.intBitsToFloat(rnd.nextInt());
                    x = Float.intBitsToFloat(rnd.nextInt());
                }
                case 1 -> {
                    y = (float) rnd.nextDouble(-10.0, 10.0);
                    x = (float) rnd.nextDouble(-10.0, 10.0);
                }
                case 2 -> {
                    y = (float) rnd.nextDouble(-1e4, 1e4);
                    x = (float) rnd.nextDouble(-1e4, 1e4);
                }
                default -> {   // nearly equal magnitudes, any sign
                    x = (float) rnd.nextDouble(-100.0, 100.0);
                    y = Float.intBitsToFloat(Float.floatToRawIntBits(x) + rnd.nextInt(-64, 65))
                            * (rnd.nextBoolean() ? 1 : -1);
                }
            }
            check2(y, x);
        }
    }
}
