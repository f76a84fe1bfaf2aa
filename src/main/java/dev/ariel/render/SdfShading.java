package dev.ariel.render;

import java.util.stream.IntStream;

/**
 * Turns a field of model values into a colour picture that shows its sign, its size and its
 * shape at a glance.
 *
 * <p>Inside pixels (value &lt; 0, the ones a mono render fills) are blue, outside pixels orange;
 * both are brightest at the boundary and darken as |value| grows. Thin dark iso-lines mark every
 * {@value #BAND_PIXELS} × 2<sup>n</sup> pixel sizes of value, where 2<sup>n</sup> is the power
 * of two nearest the field's median slope: an exact distance field (slope 1) gets rings exactly
 * {@value #BAND_PIXELS} pixels apart, and a uniformly scaled one, as most models are, still gets
 * them 11 to 23 pixels apart rather than crowded or sparse. Rings that bunch or spread show where
 * the field strays from a distance field. A white line traces the zero boundary. NaN pixels are
 * a flat {@link #NAN} colour; ±∞ pixels take their side's darkest shade, with no lines.
 *
 * <p>Lines are drawn one pixel wide whatever the field's slope: each pixel estimates its distance
 * to a line as the value's distance to the line's level over the local change of value per pixel,
 * taken by finite differences over finite neighbours. The zero line is also drawn on the nearer
 * pixel of every pair of 4-neighbours of opposite sign, so it never breaks where the field jumps.
 *
 * <p>Shading is deterministic: it uses only IEEE arithmetic (square roots included) and
 * {@link StrictMath#exp}, so the same values give the same bytes on every machine.
 */
public final class SdfShading {
    /** The inside colour at full brightness (pale blue), {@code 0xRRGGBB}. */
    public static final int INSIDE = 0x66B3FF;
    /** The outside colour at full brightness (orange), {@code 0xRRGGBB}. */
    public static final int OUTSIDE = 0xFFA040;
    /** The zero-boundary line (white), {@code 0xRRGGBB}. */
    public static final int BOUNDARY = 0xFFFFFF;
    /** Pixels whose value is NaN (greyish magenta, unlike any inside or outside shade), {@code 0xRRGGBB}. */
    public static final int NAN = 0xA860A8;
    /** The value step between iso-lines, in pixel sizes, for a field of slope 1. */
    public static final int BAND_PIXELS = 16;

    // The darkest a pixel gets, as a fraction of its side's colour: far regions keep their hue.
    private static final double FLOOR = 0.22;
    // How much an iso-line darkens the pixel it crosses.
    private static final double BAND_INK = 0.45;

    private static final double SQRT_2 = Math.sqrt(2);

    private SdfShading() {}

    /**
     * The model-unit width of one pixel in {@code view}: {@code 2 × scale / (min(width, height) − 1)},
     * or {@code 2 × scale} for an image one pixel across, as {@link View} spaces its pixels.
     */
    public static double pixelSize(View view) {
        int shortSide = Math.min(view.width(), view.height());
        return 2 * view.scale() / Math.max(1, shortSide - 1);
    }

    /** Shades {@code values}, rendered over {@code view}, with the view's pixel size. */
    public static RgbImage image(View view, float[] values) {
        return image(view.width(), view.height(), values, pixelSize(view));
    }

    /**
     * Shades a field of values.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param values width × height values, row by row from the top; NaN and ±∞ allowed
     * @param pixelSize the model-unit width of a pixel, which with the field's slope sets the
     *     iso-line spacing and the falloff
     * @throws IllegalArgumentException if a side is &lt; 1, {@code values} has the wrong length, or
     *     {@code pixelSize} is not finite and &gt; 0
     */
    public static RgbImage image(int width, int height, float[] values, double pixelSize) {
        check(width, height, values, pixelSize);
        return image(width, height, values, typicalStep(values, width, height, pixelSize), true);
    }

    /**
     * Shades a field of values with a given value step per pixel instead of one measured from the
     * field: for map tiles, whose shading must not depend on what else is in the tile, so that
     * neighbours agree at their edges ({@code unit} from the whole model, see {@link #slope}).
     *
     * @param unit the value step per pixel that bands and falloff are measured in: the pixel size
     *     times the field's typical slope
     */
    public static RgbImage image(int width, int height, float[] values, double pixelSize, double unit) {
        check(width, height, values, pixelSize);
        if (!(unit > 0) || !Double.isFinite(unit)) throw new IllegalArgumentException("unit must be a finite number > 0, not " + unit);
        return image(width, height, values, unit, true);
    }

