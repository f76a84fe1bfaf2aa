package dev.ariel.render;

import dev.ariel.tape.Box;

/**
 * What part of the plane an image shows, and at how many pixels: immutable.
 *
 * <p>The shorter side of the image spans {@code [c − s, c + s]} and pixels are square. Pixel
 * coordinates are computed in double and rounded once to f32, so every tier sees the same
 * floats. For the default view of an N×N image this is exactly the Prospero challenge grid:
 * column i is at x = −1 + 2i/(N−1), and row j at y = 1 − 2j/(N−1) (the top row is y = +1).
 *
 * @param width image width in pixels, 1 to {@link #MAX_SIDE}
 * @param height image height in pixels, 1 to {@link #MAX_SIDE}
 * @param centerX the x coordinate at the image's centre
 * @param centerY the y coordinate at the image's centre
 * @param scale half the extent of the shorter side, &gt; 0
 * @param z the z coordinate of the slice, for models that read {@code var-z}
 */
public record View(int width, int height, double centerX, double centerY, double scale, double z) {
    /** The widest or tallest image Ariel renders: 16,384 pixels (a 256 MiB bitmap at most). */
    public static final int MAX_SIDE = 16384;

    public View {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("image size " + width + "x" + height
                    + " is out of range: each side must be 1 to " + MAX_SIDE + " pixels");
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, not " + scale);
        }
        if (!Double.isFinite(centerX) || !Double.isFinite(centerY) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("the centre and z must be finite numbers");
        }
    }

    /** The challenge view: an n×n image of [−1, 1]² at z = 0. */
    public static View of(int n) {
        return new View(n, n, 0, 0, 1, 0);
    }

    /** A copy with another image size. */
    public View withSize(int newWidth, int newHeight) {
        return new View(newWidth, newHeight, centerX, centerY, scale, z);
    }

    /** A copy centred elsewhere. */
    public View withCenter(double x, double y) {
        return new View(width, height, x, y, scale, z);
    }

    /** A copy at another scale. */
    public View withScale(double s) {
        return new View(width, height, centerX, centerY, s, z);
    }

    /** A copy at another z slice. */
    public View withZ(double newZ) {
        return new View(width, height, centerX, centerY, scale, newZ);
    }

    /** The range of f32 coordinates this view's pixels take, for evaluators that specialise on it. */
    public Box box() {
        float x0 = coordinate(0, width, centerX, 1), x1 = coordinate(width - 1, width, centerX, 1);
        float y0 = coordinate(0, height, centerY, -1), y1 = coordinate(height - 1, height, centerY, -1);
        float zf = (float) z;
        return new Box(Math.min(x0, x1), Math.max(x0, x1), Math.min(y0, y1), Math.max(y0, y1), zf, zf);
    }

    /** The f32 x coordinate of each column, left to right. */
    public float[] columnXs() {
        return axis(width, centerX, 1);
    }

    /** The f32 y coordinate of each row, top to bottom. */
    public float[] rowYs() {
        return axis(height, centerY, -1);
    }

    private float[] axis(int n, double center, int direction) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = coordinate(i, n, center, direction);
        }
        return out;
    }

    // Pixel i of n along an axis, in double, rounded once to f32.
    private float coordinate(int i, int n, double center, int direction) {
        int shortSide = Math.min(width, height);
        if (shortSide == 1) {
            // One pixel across: it sits at the centre, and the longer side steps by the full span.
            return (float) (center + direction * scale * (2.0 * i - (n - 1)));
        }
        // Written as the challenge writes it, −1 + 2i/(N−1), so the default view matches it bit for bit.
        double u = -((double) (n - 1) / (shortSide - 1)) + 2.0 * i / (shortSide - 1);
        return (float) (center + direction * scale * u);
    }
}
