package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The debug picture: one palette colour per kind of pixel, and tile outlines. */
class DebugShadingTest {
    @Test
    void eachKindMapsToItsPaletteColour() {
        byte[] kinds = {0, 0, 1, 1, 2, 2, 3, 3};
        byte[] filled = {0, 1, 0, 1, 0, 1, 0, (byte) 255};
        RgbImage image = DebugShading.image(8, 1, kinds, filled, new int[0]);
        // The legend's colours: the interval kinds ignore the filled flag.
        assertEquals("383838 383838 d8d8d8 d8d8d8 1e4890 78b4ff 8c4010 ffb060\n", image.toHex());
        assertEquals(DebugShading.COMPILED_FILLED_COLOUR, DebugShading.colour(DebugShading.COMPILED, true));
        assertEquals(DebugShading.INTERPRETED_EMPTY_COLOUR, DebugShading.colour(DebugShading.INTERPRETED, false));
    }

    @Test
    void paletteAndBorderColoursAreAllDistinct() {
        Set<Integer> seen = new HashSet<>();
        for (byte kind = 0; kind < 4; kind++) {
            for (boolean filled : new boolean[] {false, true}) {
                int c = DebugShading.colour(kind, filled);
                seen.add(c);
                seen.add(DebugShading.border(c));
            }
        }
        assertEquals(12, seen.size(), "6 palette colours and their 6 border tints");
    }

    @Test
    void aBorderIsTheHalfwayMixWithGreen() {
        assertEquals(0x107020, DebugShading.border(0));
        for (int c : new int[] {0xffffff, DebugShading.COMPILED_FILLED_COLOUR, DebugShading.EMPTY_BY_INTERVAL_COLOUR}) {
            int b = DebugShading.border(c);
            for (int shift = 0; shift <= 16; shift += 8) {
                int mid = (((c >> shift) & 0xff) + ((DebugShading.TILE_BORDER_COLOUR >> shift) & 0xff)) / 2;
                assertTrue(Math.abs(((b >> shift) & 0xff) - mid) <= 1, Integer.toHexString(b));
            }
        }
    }

    @Test
    void eachTileOutlinesItsTopAndLeftEdges() {
        int[] tiles = {0, 0, 4, 4, 0, 4, 0, 4, 4, 4, 4, 2, 6, 4, 2, 4, 6, 2, 6, 6, 2};
        assertEquals("""
                ++++++++
                +...+...
                +...+...
                +...+...
                ++++++++
                +...+.+.
                +...++++
                +...+.+.
                """, borders(8, 8, tiles));
    }

    @Test
    void tilesPastTheImageAreClippedAndRepeatsTintOnce() {
        int[] tiles = {0, 0, 8, 4, 4, 8, 4, 4, 8};
        assertEquals("""
                ++++++
                +.....
                +.....
                +.....
                +...++
                +...+.
                """, borders(6, 6, tiles));
    }

    @Test
    void badInputsAreRefused() {
        byte[] four = new byte[4];
        assertThrows(IllegalArgumentException.class, () -> DebugShading.image(2, 2, new byte[3], four, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> DebugShading.image(2, 2, four, new byte[5], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> DebugShading.image(2, 2, four, four, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> DebugShading.image(2, 2, four, four, new int[] {0, 0, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DebugShading.image(2, 2, new byte[] {0, 0, 0, 4}, four, new int[0]));
        assertTrue(e.getMessage().contains("kind 4 at 1,1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DebugShading.image(2, 2, new byte[] {-1, 0, 0, 0}, four, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> DebugShading.colour((byte) 9, true));
    }

    // The tile outlines of an all-empty-by-interval image: '+' where tinted, '.' elsewhere.
    private static String borders(int w, int h, int[] tiles) {
        RgbImage image = DebugShading.image(w, h, new byte[w * h], new byte[w * h], tiles);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = image.rgb(x, y);
                if (c == DebugShading.border(DebugShading.EMPTY_BY_INTERVAL_COLOUR)) {
                    sb.append('+');
                } else {
                    assertEquals(DebugShading.EMPTY_BY_INTERVAL_COLOUR, c);
                    sb.append('.');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
