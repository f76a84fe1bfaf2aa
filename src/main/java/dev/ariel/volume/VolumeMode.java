package dev.ariel.volume;

import dev.ariel.render.Choices;
import java.util.Locale;

/** What a 3D render produces: the CLI's {@code render3d --mode}. */
public enum VolumeMode implements Choices.Choice {
    /** Each pixel's height, k + 1 for its top filled voxel k, as grey samples. */
    HEIGHTMAP,
    /** The model's gradient at each pixel's top voxel, in view space, as RGB. */
    NORMALS,
    /** The normals lit by a fixed directional light plus ambient. */
    SHADED;

    /** The name as the CLI and the service spell it. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this mode needs gradients at the top voxels. */
    public boolean needsGradients() {
        return this != HEIGHTMAP;
    }

    /** The mode named {@code value}; else an {@link IllegalArgumentException} listing the choices in one line. */
    public static VolumeMode parse(String value) {
        return Choices.parse(value, values());
    }
}
