package dev.ariel.volume;

import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;

/**
 * The view volume of a 3D render: an image of {@code width × height} columns, each sampled at
 * {@code depth} points along the view's z, looking down −z from the top. Immutable.
 *
 * <p>In view space the shorter image side spans {@code [c − s, c + s]} with square pixels, as in
 * 2D ({@link View}), and z spans {@code [cz − s, cz + s]}: slice k is at
 * {@code cz + s·(−1 + 2k/(D−1))}. With the default camera (centre 0, scale 1, no rotation) column
 * i is at x = −1 + 2i/(N−1), row j at y = 1 − 2j/(N−1) and slice k at z = −1 + 2k/(D−1), each
 * computed in double and rounded once to f32. The model is sampled at p_model = c + R·(p_view − c),
 * R being {@link #rotation()}; {@link #viewTape} folds that into the tape, so renderers evaluate
 * the view-space tape on the view-space grid.
 *
 * @param width image width in pixels, 1 to {@link View#MAX_SIDE}
 * @param height image height in pixels, 1 to {@link View#MAX_SIDE}
 * @param depth z samples, {@link #MIN_DEPTH} to {@link #MAX_DEPTH}
 * @param centerX the view centre's x
 * @param centerY the view centre's y
 * @param centerZ the view centre's z
 * @param scale half the extent of the shorter side and of the depth, &gt; 0
 * @param yawDegrees turn about the vertical axis, in degrees
 * @param pitchDegrees tilt about the horizontal axis, in degrees
 */
