package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pixel coordinates: the challenge grid exactly, and square pixels for other views. */
class ViewTest {
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 256, 512, 1000, 1024, 4096})
    void theDefaultViewIsTheChallengeGridBitForBit(int n) {
        View v = View.of(n);
        float[] xs = v.columnXs();
        float[] ys = v.rowYs();
        for (int i = 0; i < n; i++) {
            assertEquals((float) (-1 + 2.0 * i / (n - 1)), xs[i], "column " + i);
            assertEquals((float) (1 - 2.0 * i / (n - 1)), ys[i], "row " + i);
        }
        assertEquals(-1f, xs[0]);
        assertEquals(1f, xs[n - 1]);
        assertEquals(1f, ys[0]); // the top row is y = +1
    }

    @Test
    void theShorterSideSpansTheScaleAndPixelsAreSquare() {
        View v = new View(201, 101, 0.5, -0.25, 2, 0);
        float[] xs = v.columnXs();
        float[] ys = v.rowYs();
        assertEquals(-0.25f + 2f, ys[0]);
        assertEquals(-0.25f - 2f, ys[100]);
        assertEquals(0.5f, xs[100]); // the middle column is the centre
        double pitchY = (ys[0] - ys[100]) / 100.0;
        double pitchX = (xs[200] - xs[0]) / 200.0;
        assertEquals(pitchY, pitchX, 1e-6);
    }

    @Test
    void aOnePixelImageLooksAtTheCentre() {
        View v = new View(1, 1, 0.3, 0.7, 1, 0);
        assertEquals(0.3f, v.columnXs()[0]);
        assertEquals(0.7f, v.rowYs()[0]);
    }

    @Test
    void badViewsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> View.of(0));
        assertThrows(IllegalArgumentException.class, () -> View.of(View.MAX_SIDE + 1));
        assertThrows(IllegalArgumentException.class, () -> View.of(8).withScale(0));
        assertThrows(IllegalArgumentException.class, () -> View.of(8).withScale(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> View.of(8).withCenter(Double.POSITIVE_INFINITY, 0));
    }
}
