package dev.ariel.volume;

/**
 * What a 3D render finds: each pixel's height and the model's gradient at its top voxel. Pixels
 * are row-major, row 0 at the top. Arrays are owned by the field once made; do not change them.
 *
 * @param width image width
 * @param height image height
 * @param depth z samples, D: heights run 0 .. D
 * @param heights k + 1 for the largest filled slice k of each column, 0 where it is empty
 * @param gx ∂f/∂x in view space at each pixel's top voxel (f32, as the tiers compute it); 0 where
 *     the column is empty; null when gradients were not asked for
 * @param gy ∂f/∂y, likewise
 * @param gz ∂f/∂z, likewise
 */
public record HeightField(int width, int height, int depth, int[] heights, float[] gx, float[] gy, float[] gz) {
    public HeightField {
        int n = width * height;
        if (heights.length != n) throw new IllegalArgumentException("heights must hold width × height values");
        if ((gx == null) != (gy == null) || (gx == null) != (gz == null)) {
            throw new IllegalArgumentException("gradients come as three arrays or none");
        }
        if (gx != null && (gx.length != n || gy.length != n || gz.length != n)) {
            throw new IllegalArgumentException("gradients must hold width × height values");
        }
    }

    /** Whether this field carries gradients. */
    public boolean hasGradients() {
        return gx != null;
    }

    /** The height of the pixel at column x, row y. */
    public int heightAt(int x, int y) {
        return heights[y * width + x];
    }
}
