package dev.ariel.volume;

import dev.ariel.render.Image;

/**
 * Images of a {@link HeightField}: heightmaps, normal maps and shaded pictures, by the conventions
 * the README states so that an independent program can check them.
 */
public final class VolumeImages {
    private VolumeImages() {}

    /** The picture {@code mode} asks for; {@code ssao} adds ambient occlusion to shaded pictures. */
    public static Image of(HeightField field, VolumeMode mode, boolean ssao) {
        throw new UnsupportedOperationException("to be written: volume images");
    }
}
