package dev.ariel.render;

/** What a render produces. */
public enum RenderMode {
    /** Black and white: a pixel is filled where the model is &lt; 0. */
    MONO,
    /** Colours each pixel by how it was decided: by interval, by the interpreter or by compiled code. */
    DEBUG,
    /** Shades every pixel's value, so it needs every value, not just signs. */
    SDF
}
