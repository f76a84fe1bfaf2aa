package dev.ariel.render;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The image file formats Ariel writes, chosen by the output file's extension. */
public enum ImageFormat {
    /** PNG, 8-bit greyscale. */
    PNG("png"),
    /** Binary PGM (P5), 8-bit greyscale: trivial to read from any language. */
    PGM("pgm");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
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
