package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Grey images of up to 16 bits (heightmaps) in PGM, PPM and PNG, each decoded independently:
 * Netpbm headers parsed by hand, PNG by {@code javax.imageio}, and every sample 0 .. D recovered.
 */
class GreyImageFilesTest {
    private static final int[] MAXVALS = {2, 255, 256, 1000, 16384};

    @Test
    void pgmHoldsEverySampleUnscaled() {
        for (int d : MAXVALS) {
            GreyImage image = ramp(d);
            Netpbm pgm = Netpbm.parse(ImageFiles.encode(image, ImageFormat.PGM));
            assertEquals("P5", pgm.magic);
            assertEquals(d, pgm.maxval, "maxval is D");
            assertEquals(d > 255 ? 2 : 1, pgm.bytesPerSample, "16-bit only above 255");
            for (int h = 0; h <= d; h++) {
                assertEquals(h, pgm.sample(h), "D = " + d + ", h = " + h);
                assertEquals(d - h, pgm.sample(d + 1 + h), "second row, D = " + d + ", h = " + h);
            }
        }
    }

    @Test
    void ppmRepeatsEverySampleInThreeChannels() {
        for (int d : MAXVALS) {
            GreyImage image = ramp(d);
            Netpbm ppm = Netpbm.parse(ImageFiles.encode(image, ImageFormat.PPM));
            assertEquals("P6", ppm.magic);
            assertEquals(d, ppm.maxval);
            for (int h = 0; h <= d; h++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(h, ppm.sample(3 * h + c), "D = " + d + ", h = " + h + ", channel " + c);
                }
            }
        }
    }

    @Test
    void pngIsInvertedExactlyByRounding() throws IOException {
        for (int d : MAXVALS) {
            GreyImage image = ramp(d);
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(ImageFiles.encode(image, ImageFormat.PNG)));
            int bits = d > 255 ? 16 : 8;
            assertEquals(bits, read.getColorModel().getComponentSize(0), "bit depth for D = " + d);
            assertEquals(1, read.getRaster().getNumBands(), "greyscale");
            long top = (1L << bits) - 1;
            for (int h = 0; h <= d; h++) {
                long v = read.getRaster().getSample(h, 0, 0);
                assertEquals(d - h, (2L * read.getRaster().getSample(h, 1, 0) * d + top) / (2 * top), "second row");
                // The brief's formula, recomputed here rather than through GreyImage.pngSample.
                assertEquals((2L * h * top + d) / (2L * d), v, "stored sample, D = " + d + ", h = " + h);
                long back = (2L * v * d + top) / (2 * top);
                assertEquals(h, back, "inverse, D = " + d + ", h = " + h);
            }
        }
    }

    @Test
    void endsMapToBlackAndFullWhite() {
        GreyImage image = GreyImage.of(2, 1, 1000, new int[] {0, 1000});
        assertEquals(0, image.rgb(0, 0));
        assertEquals(0xFFFFFF, image.rgb(1, 0));
        assertEquals(65535, GreyImage.pngSample(1000, 1000, 16));
    }

    @Test
    void badSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GreyImage.of(2, 1, 10, new int[] {0, 11}));
        assertThrows(IllegalArgumentException.class, () -> GreyImage.of(2, 1, 10, new int[] {-1, 0}));
        assertThrows(IllegalArgumentException.class, () -> GreyImage.of(2, 1, 65536, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> GreyImage.of(2, 2, 10, new int[] {0, 0}));
    }

    // Samples 0 .. d left to right in the first row, reversed in the second, so rows are not alike.
    private static GreyImage ramp(int d) {
        int w = d + 1;
        int[] s = new int[2 * w];
        for (int h = 0; h <= d; h++) {
            s[h] = h;
            s[w + h] = d - h;
        }
        return GreyImage.of(w, 2, d, s);
    }

    /** A binary Netpbm file, parsed by hand: magic, width, height, maxval, one white space, samples. */
    private record Netpbm(String magic, int width, int height, int maxval, int bytesPerSample, byte[] bytes, int start) {
        static Netpbm parse(byte[] bytes) {
            String[] fields = new String[4];
            int p = 0;
            for (int f = 0; f < 4; f++) {
                while (Character.isWhitespace(bytes[p])) p++;
                int s = p;
                while (!Character.isWhitespace(bytes[p])) p++;
                fields[f] = new String(bytes, s, p - s, StandardCharsets.US_ASCII);
            }
            p++; // the single white space before the raster
            int maxval = Integer.parseInt(fields[3]);
            int w = Integer.parseInt(fields[1]), h = Integer.parseInt(fields[2]);
            int per = maxval > 255 ? 2 : 1;
            int channels = fields[0].equals("P6") ? 3 : 1;
            assertEquals((long) p + (long) w * h * channels * per, bytes.length, "raster size");
            return new Netpbm(fields[0], w, h, maxval, per, bytes, p);
        }

        // Sample i of the raster, counting every channel of every pixel.
        int sample(int i) {
            int o = start + i * bytesPerSample;
            return bytesPerSample == 2 ? (bytes[o] & 0xff) << 8 | bytes[o + 1] & 0xff : bytes[o] & 0xff;
        }
    }
}