public record VolumeView(int width, int height, int depth, double centerX, double centerY, double centerZ, double scale,
        double yawDegrees, double pitchDegrees) {
    /** The fewest z samples: two, so that slice spacing 2/(D−1) is defined. */
    public static final int MIN_DEPTH = 2;
    /** The most z samples. */
    public static final int MAX_DEPTH = 16384;

    public VolumeView {
        if (width < 1 || height < 1 || width > View.MAX_SIDE || height > View.MAX_SIDE) {
            throw new IllegalArgumentException("image size " + width + "x" + height
                    + " is out of range: each side must be 1 to " + View.MAX_SIDE + " pixels");
        }
        if (depth < MIN_DEPTH || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be " + MIN_DEPTH + " to " + MAX_DEPTH + ", not " + depth);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, not " + scale);
        }
        if (!Double.isFinite(centerX) || !Double.isFinite(centerY) || !Double.isFinite(centerZ)) {
            throw new IllegalArgumentException("the centre must be finite numbers");
        }
        if (!Double.isFinite(yawDegrees) || !Double.isFinite(pitchDegrees)) {
            throw new IllegalArgumentException("yaw and pitch must be finite numbers of degrees");
        }
    }

    /** The default view of an n×n image at depth n: the cube [−1, 1]³ seen from above. */
    public static VolumeView of(int n) {
        return new VolumeView(n, n, Math.max(MIN_DEPTH, n), 0, 0, 0, 1, 0, 0);
    }

    /** A copy with another image size. */
    public VolumeView withSize(int w, int h) {
        return new VolumeView(w, h, depth, centerX, centerY, centerZ, scale, yawDegrees, pitchDegrees);
    }

    /** A copy with another number of z samples. */
    public VolumeView withDepth(int d) {
        return new VolumeView(width, height, d, centerX, centerY, centerZ, scale, yawDegrees, pitchDegrees);
    }

    /** A copy centred elsewhere. */
    public VolumeView withCenter(double x, double y, double z) {
        return new VolumeView(width, height, depth, x, y, z, scale, yawDegrees, pitchDegrees);
    }

    /** A copy at another scale. */
    public VolumeView withScale(double s) {
        return new VolumeView(width, height, depth, centerX, centerY, centerZ, s, yawDegrees, pitchDegrees);
    }

    /** A copy turned by other angles. */
    public VolumeView withRotation(double yaw, double pitch) {
        return new VolumeView(width, height, depth, centerX, centerY, centerZ, scale, yaw, pitch);
    }

    /** Whether the camera is turned at all; an unturned view evaluates the model's own tape. */
    public boolean rotated() {
        return yawDegrees != 0 || pitchDegrees != 0;
    }

    /** The 2D view of the image plane: its columns and rows are this volume's. */
    public View imageView() {
        return new View(width, height, centerX, centerY, scale, centerZ);
    }

    /** The f32 view-space x of each column, left to right. */
    public float[] columnXs() {
        return imageView().columnXs();
    }

    /** The f32 view-space y of each row, top to bottom. */
    public float[] rowYs() {
        return imageView().rowYs();
    }

    /** The f32 view-space z of each slice, k = 0 (bottom) to D − 1 (top, nearest the camera). */
    public float[] sliceZs() {
        float[] out = new float[depth];
        for (int k = 0; k < depth; k++) {
            // Written as −1 + 2k/(D−1), so the default view matches the convention bit for bit.
            out[k] = (float) (centerZ + scale * (-1.0 + 2.0 * k / (depth - 1)));
        }
        return out;
    }

    /**
     * The rotation R, row-major: p_model = c + R·(p_view − c). The identity when not {@link #rotated()}.
     *
     * <p>R = R_y(yaw)·R_x(−pitch), with R_y and R_x the right-handed turns by an angle:
     * <pre>
     *   R_y(a) = [ cos a  0  sin a ]     R_x(b) = [ 1    0       0   ]
     *            [   0    1    0   ]              [ 0  cos b  −sin b ]
     *            [−sin a  0  cos a ]              [ 0  sin b   cos b ]
     * </pre>
     * The camera orbits the centre like a turntable's: it sits in direction
     * R·(0, 0, 1) = (sin yaw·cos pitch, sin pitch, cos yaw·cos pitch) from the centre, looking
     * back at it, and its horizontal axis R·(1, 0, 0) = (cos yaw, 0, −sin yaw) stays level. So
     * positive yaw moves the camera toward the model's +x (at yaw +90° the model's +x faces the
     * camera and view +x shows model −z), and positive pitch raises it toward the model's +y (at
     * pitch +90° the camera looks down the model's −y, and up in the image is model −z). Sines and
     * cosines of multiples of 90° are exact (0, ±1), others are {@link StrictMath}'s, so R is the
     * same on every machine and quarter turns give clean tapes.
     */
    public double[] rotation() {
        double cy = cosDegrees(yawDegrees), sy = sinDegrees(yawDegrees);
        double cp = cosDegrees(pitchDegrees), sp = sinDegrees(pitchDegrees);
        double[] r = {
            cy, -sy * sp, sy * cp,
            0, cp, sp,
            -sy, -cy * sp, cy * cp,
        };
        // −0 entries (from −sin 0) would print oddly and mean nothing: a coefficient is 0 or not.
        for (int i = 0; i < r.length; i++) r[i] += 0.0;
        return r;
    }

    /**
     * The tape to evaluate on the view-space grid: {@code model} itself when not {@link #rotated()}
     * (or turned by whole turns),
     * else {@code model} with each variable replaced by its model-space coordinate
     * c + R·(p_view − c), so interval bounds over view-space boxes stay sound through the rotation
     * and gradients come out in view space. The coordinates are f32 operations of the tape, in the
     * order {@link ViewTapes} documents, with terms of coefficient exactly 0 left out.
     */
    public SsaTape viewTape(SsaTape model) {
        if (!rotated()) return model;
        double[] r = rotation();
        // Whole turns are exactly the identity: the model's own tape, whose code may be cached.
        if (r[0] == 1 && r[4] == 1 && r[8] == 1) return model;
        return ViewTapes.rotate(model, r, centerX, centerY, centerZ);
    }

    /** sin of {@code degrees}, exact at multiples of 90°. */
    static double sinDegrees(double degrees) {
        double r = reduce(degrees);
        if (r == 0 || r == 180) return 0;
        if (r == 90) return 1;
        if (r == 270) return -1;
        return StrictMath.sin(Math.toRadians(r));
    }

    /** cos of {@code degrees}, exact at multiples of 90°. */
    static double cosDegrees(double degrees) {
        double r = reduce(degrees);
        if (r == 90 || r == 270) return 0;
        if (r == 0) return 1;
        if (r == 180) return -1;
        return StrictMath.cos(Math.toRadians(r));
    }

    // The angle in [0, 360): % is exact on doubles, so multiples of 90 stay recognisable.
    private static double reduce(double degrees) {
        double r = degrees % 360;
        if (r < 0) r += 360;
        return r == 360 ? 0 : r;
    }
}
