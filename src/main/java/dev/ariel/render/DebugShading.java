package dev.ariel.render;

/**
 * Colours each pixel by how the renderer decided it, and outlines the quadtree's tiles, so that
 * one picture shows where interval arithmetic settled whole tiles and where pixels had to be
 * evaluated one by one, and by which tier.
 *
 * <p>The palette, for a legend:
 * <table>
 * <caption>Debug colours</caption>
 * <tr><th>pixel</th><th>empty</th><th>filled</th></tr>
 * <tr><td>decided by interval</td><td>{@link #EMPTY_BY_INTERVAL_COLOUR} dark grey</td><td>{@link #FILLED_BY_INTERVAL_COLOUR} light grey</td></tr>
 * <tr><td>evaluated by the interpreter</td><td>{@link #INTERPRETED_EMPTY_COLOUR} dark blue</td><td>{@link #INTERPRETED_FILLED_COLOUR} light blue</td></tr>
 * <tr><td>evaluated by compiled code</td><td>{@link #COMPILED_EMPTY_COLOUR} dark orange</td><td>{@link #COMPILED_FILLED_COLOUR} light orange</td></tr>
 * </table>
 * Tile borders are the pixel's colour mixed half and half with {@link #TILE_BORDER_COLOUR} green.
 */
public final class DebugShading {
    /** Kind of a pixel in a tile that interval arithmetic proved empty (value ≥ 0 throughout). */
    public static final byte EMPTY_BY_INTERVAL = 0;
    /** Kind of a pixel in a tile that interval arithmetic proved filled (value &lt; 0 throughout). */
    public static final byte FILLED_BY_INTERVAL = 1;
    /** Kind of a pixel evaluated by the Java interpreter. */
    public static final byte INTERPRETED = 2;
    /** Kind of a pixel evaluated by compiled (JIT) code. */
    public static final byte COMPILED = 3;

    /** Colour of pixels proved empty by interval arithmetic: dark grey, {@code 0xRRGGBB}. */
    public static final int EMPTY_BY_INTERVAL_COLOUR = 0x383838;
    /** Colour of pixels proved filled by interval arithmetic: light grey, {@code 0xRRGGBB}. */
    public static final int FILLED_BY_INTERVAL_COLOUR = 0xD8D8D8;
    /** Colour of empty pixels evaluated by the interpreter: dark blue, {@code 0xRRGGBB}. */
    public static final int INTERPRETED_EMPTY_COLOUR = 0x1E4890;
    /** Colour of filled pixels evaluated by the interpreter: light blue, {@code 0xRRGGBB}. */
    public static final int INTERPRETED_FILLED_COLOUR = 0x78B4FF;
    /** Colour of empty pixels evaluated by compiled code: dark orange, {@code 0xRRGGBB}. */
    public static final int COMPILED_EMPTY_COLOUR = 0x8C4010;
    /** Colour of filled pixels evaluated by compiled code: light orange, {@code 0xRRGGBB}. */
    public static final int COMPILED_FILLED_COLOUR = 0xFFB060;
    /**
     * The tint of tile borders: green, a hue no kind uses, mixed half and half into the pixel's
     * own colour so that a border pixel still shows its kind. {@code 0xRRGGBB}.
     */
    public static final int TILE_BORDER_COLOUR = 0x20E040;

    private static final int KINDS = 4;
    // colour(kind, filled) at 2 × kind + (filled ? 1 : 0): a lookup per pixel instead of a switch.
    private static final int[] PALETTE = new int[2 * KINDS];

    static {
        for (byte k = 0; k < KINDS; k++) {
            PALETTE[2 * k] = colour(k, false);
            PALETTE[2 * k + 1] = colour(k, true);
        }
    }

    private DebugShading() {}

