package dev.ariel.render;

/**
 * One rendered frame: its pixels in the form its mode produces, and its statistics.
 *
 * @param mode what was rendered
 * @param width image width
 * @param height image height
 * @param mono the black-and-white image (null in SDF mode)
 * @param kinds for a debug frame, how each pixel was decided ({@link TileRenderer#EMPTY_BY_INTERVAL}...); else null
 * @param values for an SDF frame, every pixel's value, row by row from the top; else null
 * @param tiles for a debug frame, the tiles that decided pixels, as {@code x, y, size} triples
 * @param view the view rendered
 * @param stats where the time went
 */
public record Frame(RenderMode mode, int width, int height, MonoImage mono, byte[] kinds, float[] values, int[] tiles, View view,
        FrameStats stats) {}
