package dev.ariel.render;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The image file formats Ariel writes, chosen by the output file's extension. */
public enum ImageFormat implements Choices.Choice {
    /**
     * PNG: 8-bit greyscale for a {@link MonoImage}, 8-bit RGB for an {@link RgbImage},
     * 8- or 16-bit greyscale for a {@link GreyImage}.
     */
    PNG("png"),
    /**
     * Binary PPM (P6), 8-bit RGB: trivial to read from any language. Mono images are written as
     * grey; a {@link GreyImage} keeps its maxval (16-bit samples above 255).
     */
    PPM("ppm"),
    /**
     * Binary PGM (P5), 8-bit greyscale: trivial to read from any language. RGB images are written as
     * their luma; a {@link GreyImage} keeps its maxval (16-bit samples above 255).
     */
    PGM("pgm");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format's name as {@code --format} spells it: its extension. */
    @Override
    public String label() {
        return extension;
    }

    /** The extensions Ariel writes, for messages: {@code ".png, .ppm or .pgm"}. */
    public static String choices() {
        StringBuilder sb = new StringBuilder();
        ImageFormat[] all = values();
        for (int i = 0; i < all.length; i++) {
            if (i > 0) sb.append(i == all.length - 1 ? " or " : ", ");
            sb.append('.').append(all[i].extension);
        }
        return sb.toString();
    }

    /** The format named {@code value} ({@code png}, {@code ppm} or {@code pgm}); else a one-line {@link IllegalArgumentException}. */
    public static ImageFormat parse(String value) {
        return Choices.parse(value, values());
    }

    /** The format that {@code path}'s extension names, if it names one (case-insensitive). */
    public static Optional<ImageFormat> forPath(Path path) {
        Path name = path.getFileName();
        if (name == null) return Optional.empty();
        String s = name.toString().toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (s.endsWith("." + f.extension)) return Optional.of(f);
        }
        return Optional.empty();
    }
}
