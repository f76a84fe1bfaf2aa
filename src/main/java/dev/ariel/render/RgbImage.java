package dev.ariel.render;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An 8-bit RGB colour image, such as a shaded distance field or a debug map of how each pixel
 * was decided. Immutable.
 *
 * <p>Pixels are stored row by row from the top, three bytes each (red, green, blue), which is
 * the layout PNG and PPM want, so encoding copies rows rather than converting pixels.
 */
public final class RgbImage implements Image {
    private final int width;
    private final int height;
    private final byte[] bytes;

    // Takes ownership of bytes: only the shaders in this package, which drop their reference, call this.
    RgbImage(int width, int height, byte[] bytes) {
        if (width < 1 || height < 1 || bytes.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + 3L * width * height + " bytes, not " + bytes.length);
        }
        this.width = width;
        this.height = height;
        this.bytes = bytes;
    }

    /**
     * An image from packed {@code 0xRRGGBB} pixels, row by row from the top; the top byte of each
     * int is ignored. The array is copied.
     *
     * @throws IllegalArgumentException if a side is &lt; 1 or {@code rgb} does not hold width × height pixels
     */
    public static RgbImage of(int width, int height, int[] rgb) {
        if (width < 1 || height < 1 || rgb.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs "
                    + (long) width * height + " pixels, not " + rgb.length);
        }
        byte[] b = new byte[3 * rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            put(b, i, rgb[i]);
        }
        return new RgbImage(width, height, b);
    }

    /**
     * An image from rows of six-digit hex colours ({@code "ff0000 00ff00"}) separated by white
     * space, one line per row, for tests and goldens; the inverse of {@link #toHex()}.
     */
    public static RgbImage fromHex(String hex) {
        String[] lines = hex.strip().split("\n");
        int w = lines[0].strip().split("\\s+").length;
        int[] px = new int[w * lines.length];
        for (int j = 0; j < lines.length; j++) {
            String[] cells = lines[j].strip().split("\\s+");
            if (cells.length != w) {
                throw new IllegalArgumentException("ragged hex image at row " + j);
            }
            for (int i = 0; i < w; i++) {
                if (cells[i].length() != 6) {
                    throw new IllegalArgumentException("'" + cells[i] + "' at row " + j + " is not an RRGGBB colour");
                }
                px[j * w + i] = HexFormat.fromHexDigits(cells[i]);
            }
        }
        return of(w, lines.length, px);
    }

    // Writes pixel i's colour into its three bytes.
    static void put(byte[] bytes, int i, int rgb) {
        bytes[3 * i] = (byte) (rgb >>> 16);
        bytes[3 * i + 1] = (byte) (rgb >>> 8);
        bytes[3 * i + 2] = (byte) rgb;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int rgb(int x, int y) {
        int i = 3 * (y * width + x);
        return (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | bytes[i + 2] & 0xff;
    }

    /** A copy of the pixels, row by row from the top, three bytes (red, green, blue) each. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Row {@code y}'s 3 × width bytes into {@code dst} at {@code offset}, without copying the whole image. */
    public void copyRow(int y, byte[] dst, int offset) {
        System.arraycopy(bytes, 3 * y * width, dst, offset, 3 * width);
    }

    /** The image as text: a six-digit lower-case hex colour per pixel, space-separated, one line per row. */
    public String toHex() {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder(7 * width * height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (x > 0) sb.append(' ');
                sb.append(hex.toHexDigits(rgb(x, y), 6));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage m && m.width == width && m.height == height && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
