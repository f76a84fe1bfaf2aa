package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaPointEvaluator64;
import dev.ariel.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** prospero.vm on the challenge grid: the published fill counts, and boundary pixels against f64. */
class ProsperoRenderTest {
    private static Model cached;

    // Read in each test rather than in @BeforeAll, so that a missing model skips each test visibly.
    private static synchronized Model prospero() throws Exception {
        if (cached == null) cached = Model.read(SharedModels.require("prospero.vm"));
        return cached;
    }

    @ParameterizedTest(name = "{0}x{0} fills {1} pixels")
    @CsvSource({"256, 8150", "512, 32920", "1024, 132033"})
    void fillCountsMatchTheChallenge(int n, int filled) throws Exception {
        MonoImage image = Renderer.defaults().render(prospero(), View.of(n));
        assertEquals(filled, image.filledCount());
    }

    @Test
    void boundaryPixelsAgreeWithTheF64Reference() throws Exception {
        int n = 1024;
        Model prospero = prospero();
        MonoImage image = Renderer.defaults().render(prospero, View.of(n));
        // Boundary pixels: filled ones with an empty 4-neighbour, and their empty neighbours.
        List<int[]> boundary = new ArrayList<>();
        for (int j = 1; j < n - 1; j++) {
            for (int i = 1; i < n - 1; i++) {
                if (image.isFilled(i, j) && !image.isFilled(i + 1, j)) {
                    boundary.add(new int[] {i, j});
                    boundary.add(new int[] {i + 1, j});
                }
            }
        }
        assertTrue(boundary.size() > 1000, "too few boundary pixels: " + boundary.size());
        JavaPointEvaluator64 f64 = new JavaPointEvaluator64(prospero.tape());
        int step = boundary.size() / 64;
        int checked = 0;
        for (int k = 0; k < boundary.size(); k += step) {
            int i = boundary.get(k)[0];
            int j = boundary.get(k)[1];
            double x = -1 + 2.0 * i / (n - 1);
            double y = 1 - 2.0 * j / (n - 1);
            boolean reference = f64.evaluate(x, y, 0) < 0;
            assertEquals(reference, image.isFilled(i, j), "pixel (" + i + ", " + j + ") at (" + x + ", " + y + ")");
            checked++;
        }
        assertTrue(checked >= 8, "checked only " + checked);
    }
}
