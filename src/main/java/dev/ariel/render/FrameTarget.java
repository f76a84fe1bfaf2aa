package dev.ariel.render;

import java.util.Arrays;

/**
 * Where one frame's pixels go, per mode: the variants of {@link Frame}, plus the survey pass that
 * {@code --engine jit} runs before a frame to find its compile-level tapes, which writes nothing.
 * Each tile writes only its own pixels, so threads share no mutable state here.
 */
sealed interface FrameTarget {
    /** Whether interval arithmetic may decide tiles: a mono or debug frame needs only signs, an SDF frame every value. */
    boolean decides();

    /** Whether the frame records the tiles that decided pixels (the debug picture outlines them). */
    default boolean recordsTiles() {
        return false;
    }

    /** Whether this pass only surveys the tiles down to the compile level, evaluating no leaf. */
    default boolean surveys() {
        return false;
    }

    /** A tile that interval arithmetic proved filled ({@code filled}) or empty. */
    void decided(int x, int y, int w, int h, boolean filled);

    /** Row {@code y} of a leaf, pixels {@code x .. x + w}, from {@code out[from ..]}, evaluated by tier {@code kind}. */
    void store(float[] out, int from, int x, int y, int w, byte kind);

    /** The finished frame. */
    Frame frame(View view, int[] tiles, FrameStats stats);

    /** A target for a frame of {@code view} in {@code mode}. */
    static FrameTarget of(View view, RenderMode mode) {
        int n = view.width() * view.height();
        return switch (mode) {
            case MONO -> new Mono(view.width(), new byte[n]);
            case DEBUG -> new Debug(view.width(), new byte[n], new byte[n]);
            case SDF -> new Sdf(view.width(), new float[n]);
        };
    }

    /** The survey before a frame in {@code mode}: decides tiles as that frame will, and stores nothing. */
    static FrameTarget survey(RenderMode mode) {
        return new Survey(mode != RenderMode.SDF);
    }

    private static void fill(byte[] image, int width, int x, int y, int w, int h, byte v) {
        for (int j = y; j < y + h; j++) Arrays.fill(image, j * width + x, j * width + x + w, v);
    }

    // NaN < 0 is false: NaN pixels are empty.
    private static void signs(byte[] pixels, int base, float[] out, int from, int w) {
        for (int i = 0; i < w; i++) pixels[base + i] = out[from + i] < 0f ? MonoImage.FILLED : 0;
    }

    /** A black-and-white frame. */
    record Mono(int width, byte[] pixels) implements FrameTarget {
        @Override
        public boolean decides() {
            return true;
        }

        @Override
        public void decided(int x, int y, int w, int h, boolean filled) {
            if (filled) fill(pixels, width, x, y, w, h, MonoImage.FILLED);
        }

        @Override
        public void store(float[] out, int from, int x, int y, int w, byte kind) {
            signs(pixels, y * width + x, out, from, w);
        }

        @Override
        public Frame frame(View view, int[] tiles, FrameStats stats) {
            return new Frame.Mono(view, new MonoImage(view.width(), view.height(), pixels), stats);
        }
    }

    /** A debug frame: the mono pixels and how each was decided. */
    record Debug(int width, byte[] pixels, byte[] kinds) implements FrameTarget {
        @Override
        public boolean decides() {
            return true;
        }

        @Override
        public boolean recordsTiles() {
            return true;
        }

        @Override
        public void decided(int x, int y, int w, int h, boolean filled) {
            if (filled) fill(pixels, width, x, y, w, h, MonoImage.FILLED);
            fill(kinds, width, x, y, w, h, filled ? DebugShading.FILLED_BY_INTERVAL : DebugShading.EMPTY_BY_INTERVAL);
        }

        @Override
        public void store(float[] out, int from, int x, int y, int w, byte kind) {
            int base = y * width + x;
            signs(pixels, base, out, from, w);
            Arrays.fill(kinds, base, base + w, kind);
        }

        @Override
        public Frame frame(View view, int[] tiles, FrameStats stats) {
            return new Frame.Debug(view, new MonoImage(view.width(), view.height(), pixels), kinds, tiles, stats);
        }
    }

    /** An SDF frame: every pixel's value. */
    record Sdf(int width, float[] values) implements FrameTarget {
        @Override
        public boolean decides() {
            return false;
        }

        @Override
        public void decided(int x, int y, int w, int h, boolean filled) {
            throw new IllegalStateException("an SDF frame decides no tile by interval");
        }

        @Override
        public void store(float[] out, int from, int x, int y, int w, byte kind) {
            System.arraycopy(out, from, values, y * width + x, w);
        }

        @Override
        public Frame frame(View view, int[] tiles, FrameStats stats) {
            return new Frame.Sdf(view, values, stats);
        }
    }

    /** The survey pass: nothing to store. */
    record Survey(boolean decides) implements FrameTarget {
        @Override
        public boolean surveys() {
            return true;
        }

        @Override
        public void decided(int x, int y, int w, int h, boolean filled) {}

        @Override
        public void store(float[] out, int from, int x, int y, int w, byte kind) {}

        @Override
        public Frame frame(View view, int[] tiles, FrameStats stats) {
            throw new IllegalStateException("a survey makes no frame");
        }
    }
}
