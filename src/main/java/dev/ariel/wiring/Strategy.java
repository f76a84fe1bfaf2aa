package dev.ariel.wiring;

import dev.ariel.render.Choices;
import java.util.Locale;

/** How a frame is evaluated: the CLI's {@code --strategy}. */
public enum Strategy implements Choices.Choice {
    /** Interval arithmetic over a quadtree of tiles ({@link dev.ariel.render.TileRenderer}). */
    PRUNED,
    /** Every pixel, whole model ({@link dev.ariel.render.Renderer}). */
    BRUTE;

    /** The name as the CLI spells it: {@code pruned} or {@code brute}. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy named {@code value}; else an {@link IllegalArgumentException} listing the choices in one line. */
    public static Strategy parse(String value) {
        return Choices.parse(value, values());
    }
}
