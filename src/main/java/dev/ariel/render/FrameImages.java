package dev.ariel.render;

/** Turns a {@link Frame} into the image its mode shows. */
public final class FrameImages {
    private FrameImages() {}

    /**
     * The picture of {@code frame}: the mono image itself, the debug colouring of how each pixel
     * was decided (with the tiles outlined), or the SDF shading of the values.
     */
    public static Image image(Frame frame) {
        return switch (frame.mode()) {
            case MONO -> frame.mono();
            case DEBUG -> DebugShading.image(frame.width(), frame.height(), frame.kinds(), frame.mono().pixels(),
                    frame.tiles());
            case SDF -> SdfShading.image(frame.view(), frame.values());
        };
    }
}