    /**
     * The palette colour of a pixel of {@code kind} that is {@code filled} or not. For the two
     * interval kinds the kind alone decides, and {@code filled} is ignored.
     *
     * @throws IllegalArgumentException if {@code kind} is not one of the four kinds
     */
    public static int colour(byte kind, boolean filled) {
        return switch (kind) {
            case EMPTY_BY_INTERVAL -> EMPTY_BY_INTERVAL_COLOUR;
            case FILLED_BY_INTERVAL -> FILLED_BY_INTERVAL_COLOUR;
            case INTERPRETED -> filled ? INTERPRETED_FILLED_COLOUR : INTERPRETED_EMPTY_COLOUR;
            case COMPILED -> filled ? COMPILED_FILLED_COLOUR : COMPILED_EMPTY_COLOUR;
            default -> throw new IllegalArgumentException("unknown pixel kind " + kind);
        };
    }

    /** The colour of a tile-border pixel whose own colour is {@code rgb}. */
    public static int border(int rgb) {
        // Halving each channel before adding cannot carry into the next; the lost low bits are
        // at most one level per channel.
        return ((rgb >>> 1) & 0x7F7F7F) + ((TILE_BORDER_COLOUR >>> 1) & 0x7F7F7F);
    }

    /**
     * The debug picture of a render.
     *
     * <p>Tiles are packed as {@code x, y, size} triples, in pixels from the top left. Each tile
     * outlines its top row and left column, so that where tiles cover the image, as a quadtree's
     * leaves do, every edge between two tiles is one pixel wide. Tiles may reach past the image's
     * right and bottom edges (the quadtree's root is a power of two); the parts outside are
     * clipped.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param kinds width × height kinds, row by row from the top: {@link #EMPTY_BY_INTERVAL},
     *     {@link #FILLED_BY_INTERVAL}, {@link #INTERPRETED} or {@link #COMPILED}
     * @param filled width × height pixels, non-zero where filled, as {@link MonoImage#pixels()}
     *     gives them; read only for evaluated pixels
     * @param tiles the rendered tiles as {@code x, y, size} triples
     * @throws IllegalArgumentException if a side is &lt; 1, an array has the wrong length, a kind is
     *     unknown, or a tile has a size &lt; 1
     */
    public static RgbImage image(int width, int height, byte[] kinds, byte[] filled, int[] tiles) {
        long n = (long) width * height;
        if (width < 1 || height < 1 || kinds.length != n || filled.length != n) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + n
                    + " kinds and filled flags, not " + kinds.length + " and " + filled.length);
        }
        if (tiles.length % 3 != 0) {
            throw new IllegalArgumentException("tiles are x, y, size triples: " + tiles.length + " ints is not a whole number of them");
        }
        // Marked first and tinted once, so that tiles that overlap or repeat tint no pixel twice.
        boolean[] edge = new boolean[(int) n];
        for (int t = 0; t < tiles.length; t += 3) {
            int x0 = tiles[t], y0 = tiles[t + 1], size = tiles[t + 2];
            if (size < 1) {
                throw new IllegalArgumentException("tile " + t / 3 + " at " + x0 + "," + y0 + " has size " + size);
            }
            int x1 = (int) Math.min(width, (long) x0 + size);
            int y1 = (int) Math.min(height, (long) y0 + size);
            if (y0 >= 0 && y0 < height) {
                for (int x = Math.max(0, x0); x < x1; x++) edge[y0 * width + x] = true;
            }
            if (x0 >= 0 && x0 < width) {
                for (int y = Math.max(0, y0); y < y1; y++) edge[y * width + x0] = true;
            }
        }
        byte[] out = new byte[3 * (int) n];
        for (int i = 0; i < n; i++) {
            int kind = kinds[i];
            if (kind < 0 || kind >= KINDS) {
                throw new IllegalArgumentException("unknown pixel kind " + kind + " at " + i % width + "," + i / width);
            }
            int rgb = PALETTE[2 * kind + (filled[i] != 0 ? 1 : 0)];
            RgbImage.put(out, i, edge[i] ? border(rgb) : rgb);
        }
        return new RgbImage(width, height, out);
    }
}
