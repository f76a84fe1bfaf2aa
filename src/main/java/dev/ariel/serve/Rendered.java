package dev.ariel.serve;

/**
 * An encoded image and how it was made, as the response headers report it.
 *
 * @param body the encoded image
 * @param contentType its media type
 * @param tier {@code interval}, {@code interp} or {@code jit}: the most capable tier that decided a pixel
 * @param renderNanos the time the render took
 * @param intervalPixels pixels decided by interval arithmetic
 * @param interpPixels pixels evaluated by the interpreter
 * @param jitPixels pixels evaluated by compiled code
 * @param immutable whether the same request always gives these bytes (debug images show tiers, which change)
 * @param voxels for a 3D image, the voxels each tier evaluated ({@code interp=N,jit=M}, its
 *     {@code X-Ariel-Voxels} header), whose pixels count as none of the tiers'; null for 2D
 * @param note a one-line note on how the image was made ({@code X-Ariel-Note}), such as a 2D
 *     model drawn as a prism; null if none
 */
record Rendered(byte[] body, String contentType, String tier, long renderNanos, long intervalPixels, long interpPixels,
        long jitPixels, boolean immutable, String voxels, String note) {
    /** A 2D image. */
    Rendered(byte[] body, String contentType, String tier, long renderNanos, long intervalPixels, long interpPixels,
            long jitPixels, boolean immutable) {
        this(body, contentType, tier, renderNanos, intervalPixels, interpPixels, jitPixels, immutable, null, null);
    }
}
