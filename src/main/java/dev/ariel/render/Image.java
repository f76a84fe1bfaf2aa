package dev.ariel.render;

/**
 * An immutable image that {@link ImageFiles} can write: a black-and-white {@link MonoImage} or a
 * colour {@link RgbImage}.
 *
 * <p>Sealed so that the encoders can handle every kind of image exhaustively and keep each one's
 * natural file layout (grey PNG for mono, RGB PNG for colour).
 */
public sealed interface Image permits MonoImage, RgbImage {
    /** Width in pixels. */
    int width();

    /** Height in pixels. */
    int height();

    /** The colour of the pixel at column x, row y (row 0 at the top), as {@code 0xRRGGBB}. */
    int rgb(int x, int y);
}
