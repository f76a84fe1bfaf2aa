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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG and PGM encoders, checked by an independent decoder, and atomic writes. */
class ImageFilesTest {
    private static final MonoImage IMAGE = MonoImage.fromAscii("""
            #....#..
            .#..#...
            ..##....
            ########
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
                int grey = read.getRaster().getSample(x, y, 0);
                assertEquals(IMAGE.isFilled(x, y) ? 255 : 0, grey, "pixel " + x + "," + y);
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
        assertTrue(e.getMessage().contains(".png or .pgm"), e.getMessage());
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
        for (int y = 0; y < 300; y += 7) {
            for (int x = 0; x < 517; x += 3) {
                assertEquals(big.isFilled(x, y) ? 255 : 0, read.getRaster().getSample(x, y, 0));
            }
        }
    }
}
