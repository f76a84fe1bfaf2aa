package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG, PGM and PPM encoders, checked by an independent decoder, and atomic writes. */
class ImageFilesTest {
    private static final MonoImage IMAGE = MonoImage.fromAscii("""
            #....#..
            .#..#...
            ..##....
            ########
            """);
    private static final RgbImage COLOUR = RgbImage.fromHex("""
            ff0000 00ff00 0000ff 000000
            ffffff 808080 123456 fedcba
            010203 a0b0c0 00ffff ff00ff
            """);

    @Test
    void pngDecodesToTheSamePixels(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.png");
        ImageFiles.write(IMAGE, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(8, read.getWidth());
        assertEquals(4, read.getHeight());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(IMAGE.isFilled(x, y) ? 0xffffff : 0, read.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void pgmIsBinaryP5(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("OUT.PGM");
        ImageFiles.write(IMAGE, file);
        byte[] bytes = Files.readAllBytes(file);
        String header = "P5\n8 4\n255\n";
        assertEquals(header, new String(bytes, 0, header.length(), StandardCharsets.US_ASCII));
        assertEquals(header.length() + 32, bytes.length);
        assertEquals((byte) 255, bytes[header.length()]);
        assertEquals(0, bytes[header.length() + 1]);
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaries(@TempDir Path dir) throws IOException {
        // A non-empty directory where the image should go: the final rename must fail.
        Path target = dir.resolve("busy.png");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "precious");
        assertThrows(IOException.class, () -> ImageFiles.write(IMAGE, target));
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void aWriteReplacesTheOldFileWhole(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("x.pgm");
        Files.write(target, new byte[100_000]);
        ImageFiles.write(IMAGE, target);
        assertArrayEquals(ImageFiles.encode(IMAGE, ImageFormat.PGM), Files.readAllBytes(target));
    }

    @Test
    void anUnknownExtensionIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.write(IMAGE, dir.resolve("x.jpg")));
        assertTrue(e.getMessage().contains(".png, .ppm or .pgm"), e.getMessage());
    }

    @Test
    void largeImagesRoundTrip(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 517; x++) sb.append((x * 7 + y * 13) % 11 < 4 ? '#' : '.');
            sb.append('\n');
        }
        MonoImage big = MonoImage.fromAscii(sb.toString());
        Path file = dir.resolve("big.png");
        ImageFiles.write(big, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(1, read.getColorModel().getPixelSize(), "one bit a pixel");
        // 517 = 64 bytes and 5 bits: the last byte of each row is padded.
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 517; x++) {
                assertEquals(big.isFilled(x, y) ? 1 : 0, read.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void monoPngIsOneBitGreyscaleWithUnfilteredRows() throws DataFormatException {
        // Pins the layout, not deflate's bytes, which may differ between zlib builds.
        byte[] png = ImageFiles.encode(IMAGE, ImageFormat.PNG);
        assertEquals(1, png[8 + 8 + 8], "bit depth");
        assertEquals(0, png[8 + 8 + 9], "colour type");
        byte[] raw = idat(png, 4 * 2);
        for (int y = 0; y < 4; y++) {
            assertEquals(0, raw[y * 2], "filter type of row " + y);
            for (int x = 0; x < 8; x++) {
                int bit = (raw[y * 2 + 1] >> (7 - x)) & 1;
                assertEquals(IMAGE.isFilled(x, y) ? 1 : 0, bit, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void colourPngDecodesToTheSamePixels(@TempDir Path dir) throws IOException, DataFormatException {
        Path file = dir.resolve("colour.png");
        ImageFiles.write(COLOUR, file);
        byte[] png = Files.readAllBytes(file);
        assertEquals(2, png[8 + 8 + 9], "colour type: truecolour");
        assertEquals(3 * (1 + 3 * 4), idat(png, 3 * (1 + 3 * 4)).length);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(3, read.getColorModel().getNumComponents());
        assertDecodesTo(COLOUR, read);
    }

    @Test
    void largeColourImagesRoundTrip(@TempDir Path dir) throws IOException {
        int w = 517, h = 300;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = (i * 2654435761L % 0x1000000 < 0x400000) ? 0xff8040 : i * 97;
        RgbImage big = RgbImage.of(w, h, px);
        Path file = dir.resolve("big.png");
        ImageFiles.write(big, file);
        assertDecodesTo(big, ImageIO.read(file.toFile()));
    }

    @Test
    void ppmIsBinaryP6(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.ppm");
        ImageFiles.write(COLOUR, file);
        assertEquals(COLOUR, readPpm(Files.readAllBytes(file)));
    }

    @Test
    void monoPpmRepeatsTheGreyInEveryChannel() {
        RgbImage read = readPpm(ImageFiles.encode(IMAGE, ImageFormat.PPM));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(IMAGE.isFilled(x, y) ? 0xffffff : 0, read.rgb(x, y));
            }
        }
    }

    @Test
    void colourPgmIsTheLuma() {
        byte[] pgm = ImageFiles.encode(COLOUR, ImageFormat.PGM);
        String header = "P5\n4 3\n255\n";
        assertEquals(header, new String(pgm, 0, header.length(), StandardCharsets.US_ASCII));
        assertEquals(header.length() + 12, pgm.length);
        // (77 R + 150 G + 29 B + 128) >> 8, row by row; white stays 255 and black 0.
        int[] luma = {77, 149, 29, 0, 255, 128, 46, 226, 2, 173, 178, 106};
        for (int i = 0; i < 12; i++) {
            assertEquals(luma[i], pgm[header.length() + i] & 0xff, "pixel " + i);
        }
    }

    @Test
    void theExtensionChoosesTheFormat() {
        assertEquals(ImageFormat.PPM, ImageFormat.forPath(Path.of("a/b.PPM")).orElseThrow());
        assertEquals(ImageFormat.PNG, ImageFormat.forPath(Path.of("b.png")).orElseThrow());
        assertTrue(ImageFormat.forPath(Path.of("ppm")).isEmpty());
        assertEquals(".png, .ppm or .pgm", ImageFormat.choices());
    }

    private static void assertDecodesTo(RgbImage expected, BufferedImage read) {
        assertEquals(expected.width(), read.getWidth());
        assertEquals(expected.height(), read.getHeight());
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                assertEquals(expected.rgb(x, y), read.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    // The inflated IDAT of a one-IDAT PNG as this encoder writes it, which must hold `length` bytes.
    private static byte[] idat(byte[] png, int length) throws DataFormatException {
        int at = 8 + 25; // after the signature and IHDR
        int n = (png[at] & 0xff) << 24 | (png[at + 1] & 0xff) << 16 | (png[at + 2] & 0xff) << 8 | png[at + 3] & 0xff;
        assertEquals("IDAT", new String(png, at + 4, 4, StandardCharsets.US_ASCII));
        Inflater inflater = new Inflater();
        inflater.setInput(png, at + 8, n);
        byte[] raw = new byte[length + 1];
        int got = inflater.inflate(raw);
        assertTrue(inflater.finished());
        inflater.end();
        assertEquals(length, got);
        return java.util.Arrays.copyOf(raw, got);
    }

    // A minimal P6 reader: the header as this encoder writes it, then the pixels.
    private static RgbImage readPpm(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[] head = text.split("\n", 4);
        assertEquals("P6", head[0]);
        assertEquals("255", head[2]);
        String[] size = head[1].split(" ");
        int w = Integer.parseInt(size[0]), h = Integer.parseInt(size[1]);
        int start = head[0].length() + head[1].length() + head[2].length() + 3;
        assertEquals(start + 3 * w * h, bytes.length);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            int o = start + 3 * i;
            px[i] = (bytes[o] & 0xff) << 16 | (bytes[o + 1] & 0xff) << 8 | bytes[o + 2] & 0xff;
        }
        return RgbImage.of(w, h, px);
    }
}
