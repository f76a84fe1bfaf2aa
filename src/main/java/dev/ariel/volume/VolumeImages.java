package dev.ariel.volume;

import dev.ariel.render.GreyImage;
import dev.ariel.render.Image;
import dev.ariel.render.RgbImage;

/**
 * Images of a {@link HeightField}: heightmaps, normal maps and shaded pictures, by the conventions
 * the README states so that an independent program can check them. Empty pixels (height 0) are
 * black in the normal map and the shaded picture.
 *
 * <p><b>Normals.</b> The gradient (gx, gy, gz), already in view space, is normalised in f64 and
 * each component n maps to floor((n + 1)/2 · 255 + 0.5) as R, G, B; a zero, infinite or NaN
 * gradient maps to (128, 128, 255), a surface facing the camera.
 *
 * <p><b>Shading.</b> With n that unit normal ((0, 0, 1) where the gradient is degenerate) and
 * L = (−1, 1, 2)/√6 (a light up and to the left, in front), each channel is
 * floor(base · ao · ({@value #AMBIENT} + {@value #DIFFUSE} · max(0, n·L)) + 0.5), base =
 * {@code #F0E1C8}, and ao = 1 without ambient occlusion.
 *
 * <p><b>Ambient occlusion</b> ({@link #occlusion}) is a horizon estimate from the heights and the
 * tangent planes, deterministic (a fixed pattern, no randomness): for each filled pixel p and each
 * of K = 24 neighbours q at integer offsets (dx, dy) (8 directions on 3 rings of radius R/3, 2R/3
 * and R pixels, R = max(2, ⌊min(w, h)/32⌋), each ring turned by 15° from the last), the height of q
 * above p's tangent plane, less one slice (so that the heights' quantisation does not shade
 * smooth slopes), in pixel widths, is
 * Δ = (h_q − h_p)·r − s_x·dx − s_y·dy − r, where r is a slice's height in pixel widths,
 * ((2/(D − 1))/(2/(min(w, h) − 1))), and s_x = −gx/gz, s_y = gy/gz the plane's rise per pixel
 * along the columns and down the rows (clamped to ±4; 0 where gz ≤ 0 or the gradient is not
 * finite). Each neighbour occludes by the sine of its elevation above the plane,
 * max(0, Δ)/√(Δ² + dx² + dy²), every step an f32 operation, summed in the order of the offsets;
 * ao = 1 − (sum)/K. Neighbours outside the image occlude nothing; empty ones (height 0) are
 * almost always below the plane.
 */
public final class VolumeImages {
    /** The ambient share of the light. */
    public static final double AMBIENT = 0.25;
    /** The directional share of the light. */
    public static final double DIFFUSE = 0.75;
    /** The shaded surface's colour, {@code 0xRRGGBB}, before lighting. */
    public static final int BASE = 0xF0E1C8;
    /** The colour of a normal facing the camera, and of a degenerate gradient. */
    public static final int FACING = 0x8080FF;

    private static final double LIGHT_X = -1 / Math.sqrt(6), LIGHT_Y = 1 / Math.sqrt(6), LIGHT_Z = 2 / Math.sqrt(6);
    private static final int DIRECTIONS = 8;
    private static final int RINGS = 3;
    private static final float SLOPE_LIMIT = 4;

    private VolumeImages() {}

    /** The picture {@code mode} asks for; {@code ssao} adds ambient occlusion to shaded pictures. */
    public static Image of(HeightField field, VolumeMode mode, boolean ssao) {
        return switch (mode) {
            case HEIGHTMAP -> heightmap(field);
            case NORMALS -> normals(field);
            case SHADED -> shaded(field, ssao);
        };
    }

    /** The heights 0 .. D as grey samples with maxval D. */
    public static GreyImage heightmap(HeightField field) {
        return GreyImage.of(field.width(), field.height(), field.depth(), field.heights());
    }