    /**
     * The view a model's slope is measured over ({@link #modelSlope}): the 256² grid of pixel
     * centres over [−1, 1]² at z = 0, which is also the service's tile (0, 0, 0).
     */
    public static final View SLOPE_VIEW = new View(256, 256, 0, 0, 255.0 / 256, 0);

    /**
     * A model's slope, for shading any view of it by one rule: the power of two nearest the median
     * slope of its field over {@link #SLOPE_VIEW}. Map tiles shade by it, so that a tile's colours
     * depend only on the model, the zoom level and the pixel and neighbours agree at every edge;
     * {@code ariel render --mode sdf} follows the same rule, so its image of a tile's view is the
     * tile's bytes.
     */
    public static double modelSlope(RenderModel model, TileRenderer renderer, Deadline deadline) {
        float[] values = ((Frame.Sdf) renderer.render(model, SLOPE_VIEW, RenderMode.SDF, 1, deadline)).values();
        return slope(SLOPE_VIEW.width(), SLOPE_VIEW.height(), values, pixelSize(SLOPE_VIEW));
    }

    /** Shades {@code values}, a frame of {@code view}, with the value step of a field of {@code slope}. */
    public static RgbImage image(View view, float[] values, double slope) {
        double px = pixelSize(view);
        return image(view.width(), view.height(), values, px, px * slope);
    }

    /**
     * The power of two nearest a field's median slope (|gradient| in value per model unit), as
     * {@link #image(int, int, float[], double)} measures it: a model's, from one image of it.
     */
    public static double slope(int width, int height, float[] values, double pixelSize) {
        check(width, height, values, pixelSize);
        return typicalStep(values, width, height, pixelSize) / pixelSize;
    }

