package dev.ariel.render;

/**
 * One rendered frame: its pixels in the form its mode produces, and its statistics. Each mode has
 * its own variant, so no field is null by mode.
 */
public sealed interface Frame permits Frame.Mono, Frame.Debug, Frame.Sdf {
    /** The view rendered. */
    View view();

    /** Where the time went. */
    FrameStats stats();

    /** What was rendered. */
    RenderMode mode();

    /** Image width. */
    default int width() {
        return view().width();
    }

    /** Image height. */
    default int height() {
        return view().height();
    }

    /**
     * The picture of this frame: the mono image itself, the debug colouring of how each pixel was
     * decided (with the tiles outlined), or the SDF shading of the values.
     */
    Image image();

    /**
     * A black-and-white frame.
     *
     * @param mono a pixel is filled where the model is &lt; 0
     */
    record Mono(View view, MonoImage mono, FrameStats stats) implements Frame {
        @Override
        public RenderMode mode() {
            return RenderMode.MONO;
        }

        @Override
        public Image image() {
            return mono;
        }
    }

    /**
     * A debug frame: the mono image and how each pixel was decided.
     *
     * @param kinds how each pixel was decided ({@link DebugShading#EMPTY_BY_INTERVAL}...)
     * @param tiles the tiles that decided pixels, as {@code x, y, size} triples
     */
    record Debug(View view, MonoImage mono, byte[] kinds, int[] tiles, FrameStats stats) implements Frame {
        @Override
        public RenderMode mode() {
            return RenderMode.DEBUG;
        }

        @Override
        public Image image() {
            return DebugShading.image(width(), height(), kinds, mono.pixels(), tiles);
        }
    }

    /**
     * An SDF frame: every pixel's value.
     *
     * @param values every pixel's value, row by row from the top
     */
    record Sdf(View view, float[] values, FrameStats stats) implements Frame {
        @Override
        public RenderMode mode() {
            return RenderMode.SDF;
        }

        @Override
        public Image image() {
            return SdfShading.image(view, values);
        }
    }
}