    /** The normal map: see the class comment. */
    public static RgbImage normals(HeightField field) {
        requireGradients(field);
        int[] h = field.heights();
        int[] rgb = new int[h.length];
        float[] gx = field.gx(), gy = field.gy(), gz = field.gz();
        for (int i = 0; i < h.length; i++) {
            if (h[i] > 0) rgb[i] = normalColour(gx[i], gy[i], gz[i]);
        }
        return RgbImage.of(field.width(), field.height(), rgb);
    }

    /** The shaded picture, with ambient occlusion when {@code ssao}: see the class comment. */
    public static RgbImage shaded(HeightField field, boolean ssao) {
        requireGradients(field);
        int[] h = field.heights();
        float[] ao = ssao ? occlusion(field) : null;
        float[] gx = field.gx(), gy = field.gy(), gz = field.gz();
        int br = BASE >>> 16, bg = BASE >>> 8 & 0xff, bb = BASE & 0xff;
        int[] rgb = new int[h.length];
        for (int i = 0; i < h.length; i++) {
            if (h[i] == 0) continue;
            double x = gx[i], y = gy[i], z = gz[i];
            double len = Math.sqrt(x * x + y * y + z * z);
            double dot;
            if (len > 0 && len < Double.POSITIVE_INFINITY) {
                dot = (x * LIGHT_X + y * LIGHT_Y + z * LIGHT_Z) / len;
            } else {
                dot = LIGHT_Z; // the facing normal (0, 0, 1)
            }
            double light = AMBIENT + DIFFUSE * Math.max(0, dot);
            if (ao != null) light *= ao[i];
            rgb[i] = channel(br, light) << 16 | channel(bg, light) << 8 | channel(bb, light);
        }
        return RgbImage.of(field.width(), field.height(), rgb);
    }

    /** The colour of gradient (gx, gy, gz) in the normal map. */
    static int normalColour(float gx, float gy, float gz) {
        double x = gx, y = gy, z = gz;
        // Squares of floats cannot overflow a double, so len is infinite or NaN only for such inputs.
        double len = Math.sqrt(x * x + y * y + z * z);
        if (!(len > 0) || len == Double.POSITIVE_INFINITY) return FACING;
        return unit(x / len) << 16 | unit(y / len) << 8 | unit(z / len);
    }

    private static int unit(double n) {
        return (int) Math.floor((n + 1) / 2 * 255 + 0.5);
    }

    private static int channel(int base, double light) {
        return (int) Math.min(255, Math.floor(base * light + 0.5));
    }

    /**
     * The ambient-occlusion factor of every pixel, 0 (buried) to 1 (open); 1 for empty pixels.
     * See the class comment.
     */
    static float[] occlusion(HeightField field) {
        requireGradients(field);
        int w = field.width(), hgt = field.height(), depth = field.depth();
        int[] h = field.heights();
        int[][] offsets = sampleOffsets(w, hgt);
        int shortSide = Math.min(w, hgt);
        // A pixel spans 2s/(min − 1) and a slice 2s/(D − 1); with one pixel across, a pixel spans 2s.
        double pixel = shortSide == 1 ? 2 : 2.0 / (shortSide - 1);
        float ratio = (float) (2.0 / (depth - 1) / pixel);
        float[] sx = new float[h.length], sy = new float[h.length];
        slopes(field, sx, sy);
        float[] sum = new float[h.length];
        int[] first = new int[hgt], last = new int[hgt];
        filledSpans(h, w, first, last);
        // Offset by offset over each row's span of filled pixels, bounds hoisted: one streaming,
        // branch-free pass each, which C2 vectorises (f32 sqrt and division included), so 512²
        // takes a few ms. Empty pixels inside a span gather junk, which the end overwrites. Every
        // step is an f32 operation in a fixed order, so vectorised or not the result is the same.
        for (int[] o : offsets) {
            int dx = o[0], dy = o[1];
            float fx = dx, fy = dy, d2 = dx * dx + dy * dy;
            int x0 = Math.max(0, -dx), x1 = Math.min(w, w - dx);
            int y0 = Math.max(0, -dy), y1 = Math.min(hgt, hgt - dy);
            int shift = dy * w + dx;
            for (int y = y0; y < y1; y++) {
                int row = y * w;
                occludeSpan(h, sx, sy, sum, row + Math.max(x0, first[y]), row + Math.min(x1, last[y]), shift, ratio, fx, fy, d2);
            }
        }
        float k = offsets.length;
        for (int i = 0; i < sum.length; i++) sum[i] = h[i] == 0 ? 1 : 1 - sum[i] / k;
        return sum;
    }

