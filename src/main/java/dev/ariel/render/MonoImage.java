package dev.ariel.render;

import java.util.Arrays;

/**
 * A rendered black-and-white image: a pixel is filled (255) where the model is &lt; 0 and empty
 * (0) elsewhere, NaN included. Immutable.
 */
public final class MonoImage implements Image {
    /** The byte value of a filled pixel. */
    public static final byte FILLED = (byte) 255;

    private final int width;
    private final int height;
    private final byte[] pixels;

    // Takes ownership of pixels: only the renderer, which drops its reference, calls this.
    MonoImage(int width, int height, byte[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** An image from rows of {@code '#'} (filled) and anything else (empty), for tests and goldens. */
    public static MonoImage fromAscii(String ascii) {
        String[] lines = ascii.strip().split("\n");
        int w = lines[0].length();
        byte[] px = new byte[w * lines.length];
        for (int j = 0; j < lines.length; j++) {
            if (lines[j].length() != w) {
                throw new IllegalArgumentException("ragged ASCII image at row " + j);
            }
            for (int i = 0; i < w; i++) {
                px[j * w + i] = lines[j].charAt(i) == '#' ? FILLED : 0;
            }
        }
        return new MonoImage(w, lines.length, px);
    }

    /** Width in pixels. */
    @Override
    public int width() {
        return width;
    }

    /** Height in pixels. */
    @Override
    public int height() {
        return height;
    }

    /** Whether the pixel at column x, row y (row 0 at the top) is filled. */
    public boolean isFilled(int x, int y) {
        return pixels[y * width + x] != 0;
    }

    /** The colour of the pixel at column x, row y: {@code 0xFFFFFF} if filled, {@code 0} if empty. */
    @Override
    public int rgb(int x, int y) {
        return isFilled(x, y) ? 0xFFFFFF : 0;
    }

    /** The number of filled pixels. */
    public int filledCount() {
        int n = 0;
        for (byte p : pixels) {
            if (p != 0) n++;
        }
        return n;
    }

    /** A copy of the pixels, row by row from the top, 0 or 255 each. */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Row {@code y} into {@code dst} at {@code offset}, without copying the whole image. */
    public void copyRow(int y, byte[] dst, int offset) {
        System.arraycopy(pixels, y * width, dst, offset, width);
    }

    /**
     * Copies row {@code y} into {@code dst} from {@code offset} as one bit a pixel, most
     * significant first and 1 for filled (a 1-bit greyscale PNG row), padding the last byte with 0s.
     */
    public void copyRowBits(int y, byte[] dst, int offset) {
        int base = y * width;
        int full = width >>> 3;
        for (int b = 0; b < full; b++) {
            int p = base + (b << 3);
            int v = (pixels[p] & 0x80) | (pixels[p + 1] & 0x40) | (pixels[p + 2] & 0x20) | (pixels[p + 3] & 0x10)
                    | (pixels[p + 4] & 0x08) | (pixels[p + 5] & 0x04) | (pixels[p + 6] & 0x02) | (pixels[p + 7] & 0x01);
            dst[offset + b] = (byte) v;
        }
        if ((width & 7) != 0) {
            int v = 0;
            for (int x = full << 3; x < width; x++) v |= (pixels[base + x] != 0 ? 1 : 0) << (7 - (x & 7));
            dst[offset + full] = (byte) v;
        }
    }

    /** The image as text: {@code '#'} for filled, {@code '.'} for empty, one line per row. */
    public String toAscii() {
        StringBuilder sb = new StringBuilder((width + 1) * height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sb.append(isFilled(x, y) ? '#' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonoImage m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "MonoImage[" + width + "x" + height + ", " + filledCount() + " filled]";
    }
}
