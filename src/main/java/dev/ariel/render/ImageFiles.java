package dev.ariel.render;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes images as PNG or PGM and writes them atomically: the bytes go to a temporary file in
 * the target's directory, which is flushed to disk and then renamed over the target, so a failed
 * or interrupted run leaves the old file (or none), never half of a new one.
 *
 * <p>The PNG encoder is written here rather than taken from {@code javax.imageio} because that
 * module costs a CLI run tens of milliseconds of class loading; it writes the minimal valid file
 * (IHDR, one IDAT, IEND) and the tests decode it with ImageIO.
 */
public final class ImageFiles {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageFiles() {}

    /**
     * Writes {@code image} to {@code path} in the format its extension names.
     *
     * @throws IllegalArgumentException if the extension names no supported format
     * @throws IOException if the file cannot be written; the target is then untouched
     */
    public static void write(MonoImage image, Path path) throws IOException {
        ImageFormat format = ImageFormat.forPath(path).orElseThrow(() -> new IllegalArgumentException(
                "cannot tell the image format of '" + path + "': use a .png or .pgm file name"));
        writeAtomically(path, encode(image, format));
    }

    /** The file contents of {@code image} in {@code format}. */
    public static byte[] encode(MonoImage image, ImageFormat format) {
        return switch (format) {
            case PNG -> png(image);
            case PGM -> pgm(image);
        };
    }

    /** Writes {@code bytes} to {@code path} through a temporary file and an atomic rename. */
    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(false);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static byte[] pgm(MonoImage image) {
        byte[] header = ("P5\n" + image.width() + " " + image.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + image.width() * image.height()];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int y = 0; y < image.height(); y++) {
            image.copyRow(y, out, header.length + y * image.width());
        }
        return out;
    }

    private static byte[] png(MonoImage image) {
        int w = image.width();
        int h = image.height();
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream(w * h / 16 + 1024);
            file.write(PNG_SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.writeByte(8); // bit depth
            d.writeByte(0); // colour type: greyscale
            d.writeByte(0); // compression: deflate
            d.writeByte(0); // filter method: adaptive (each row starts with its filter type)
            d.writeByte(0); // no interlace
            chunk(file, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 16 + 64);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (OutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] row = new byte[w + 1]; // filter type 0 (none), then the row
                for (int y = 0; y < h; y++) {
                    image.copyRow(y, row, 1);
                    z.write(row);
                }
            } finally {
                deflater.end();
            }
            chunk(file, "IDAT", idat.toByteArray());
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory PNG encoding failed", e);
        }
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(file);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
