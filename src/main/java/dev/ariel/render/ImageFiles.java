package dev.ariel.render;

import dev.ariel.io.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes images as PNG, PPM or PGM and writes them through {@link OutputFiles}: atomically, so a
 * failed or interrupted run leaves the old file (or none), never half of a new one, and never
 * over the model the run read.
 *
 * <p>Each format takes either kind of {@link Image}. PNG keeps each image's own layout: 1-bit
 * greyscale for a {@link MonoImage}, 8-bit RGB for an {@link RgbImage}. PGM is greyscale only, so
 * an RGB image is written as its luma, {@code (77 R + 150 G + 29 B + 128) >> 8}: the Rec. 601
 * weights that netpbm's {@code ppmtopgm} uses, in 8-bit fixed point, so white stays 255. PPM is
 * colour only, so a mono image is written with its grey in all three channels.
 *
 * <p>A {@link GreyImage} keeps its samples: PGM and PPM (R = G = B) with maxval = its maxval, one
 * byte a sample up to 255 and two (big-endian, as Netpbm defines) above; PNG greyscale of bit depth
 * 8 up to maxval 255 and 16 above, each sample h written as {@link GreyImage#pngSample}, which a
 * reader inverts exactly.
 *
 * <p>The PNG encoder is written here rather than taken from {@code javax.imageio} because that
 * module costs a CLI run tens of milliseconds of class loading; it writes the minimal valid file
 * (IHDR, one IDAT, IEND) and the tests decode it with ImageIO.
 */
public final class ImageFiles {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageFiles() {}

    /**
     * Writes {@code image} to {@code path} in the format its extension names, guarding no input
     * (for a caller that read no file, such as a test).
     *
     * @throws IllegalArgumentException if the extension names no supported format
     * @throws IOException if the file cannot be written; the target is then untouched
     */
    public static void write(Image image, Path path) throws IOException {
        ImageFormat format = ImageFormat.forPath(path).orElseThrow(() -> new IllegalArgumentException(
                "cannot tell the image format of '" + path + "': use a " + ImageFormat.choices() + " file name"));
        write(image, path, format, OutputFiles.unguarded());
    }

    /**
     * Writes {@code image} to {@code path} in {@code format}, whatever the file's name, as one of
     * the run's {@code outputs}.
     *
     * @throws IOException if the file cannot be written or is the model; the target is then untouched
     */
    public static void write(Image image, Path path, ImageFormat format, OutputFiles outputs) throws IOException {
        outputs.write(path, encode(image, format), "the image");
    }

    /** The file contents of {@code image} in {@code format}. */
    public static byte[] encode(Image image, ImageFormat format) {
        return switch (format) {
            case PNG -> png(image);
            case PGM -> pgm(image);
            case PPM -> ppm(image);
        };
    }

    private static byte[] pgm(Image image) {
        // A grey image keeps its own maxval (see netpbmGrey); the other kinds are 8-bit.
        if (image instanceof GreyImage g) return netpbmGrey("P5", g, 1);
        int w = image.width();
        byte[] header = netpbmHeader("P5", image);
        byte[] out = new byte[header.length + w * image.height()];
        System.arraycopy(header, 0, out, 0, header.length);
        switch (image) {
            case MonoImage m -> {
                for (int y = 0; y < m.height(); y++) m.copyRow(y, out, header.length + y * w);
            }
            case GreyImage g -> throw new AssertionError("grey images return above");
            case RgbImage c -> {
                byte[] row = new byte[3 * w];
                for (int y = 0; y < c.height(); y++) {
                    c.copyRow(y, row, 0);
                    int o = header.length + y * w;
                    for (int i = 0; i < w; i++) {
                        int r = row[3 * i] & 0xff, g = row[3 * i + 1] & 0xff, b = row[3 * i + 2] & 0xff;
                        out[o + i] = (byte) ((77 * r + 150 * g + 29 * b + 128) >> 8);
                    }
                }
            }
        }
        return out;
    }

    private static byte[] ppm(Image image) {
        if (image instanceof GreyImage g) return netpbmGrey("P6", g, 3);
        int w = image.width();
        byte[] header = netpbmHeader("P6", image);
        byte[] out = new byte[header.length + 3 * w * image.height()];
        System.arraycopy(header, 0, out, 0, header.length);
        switch (image) {
            case RgbImage c -> {
                for (int y = 0; y < c.height(); y++) c.copyRow(y, out, header.length + 3 * y * w);
            }
            case GreyImage g -> throw new AssertionError("grey images return above");
            case MonoImage m -> {
                byte[] row = new byte[w];
                for (int y = 0; y < m.height(); y++) {
                    m.copyRow(y, row, 0);
                    int o = header.length + 3 * y * w;
                    for (int i = 0; i < w; i++) {
                        out[o + 3 * i] = out[o + 3 * i + 1] = out[o + 3 * i + 2] = row[i];
                    }
                }
            }
        }
        return out;
    }

    private static byte[] netpbmHeader(String magic, Image image) {
        return netpbmHeader(magic, image, 255);
    }

    private static byte[] netpbmHeader(String magic, Image image, int maxval) {
        return (magic + "\n" + image.width() + " " + image.height() + "\n" + maxval + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    // A grey image unscaled, maxval = its own, each sample repeated in `channels` channels; one byte
    // a sample up to maxval 255, else two, most significant first, as Netpbm defines them.
    private static byte[] netpbmGrey(String magic, GreyImage image, int channels) {
        int w = image.width();
        int bytes = image.sixteenBit() ? 2 : 1;
        byte[] header = netpbmHeader(magic, image, image.maxval());
        byte[] out = new byte[header.length + channels * bytes * w * image.height()];
        System.arraycopy(header, 0, out, 0, header.length);
        char[] row = new char[w];
        int o = header.length;
        for (int y = 0; y < image.height(); y++) {
            image.copyRow(y, row, 0);
            for (int i = 0; i < w; i++) {
                int v = row[i];
                for (int c = 0; c < channels; c++) {
                    if (bytes == 2) out[o++] = (byte) (v >>> 8);
                    out[o++] = (byte) v;
                }
            }
        }
        return out;
    }

    private static byte[] png(Image image) {
        int w = image.width();
        int h = image.height();
        boolean colour = image instanceof RgbImage;
        // A mono image is one bit a pixel: an eighth of the bytes to deflate, which took a 1024²
        // prospero image's write (encoding and the atomic file write) from 8.6 to 4.3 ms in a warm JVM, and its
        // file from 51 to 20 KB.
        int bits = image instanceof MonoImage ? 1 : image instanceof GreyImage g && g.sixteenBit() ? 16 : 8;
        int rowBytes = bits == 1 ? (w + 7) / 8 : (colour ? 3 : 1) * (bits / 8) * w;
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream(rowBytes * h / 16 + 1024);
            file.write(PNG_SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.writeByte(bits);
            d.writeByte(colour ? 2 : 0); // colour type: truecolour or greyscale
            d.writeByte(0); // compression: deflate
            d.writeByte(0); // filter method: adaptive (each row starts with its filter type)
            d.writeByte(0); // no interlace
            chunk(file, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream(rowBytes * h / 16 + 64);
            // Rows go unfiltered at deflate's fastest level. On 2048² and 4096² shaded fields the
            // Sub, Up and Paeth filters made files 10 to 25% larger, and mostly slower: slowly
            // changing colours repeat runs of identical pixels that deflate matches well, and
            // filters turn them into scattered ±1s. Higher levels saved 10 to 30% of the bytes
            // for 1.3 to 2.5 times the time.
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (OutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] row = new byte[rowBytes + 1]; // filter type 0 (none), then the row
                char[] grey = image instanceof GreyImage ? new char[w] : null;
                for (int y = 0; y < h; y++) {
                    switch (image) {
                        case MonoImage m -> m.copyRowBits(y, row, 1);
                        case RgbImage c -> c.copyRow(y, row, 1);
                        case GreyImage g -> pngGreyRow(g, y, bits, grey, row);
                    }
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

    // Row y of a grey image scaled to `bits` bits (GreyImage.pngSample), big-endian, after the filter byte.
    private static void pngGreyRow(GreyImage image, int y, int bits, char[] samples, byte[] row) {
        image.copyRow(y, samples, 0);
        int maxval = image.maxval();
        int o = 1;
        for (char h : samples) {
            int v = (int) GreyImage.pngSample(h, maxval, bits);
            if (bits == 16) row[o++] = (byte) (v >>> 8);
            row[o++] = (byte) v;
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
