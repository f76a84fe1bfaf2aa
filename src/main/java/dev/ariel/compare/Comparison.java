package dev.ariel.compare;

import java.util.List;

/**
 * What {@code ariel compare} measured for one model: a row per level and strategy, the
 * interpreter's baseline rows among them.
 *
 * @param model the model's source name
 * @param width image width
 * @param height image height
 * @param runs frames rendered per level (interleaved across levels)
 * @param host the CPU the code was compiled for, such as {@code znver5}
 * @param rows the rows, in the order the table shows them
 */
public record Comparison(String model, int width, int height, int runs, String host, List<LevelResult> rows) {
    public Comparison {
        rows = List.copyOf(rows);
    }
}
