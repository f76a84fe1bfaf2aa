package dev.ariel.render;

import java.util.Locale;

/** What a render produces. */
public enum RenderMode implements Choices.Choice {
    /** Black and white: a pixel is filled where the model is &lt; 0. */
    MONO,
    /** Colours each pixel by how it was decided: by interval, by the interpreter or by compiled code. */
    DEBUG,
    /** Shades every pixel's value, so it needs every value, not just signs. */
    SDF;

    /** The mode's name as the CLI and the service spell it: {@code mono}, {@code debug} or {@code sdf}. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code value}; else an {@link IllegalArgumentException} listing the choices in one line. */
    public static RenderMode parse(String value) {
        return Choices.parse(value, values());
    }
}
