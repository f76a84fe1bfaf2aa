package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The colour image: packing, hex goldens, copies and equality. */
class RgbImageTest {
    private static final String HEX = """
            ff0000 00ff00 0000ff
            000000 ffffff 123456
            """;

    @Test
    void pixelsArePackedRgbRowByRowFromTheTop() {
        RgbImage image = RgbImage.of(3, 2, new int[] {0xff0000, 0x00ff00, 0x0000ff, 0, 0xffffff, 0x123456});
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertEquals(0x00ff00, image.rgb(1, 0));
        assertEquals(0x123456, image.rgb(2, 1));
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 0, 0, (byte) 0xff, 0, 0, 0, (byte) 0xff,
                0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x12, 0x34, 0x56}, image.bytes());
        assertEquals(HEX, image.toHex());
        assertEquals(image, RgbImage.fromHex(HEX));
    }

    @Test
    void theTopByteOfAPackedPixelIsIgnored() {
        assertEquals(RgbImage.of(1, 1, new int[] {0x123456}), RgbImage.of(1, 1, new int[] {0xff123456}));
    }

    @Test
    void copiesDoNotShareState() {
        int[] px = {0x010203};
        RgbImage image = RgbImage.of(1, 1, px);
        px[0] = 0;
        image.bytes()[0] = 9;
        assertEquals(0x010203, image.rgb(0, 0));
        byte[] row = new byte[5];
        image.copyRow(0, row, 2);
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3}, row);
    }

    @Test
    void equalityIsBySizeAndPixels() {
        RgbImage a = RgbImage.fromHex(HEX);
        assertEquals(a.hashCode(), RgbImage.fromHex(HEX).hashCode());
        assertNotEquals(a, RgbImage.fromHex(HEX.replace("123456", "123457")));
        // The same six pixels in another shape.
        assertNotEquals(a, RgbImage.of(2, 3, new int[] {0xff0000, 0x00ff00, 0x0000ff, 0, 0xffffff, 0x123456}));
        assertEquals("RgbImage[3x2]", a.toString());
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(2, 2, new int[3]));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.of(0, 1, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromHex("000000 000000\n000000"));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromHex("00000"));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromHex("00000g"));
        assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 1, new byte[5]));
    }

    @Test
    void aMonoImageIsBlackAndWhiteAsAnImage() {
        Image mono = MonoImage.fromAscii("#.");
        assertEquals(0xffffff, mono.rgb(0, 0));
        assertEquals(0, mono.rgb(1, 0));
    }
}
