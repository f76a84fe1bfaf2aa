package dev.ariel.render;

/**
 * An immutable image that {@link ImageFiles} can write: a black-and-white {@link MonoImage}, a
 * colour {@link RgbImage} or a grey {@link GreyImage} of up to 16 bits (a heightmap).
 *
 * <p>Sealed so that the encoders can handle every kind of image exhaustively and keep each one's
 * natural file layout (grey PNG for mono, RGB PNG for colour, 8- or 16-bit grey for grey).
 */
public sealed interface Image permits MonoImage, RgbImage, GreyImage {
    /** Width in pixels. */
    int width();

    /** Height in pixels. */
    int height();

    /** The colour of the pixel at column x, row y (row 0 at the top), as {@code 0xRRGGBB}. */
    int rgb(int x, int y);
}
