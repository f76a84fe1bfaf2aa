package dev.ariel.render;

import java.util.Arrays;

/**
 * A grey image whose samples run 0 .. {@link #maxval()}, up to 65,535: a heightmap, say, whose
 * samples are heights 0 .. D and must survive the file unscaled or exactly invertibly. Immutable.
 *
 * <p>{@link ImageFiles} writes it as a PGM or PPM with maxval = {@code maxval} (16-bit samples when
 * it is above 255, as Netpbm has it) and as a grey PNG of bit depth 8 or 16, scaled by integer
 * rounding that {@link #pngSample} states.
 */
public final class GreyImage implements Image {
    /** The largest maxval: 16-bit samples. */
    public static final int MAX_MAXVAL = 65535;

    private final int width;
    private final int height;
    private final int maxval;
    // char is Java's unsigned 16-bit type: half the memory of int[] at 2048² and up.
    private final char[] samples;

    private GreyImage(int width, int height, int maxval, char[] samples) {
        this.width = width;
        this.height = height;
        this.maxval = maxval;
        this.samples = samples;
    }

    /**
     * An image of {@code samples}, row by row from the top, each 0 .. {@code maxval}. The array is copied.
     *
     * @throws IllegalArgumentException if a side is &lt; 1, maxval is not 1 .. 65535, the array
     *     does not hold width × height samples or a sample is out of range
     */
    public static GreyImage of(int width, int height, int maxval, int[] samples) {
        if (width < 1 || height < 1 || samples.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " grey image needs "
                    + (long) width * height + " samples, not " + samples.length);
        }
        if (maxval < 1 || maxval > MAX_MAXVAL) {
            throw new IllegalArgumentException("maxval must be 1 to " + MAX_MAXVAL + ", not " + maxval);
        }
        char[] s = new char[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i];
            if (v < 0 || v > maxval) {
                throw new IllegalArgumentException("sample " + i + " is " + v + ", outside 0 .. " + maxval);
            }
            s[i] = (char) v;
        }
        return new GreyImage(width, height, maxval, s);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The largest sample value the image may hold (not necessarily one it holds). */
    public int maxval() {
        return maxval;
    }

    /** Whether files need two bytes a sample: maxval above 255. */
    public boolean sixteenBit() {
        return maxval > 255;
    }

    /** The sample at column x, row y (row 0 at the top), 0 .. maxval. */
    public int sample(int x, int y) {
        return samples[y * width + x];
    }

    /** The sample's grey scaled to 0 .. 255 by {@link #pngSample} at 8 bits, in all three channels. */
    @Override
    public int rgb(int x, int y) {
        int g = (int) pngSample(sample(x, y), maxval, 8);
        return g << 16 | g << 8 | g;
    }

    /**
     * Sample {@code h} of 0 .. {@code maxval} as a PNG sample of {@code bits} bits:
     * {@code (2·h·(2^bits − 1) + maxval) div (2·maxval)}, h·(2^bits − 1)/maxval rounded half up in
     * integers. Since 2^bits − 1 ≥ maxval, it is exactly invertible: h = round(v·maxval/(2^bits − 1)).
     */
    public static long pngSample(int h, int maxval, int bits) {
        long top = (1L << bits) - 1;
        return (2L * h * top + maxval) / (2L * maxval);
    }

    /** Row {@code y}'s samples into {@code dst} at {@code offset}, without copying the whole image. */
    public void copyRow(int y, char[] dst, int offset) {
        System.arraycopy(samples, y * width, dst, offset, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GreyImage g && g.width == width && g.height == height && g.maxval == maxval
                && Arrays.equals(g.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * width + height) + maxval) + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "GreyImage[" + width + "x" + height + ", maxval " + maxval + "]";
    }
}