    private static void check(int width, int height, float[] values, double pixelSize) {
        if (width < 1 || height < 1 || values.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs "
                    + (long) width * height + " values, not " + values.length);
        }
        if (!(pixelSize > 0) || !Double.isFinite(pixelSize)) {
            throw new IllegalArgumentException("pixel size must be a finite number > 0, not " + pixelSize);
        }
    }

    private static RgbImage image(int width, int height, float[] values, double unit, boolean checked) {
        // Brightness halves every 7% of the short side: shapes glow, and far regions still differ.
        double falloff = Math.max(4, Math.min(width, height) / 10.0) * unit;
        double band = BAND_PIXELS * unit;
        byte[] out = new byte[3 * width * height];
        // Rows in parallel, as Arrays.parallelSort works: each pixel reads only the input, so the
        // bytes are the same in any order. A 4096² field takes about 0.4 s on one core.
        IntStream.range(0, height).parallel().forEach(y -> {
            for (int x = 0; x < width; x++) {
                RgbImage.put(out, y * width + x, shade(values, width, height, x, y, band, falloff));
            }
        });
        return new RgbImage(width, height, out);
    }

    /**
     * The value step per pixel that the bands and the falloff are measured in: the pixel size
     * times the power of two nearest the field's median slope (|gradient| in value per model unit).
     *
     * <p>Most models are not exact distance fields but scaled ones (Prospero's slope is about 4.5),
     * and bands every 16 pixel sizes of value would then crowd 3 or 4 pixels apart. A power of two
     * keeps an exact distance field's bands at exactly {@value #BAND_PIXELS} pixel sizes while
     * spacing any uniformly scaled field's bands 11 to 23 pixels apart.
     */
    static double typicalStep(float[] values, int w, int h, double pixelSize) {
        // A histogram of rounded log2 slopes: its median is exact and costs no sort.
        int[] counts = new int[2200];
        int samples = 0;
        // Every third row and column: plenty for a median, and a ninth of the work.
        for (int y = 1; y < h; y += 3) {
            for (int x = 1; x < w; x += 3) {
                double v = values[y * w + x];
                if (!Double.isFinite(v)) continue;
                double g = gradient(values, w, h, x, y, v) / pixelSize;
                if (g > 0 && g < Double.POSITIVE_INFINITY) {
                    counts[Math.getExponent(g * SQRT_2) + 1100]++; // rounds log2 to the nearest
                    samples++;
                }
            }
        }
        int seen = 0;
        for (int e = 0; e < counts.length && samples > 0; e++) {
            seen += counts[e];
            if (2 * seen >= samples) return Math.scalb(pixelSize, Math.clamp(e - 1100, -60, 60));
        }
        return pixelSize;
    }

    private static int shade(float[] values, int w, int h, int x, int y, double band, double falloff) {
        int i = y * w + x;
        double v = values[i];
        if (Double.isNaN(v)) return NAN;
        boolean inside = v < 0;
        double size = Math.abs(v);
        double bright = FLOOR + (1 - FLOOR) * StrictMath.exp(-size / falloff); // exp(−∞) = 0
        double bandInk = 0;
        double zeroInk = 0;
        if (Double.isFinite(v)) {
            // Where the field is flat, slope 0 puts every line infinitely far (or at 0 / 0 = NaN,
            // which ink() takes as far too): a flat region crosses no level, so it gets no line.
            double slope = gradient(values, w, h, x, y, v);
            double level = Math.rint(v / band);
            if (level != 0) {
                // Where the field is steep, bands crowd into a moiré: fade them out between 4
                // and 2 pixels apart.
                double spacing = band / slope;
                bandInk = ink(Math.abs(v - level * band) / slope, 1) * clamp01((spacing - 2) / 2);
            }
            zeroInk = ink(size / slope, 1.5);
        }
        if (nearerSideOfSignChange(values, w, h, x, y, inside, size)) zeroInk = 1;
        int base = inside ? INSIDE : OUTSIDE;
        double scale = bright * (1 - BAND_INK * bandInk);
        return mix(channel(base, 16) * scale, channel(BOUNDARY, 16), zeroInk) << 16
                | mix(channel(base, 8) * scale, channel(BOUNDARY, 8), zeroInk) << 8
                | mix(channel(base, 0) * scale, channel(BOUNDARY, 0), zeroInk);
    }

    // How much of a line covers a pixel whose centre is `distance` pixels from it: all of it
    // within (reach − 1), fading linearly to none at `reach`.
    private static double ink(double distance, double reach) {
        return clamp01(reach - distance);
    }

    private static double clamp01(double t) {
        return t >= 1 ? 1 : t > 0 ? t : 0; // NaN lands on 0
    }

    // The change of value per pixel step at (x, y), |gradient| times the pixel size, from central
    // differences where both neighbours are finite and one-sided ones at edges and next to
    // non-finite values; 0 where no neighbour is finite.
    private static double gradient(float[] values, int w, int h, int x, int y, double v) {
        double gx = difference(values, v, x > 0 ? y * w + x - 1 : -1, x < w - 1 ? y * w + x + 1 : -1);
        double gy = difference(values, v, y > 0 ? (y - 1) * w + x : -1, y < h - 1 ? (y + 1) * w + x : -1);
        return Math.sqrt(gx * gx + gy * gy);
    }

    // The derivative along one axis, per pixel, from the neighbours before and after (−1 for none).
    private static double difference(float[] values, double v, int before, int after) {
        double b = before >= 0 ? values[before] : Double.NaN;
        double a = after >= 0 ? values[after] : Double.NaN;
        boolean hasB = Double.isFinite(b);
        boolean hasA = Double.isFinite(a);
        if (hasA && hasB) return (a - b) / 2;
        if (hasA) return a - v;
        if (hasB) return v - b;
        return 0;
    }

    // Whether a 4-neighbour lies on the other side of zero and is no nearer to it than this pixel:
    // the zero line then belongs here, even where the field jumps and slopes mean nothing.
    private static boolean nearerSideOfSignChange(float[] values, int w, int h, int x, int y, boolean inside, double size) {
        int i = y * w + x;
        return (x > 0 && crosses(values[i - 1], inside, size))
                || (x < w - 1 && crosses(values[i + 1], inside, size))
                || (y > 0 && crosses(values[i - w], inside, size))
                || (y < h - 1 && crosses(values[i + w], inside, size));
    }

    private static boolean crosses(float neighbour, boolean inside, double size) {
        // NaN neighbours are on neither side: NaN < 0 is false, but it must not count as outside.
        return !Float.isNaN(neighbour) && (neighbour < 0) != inside && size <= Math.abs((double) neighbour);
    }

    private static double channel(int rgb, int shift) {
        return ((rgb >>> shift) & 0xff) / 255.0;
    }

    // a mixed toward b by t in [0, 1], as an 8-bit channel.
    private static int mix(double a, double b, double t) {
        double c = a + (b - a) * t;
        return (int) (Math.min(1, Math.max(0, c)) * 255 + 0.5);
    }
}
