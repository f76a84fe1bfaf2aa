package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.render.GreyImage;
import dev.ariel.render.Image;
import dev.ariel.render.RgbImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Heightmaps, normal maps, shading and ambient occlusion of height fields. */
class VolumeImagesTest {
    @Test
    void heightmapsHoldTheHeightsUnscaled() {
        HeightField field = new HeightField(3, 2, 1000, new int[] {0, 1, 2, 999, 1000, 500}, null, null, null);
        Image image = VolumeImages.of(field, VolumeMode.HEIGHTMAP, true);
        GreyImage grey = assertInstanceOf(GreyImage.class, image);
        assertEquals(1000, grey.maxval(), "maxval is the depth");
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) assertEquals(field.heightAt(x, y), grey.sample(x, y));
        }
    }

    @Test
    void knownGradientsMapToTheirColours() {
        assertEquals(0x8080FF, VolumeImages.normalColour(0, 0, 1), "facing the camera");
        assertEquals(0xFF8080, VolumeImages.normalColour(1, 0, 0), "facing right");
        assertEquals(0x800080, VolumeImages.normalColour(0, -1, 0), "facing down");
        assertEquals(0xFF8080, VolumeImages.normalColour(1e-40f, 0, 0), "a subnormal gradient still has its direction");
        assertEquals(0xFF8080, VolumeImages.normalColour(3e38f, 0, 0), "a huge one too");
        // (3, 0, 4)/5 = (0.6, 0, 0.8): floor(0.8·255 + 0.5) = 204, floor(0.9·255 + 0.5) = 230.
        assertEquals(204 << 16 | 128 << 8 | 230, VolumeImages.normalColour(3, 0, 4));
    }

    @Test
    void degenerateGradientsFaceTheCamera() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        float[][] bad = {{0, 0, 0}, {-0f, 0, -0f}, {nan, 0, 1}, {0, nan, 0}, {inf, 0, 0}, {1, -inf, 0}, {nan, inf, 0}};
        for (float[] g : bad) {
            assertEquals(VolumeImages.FACING, VolumeImages.normalColour(g[0], g[1], g[2]), Arrays.toString(g));
        }
    }

    @Test
    void normalMapsAreBlackWhereEmpty() {
        HeightField field = new HeightField(3, 1, 4, new int[] {0, 3, 4},
                new float[] {1, 1, Float.NaN}, new float[] {0, 0, 0}, new float[] {0, 0, 0});
        RgbImage image = VolumeImages.normals(field);
        assertEquals(0, image.rgb(0, 0), "empty, whatever its gradient");
        assertEquals(0xFF8080, image.rgb(1, 0));
        assertEquals(VolumeImages.FACING, image.rgb(2, 0));
    }

    @Test
    void shadingFollowsTheDocumentedFormula() {
        HeightField field = new HeightField(4, 1, 8, new int[] {5, 5, 5, 0},
                new float[] {0, 1, 0, 0}, new float[] {0, -1, 0, 0}, new float[] {1, -2, 0, 1});
        RgbImage image = VolumeImages.shaded(field, false);
        // Facing: 0.25 + 0.75·2/√6 = 0.8624 of (240, 225, 200), rounded.
        assertEquals(207 << 16 | 194 << 8 | 172, image.rgb(0, 0));
        // (1, −1, −2) faces away from L = (−1, 1, 2)/√6: ambient only, a quarter of the base.
        assertEquals(60 << 16 | 56 << 8 | 50, image.rgb(1, 0));
        assertEquals(image.rgb(0, 0), image.rgb(2, 0), "a zero gradient is lit as facing");
        assertEquals(0, image.rgb(3, 0), "empty is black");
    }

    @Test
    void picturesNeedGradients() {
        HeightField field = new HeightField(1, 1, 2, new int[] {1}, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> VolumeImages.of(field, VolumeMode.NORMALS, false));
        assertThrows(IllegalArgumentException.class, () -> VolumeImages.of(field, VolumeMode.SHADED, true));
    }

    @Test
    void sampleOffsetsAreDistinctNeighboursWithinTheRadius() {
        for (int side : new int[] {1, 8, 64, 512, 2048}) {
            int[][] offsets = VolumeImages.sampleOffsets(side, side);
            assertEquals(24, offsets.length);
            int radius = Math.max(2, side / 32);
            Set<String> distinct = new HashSet<>();
            for (int[] o : offsets) {
                assertTrue(o[0] != 0 || o[1] != 0, "never the pixel itself");
                assertTrue(Math.hypot(o[0], o[1]) <= radius + 0.71, "within the radius: " + Arrays.toString(o));
                distinct.add(o[0] + "," + o[1]);
            }
            if (side >= 512) assertEquals(24, distinct.size(), "no repeated samples once the radius allows");
        }
    }

    @Test
    void flatGroundIsNotOccluded() {
        HeightField field = flat(32, 32, 7);
        float[] ao = VolumeImages.occlusion(field);
        for (float a : ao) assertEquals(1f, a);
        assertEquals(VolumeImages.shaded(field, false), VolumeImages.shaded(field, true));
    }

    @Test
    void aPitIsOccludedByTheSineOfItsWallsElevation() {
        // 65 pixels across and 65 slices: a slice is as tall as a pixel is wide, so Δ is in pixels.
        int n = 65;
        int[] h = new int[n * n];
        Arrays.fill(h, 11);
        int centre = 32 * n + 32;
        h[centre] = 1;
        HeightField field = withFacingGradients(n, n, n, h);
        float[] ao = VolumeImages.occlusion(field);
        double sum = 0;
        // Every neighbour is 10 pixels higher, less the one slice of slack: 9.
        for (int[] o : VolumeImages.sampleOffsets(n, n)) sum += 9 / Math.sqrt(81 + o[0] * o[0] + o[1] * o[1]);
        assertEquals(1 - sum / 24, ao[centre], 1e-6);
        assertEquals(1f, ao[0], "the rim is open: the pit is lower");
        assertTrue(ao[centre] < 0.2, "a deep narrow pit is dark: " + ao[centre]);
        RgbImage open = VolumeImages.shaded(field, false), occluded = VolumeImages.shaded(field, true);
        assertNotEquals(open.rgb(32, 32), occluded.rgb(32, 32));
        assertEquals(open.rgb(0, 0), occluded.rgb(0, 0));
    }

    @Test
    void aTiltedPlaneIsOpenAlongItsTangent() {
        // Heights rise a slice (= a pixel, at 128 slices over 128 pixels) per column to the right.
        int n = 128;
        int[] h = new int[n * n];
        for (int i = 0; i < h.length; i++) h[i] = 1 + i % n;
        float[] gx = new float[n * n], gz = new float[n * n];
        Arrays.fill(gx, -1);
        Arrays.fill(gz, 1);
        HeightField tilted = new HeightField(n, n, n, h, gx, new float[n * n], gz);
        for (float a : VolumeImages.occlusion(tilted)) assertEquals(1f, a, "the plane does not occlude itself");
        float[] flatHorizon = VolumeImages.occlusion(withFacingGradients(n, n, n, h));
        assertTrue(flatHorizon[32 * n + 32] < 0.95f, "measured from the flat horizon, it would: " + flatHorizon[32 * n + 32]);
    }

    @Test
    void occlusionCountsHeightsInPixelsNotSlices() {
        // The same wall, 16 slices high, at depth 17 and at depth 161: ten times the slices, a tenth as steep.
        float fewSlices = stepOcclusion(17), manySlices = stepOcclusion(161);
        assertTrue(manySlices > fewSlices, "more slices per pixel means a lower wall: " + manySlices + " vs " + fewSlices);
        assertTrue(fewSlices < 1 && manySlices < 1, "both walls occlude");
    }

    @Test
    void occlusionIsDeterministicAndNearWallsDarker() {
        int n = 128;
        int[] h = new int[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) h[y * n + x] = x < 64 ? 10 : 100;
        }
        HeightField field = withFacingGradients(n, n, 128, h);
        float[] a = VolumeImages.occlusion(field), b = VolumeImages.occlusion(field);
        assertArrayEquals(a, b);
        int row = 64 * n;
        assertTrue(a[row + 63] < a[row + 60], "at the foot of the wall darker than further off");
        assertEquals(1f, a[row + 30], "beyond the radius nothing occludes");
        assertEquals(1f, a[row + 64], "the top of the wall is open");
    }

    private static float stepOcclusion(int depth) {
        int n = 64;
        int[] h = new int[n * n];
        for (int i = 0; i < h.length; i++) h[i] = i % n < 32 ? 1 : 17;
        return VolumeImages.occlusion(withFacingGradients(n, n, depth, h))[32 * n + 31];
    }

    private static HeightField flat(int w, int h, int height) {
        int[] heights = new int[w * h];
        Arrays.fill(heights, height);
        return withFacingGradients(w, h, Math.max(2, height), heights);
    }

    private static HeightField withFacingGradients(int w, int h, int depth, int[] heights) {
        float[] gz = new float[w * h];
        Arrays.fill(gz, 1);
        return new HeightField(w, h, depth, heights, new float[w * h], new float[w * h], gz);
    }
}
