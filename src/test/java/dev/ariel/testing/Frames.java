package dev.ariel.testing;

import dev.ariel.render.Frame;
import dev.ariel.render.MonoImage;

/** Tests' access to a frame's variant: the mono image, the values or the kinds, null where the variant has none. */
public final class Frames {
    private Frames() {}

    /** The mono image of a mono or debug frame, else null. */
    public static MonoImage mono(Frame f) {
        return switch (f) {
            case Frame.Mono m -> m.mono();
            case Frame.Debug d -> d.mono();
            case Frame.Sdf s -> null;
        };
    }

    /** The values of an SDF frame, else null. */
    public static float[] values(Frame f) {
        return f instanceof Frame.Sdf s ? s.values() : null;
    }

    /** How each pixel of a debug frame was decided, else null. */
    public static byte[] kinds(Frame f) {
        return f instanceof Frame.Debug d ? d.kinds() : null;
    }
}