    // One offset's occlusion over pixels [from, to): a method of its own so that the JIT compiles
    // it whole and early (it runs once a row), rather than by on-stack replacement of the caller.
    private static void occludeSpan(int[] h, float[] sx, float[] sy, float[] sum, int from, int to, int shift,
            float ratio, float fx, float fy, float d2) {
        for (int i = from; i < to; i++) {
            float above = (h[i + shift] - h[i]) * ratio - sx[i] * fx - sy[i] * fy - ratio;
            float delta = Math.max(0, above);
            sum[i] += delta / (float) Math.sqrt(delta * delta + d2);
        }
    }

    // Each row's filled pixels lie in [first, last); an empty row has first = last = 0.
    private static void filledSpans(int[] h, int w, int[] first, int[] last) {
        for (int y = 0; y < first.length; y++) {
            int row = y * w, a = 0, b = w;
            while (a < w && h[row + a] == 0) a++;
            if (a == w) continue;
            while (h[row + b - 1] == 0) b--;
            first[y] = a;
            last[y] = b;
        }
    }

    // The tangent plane's rise, in pixels per pixel, along the columns (sx) and down the rows (sy):
    // −gx/gz and gy/gz (a row down is view −y), clamped to ±SLOPE_LIMIT; 0 for a degenerate
    // gradient or one that does not face the camera (gz ≤ 0), so such pixels use the flat horizon.
    private static void slopes(HeightField field, float[] sx, float[] sy) {
        float[] gx = field.gx(), gy = field.gy(), gz = field.gz();
        for (int i = 0; i < sx.length; i++) {
            float x = gx[i], y = gy[i], z = gz[i];
            if (!(z > 0) || !Float.isFinite(x) || !Float.isFinite(y) || z == Float.POSITIVE_INFINITY) continue;
            sx[i] = Math.clamp(-x / z, -SLOPE_LIMIT, SLOPE_LIMIT);
            sy[i] = Math.clamp(y / z, -SLOPE_LIMIT, SLOPE_LIMIT);
        }
    }

    /** The K integer neighbour offsets {dx, dy} that {@link #occlusion} samples, for an image of w × h. */
    static int[][] sampleOffsets(int w, int h) {
        int radius = Math.max(2, Math.min(w, h) / 32);
        int[][] out = new int[DIRECTIONS * RINGS][];
        int n = 0;
        for (int ring = 1; ring <= RINGS; ring++) {
            double r = radius * ring / (double) RINGS;
            for (int k = 0; k < DIRECTIONS; k++) {
                double a = Math.toRadians(360.0 * k / DIRECTIONS + 15.0 * (ring - 1));
                int dx = (int) Math.round(r * StrictMath.cos(a)), dy = (int) Math.round(r * StrictMath.sin(a));
                // A ring small enough to round onto the pixel itself samples its neighbour instead.
                if (dx == 0 && dy == 0) dx = 1;
                out[n++] = new int[] {dx, dy};
            }
        }
        return out;
    }

    private static void requireGradients(HeightField field) {
        if (!field.hasGradients()) {
            throw new IllegalArgumentException("normal maps and shaded pictures need a height field with gradients");
        }
    }
}
