package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shaded field: sign hues, falloff, iso-lines, the boundary line, and non-finite values. */
class SdfShadingTest {
    private static final int N = 64;
    private static final double P = 1.0 / 32; // pixel size

    @Test
    void insideAndOutsideDifferInHue() {
        RgbImage image = SdfShading.image(N, N, circle(20, 1), P);
        int inside = image.rgb(41, 31); // about 10.5 pixels in
        int outside = image.rgb(58, 31); // about 6.5 pixels out
        assertTrue(blue(inside) > red(inside) + 20, hex(inside));
        assertTrue(red(outside) > blue(outside) + 60, hex(outside));
    }

    @Test
    void brightnessFallsOffWithTheValue() {
        RgbImage image = SdfShading.image(N, N, circle(20, 1), P);
        // 3 and 12 pixels from the boundary on each side, clear of the lines 16 pixels out.
        assertTrue(sum(image.rgb(55, 31)) > sum(image.rgb(63, 31)) + 100, "outside");
        assertTrue(sum(image.rgb(48, 31)) > sum(image.rgb(40, 31)) + 100, "inside");
    }

    @Test
    void theBoundaryIsWhiteAndUnbroken() {
        float[] field = circle(20, 1);
        RgbImage image = SdfShading.image(N, N, field, P);
        int crossings = 0;
        for (int y = 0; y < N; y++) {
            for (int x = 0; x + 1 < N; x++) {
                float a = field[y * N + x], b = field[y * N + x + 1];
                if ((a < 0) != (b < 0)) {
                    crossings++;
                    int nearer = Math.abs(a) <= Math.abs(b) ? x : x + 1;
                    assertEquals(SdfShading.BOUNDARY, image.rgb(nearer, y), "at " + nearer + "," + y);
                }
            }
        }
        assertTrue(crossings > 60, "crossings: " + crossings);
        // And nowhere far from it.
        assertNotEquals(SdfShading.BOUNDARY, image.rgb(31, 31));
        assertNotEquals(SdfShading.BOUNDARY, image.rgb(0, 0));
    }

    @Test
    void aJumpAcrossZeroIsOutlinedOnBothSides() {
        float[] field = new float[8 * 4];
        for (int i = 0; i < field.length; i++) field[i] = i % 8 < 4 ? -1e6f : 1e6f;
        RgbImage image = SdfShading.image(8, 4, field, P);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(x == 3 || x == 4, image.rgb(x, y) == SdfShading.BOUNDARY, "at " + x + "," + y);
            }
        }
    }

    @Test
    void nanIsFlatAndInfinitiesTakeTheirSidesDarkestShade() {
        float inf = Float.POSITIVE_INFINITY;
        float[] field = {
            inf, inf, inf, 5, 6,
            inf, inf, inf, 5, 6,
            Float.NaN, Float.NaN, -inf, -inf, -inf,
        };
        RgbImage image = SdfShading.image(5, 3, field, 1);
        assertEquals(SdfShading.NAN, image.rgb(0, 2));
        assertEquals(SdfShading.NAN, image.rgb(1, 2));
        int farOut = image.rgb(1, 0);
        assertTrue(red(farOut) > blue(farOut), hex(farOut));
        assertTrue(sum(farOut) < sum(image.rgb(4, 0)), "+∞ is darker than any finite outside value");
        int farIn = image.rgb(4, 2);
        assertTrue(blue(farIn) > red(farIn), hex(farIn));
        // +∞ over −∞ is a sign change, equally near on both sides; NaN is on neither side.
        assertEquals(SdfShading.BOUNDARY, image.rgb(2, 1));
        assertEquals(SdfShading.BOUNDARY, image.rgb(2, 2));
        assertNotEquals(SdfShading.BOUNDARY, image.rgb(0, 1));
        // The nearer side of 5 over −∞ is the 5.
        assertEquals(SdfShading.BOUNDARY, image.rgb(3, 1));
        assertNotEquals(SdfShading.BOUNDARY, image.rgb(3, 2));
    }

    @Test
    void isoLinesMarkEveryBandOfValue() {
        // A ramp of slope 1, starting 4 pixel sizes below zero: levels 16 and 32 fall on x = 20 and 36.
        float[] field = new float[N * N];
        for (int i = 0; i < field.length; i++) field[i] = (float) ((i % N - 4) * P);
        RgbImage image = SdfShading.image(N, N, field, P);
        for (int line : new int[] {20, 36}) {
            int on = sum(image.rgb(line, 10));
            assertTrue(on < 0.7 * sum(image.rgb(line - 1, 10)), "line " + line);
            assertTrue(on < 0.7 * sum(image.rgb(line + 1, 10)), "line " + line);
        }
        assertTrue(sum(image.rgb(28, 10)) > 0.95 * sum(image.rgb(27, 10)), "no line between levels");
    }

    @Test
    void theUnitIsThePowerOfTwoNearestTheSlope() {
        assertEquals(P, SdfShading.typicalStep(circle(20, 1), N, N, P));
        assertEquals(4 * P, SdfShading.typicalStep(circle(20, 4.5f), N, N, P));
        assertEquals(0.5 * P, SdfShading.typicalStep(circle(20, 0.6f), N, N, P));
        assertEquals(P, SdfShading.typicalStep(new float[N * N], N, N, P), "a flat field falls back to the pixel size");
    }

    @Test
    void scalingByAPowerOfTwoLeavesThePictureUnchanged() {
        assertEquals(SdfShading.image(N, N, circle(20, 1), P), SdfShading.image(N, N, circle(20, 8), P));
    }

    @Test
    void goldenSmallField() {
        // A slope-1 ramp across zero; below it the same ramp with NaN and ±∞ in place of some values.
        float inf = Float.POSITIVE_INFINITY;
        float[] field = {
            -4.5f, -3.5f, -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f, 4.5f,
            Float.NaN, -inf, -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, inf, 4.5f,
        };
        assertEquals(GOLDEN, SdfShading.image(10, 2, field, 1).toHex());
    }

    // Blue deepening inward, white at ±0.5, orange darkening outward; NaN, −∞ and +∞ below.
    private static final String GOLDEN = """
            305579 38628b 4172a3 4d87c1 ffffff ffffff c17930 a36629 8b5723 794c1e
            a860a8 162738 4172a3 4d87c1 ffffff ffffff c17930 a36629 38230e 794c1e
            """;

    @Test
    void theViewSetsThePixelSize() {
        assertEquals(2.0 / 1023, SdfShading.pixelSize(View.of(1024)));
        assertEquals(0.5 / 99, SdfShading.pixelSize(new View(300, 100, 0, 0, 0.25, 0)));
        assertEquals(6.0, SdfShading.pixelSize(new View(1, 5, 0, 0, 3, 0)));
        float[] field = circle(20, 1);
        assertEquals(SdfShading.image(N, N, field, 2.0 / 63), SdfShading.image(View.of(N), field));
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SdfShading.image(2, 2, new float[3], 1));
        assertThrows(IllegalArgumentException.class, () -> SdfShading.image(0, 2, new float[0], 1));
        for (double p : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> SdfShading.image(2, 2, new float[4], p));
        }
    }

    // A disc's distance field, scaled by `slope`, in model units: radius r pixels, centred.
    private static float[] circle(double r, float slope) {
        float[] out = new float[N * N];
        double c = (N - 1) / 2.0;
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                out[y * N + x] = slope * (float) ((Math.hypot(x - c, y - c) - r) * P);
            }
        }
        return out;
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }

    private static int sum(int rgb) {
        return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }

    private static String hex(int rgb) {
        return String.format("%06x", rgb);
    }
}
