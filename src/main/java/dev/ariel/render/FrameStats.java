package dev.ariel.render;

/**
 * Where one frame's time went and what decided its pixels. Times other than {@link #wallNanos}
 * are summed over the render threads, so on two busy threads they add up to about twice the wall
 * time.
 *
 * @param wallNanos the frame from start to finish, on the caller's clock
 * @param intervalNanos interval arithmetic, summed over threads
 * @param simplifyNanos deciding tiles and simplifying their tapes, summed over threads
 * @param evalNanos evaluating pixels (interpreter and compiled code), summed over threads
 * @param tierNanos looking compiled code up (hashing tapes at the compile level), summed over threads
 * @param compileWaitNanos time the frame waited for compiles ({@code --engine jit} only)
 * @param tilesFilled tiles that interval arithmetic proved filled, at any level
 * @param tilesEmpty tiles that interval arithmetic proved empty, at any level
 * @param leavesInterpreted leaf tiles evaluated by the interpreter
 * @param leavesCompiled leaf tiles evaluated by compiled code
 * @param pixelsInterpreted pixels evaluated by the interpreter
 * @param pixelsCompiled pixels evaluated by compiled code
 * @param opEvaluations tape instructions times pixels, summed over every leaf
 * @param intervalOps tape instructions bounded by interval arithmetic, summed over every tile
 * @param compileTiles tiles at the compile level that needed pixel work
 * @param compiledTiles those of them served by compiled code (a cache hit)
 */
public record FrameStats(long wallNanos, long intervalNanos, long simplifyNanos, long evalNanos, long tierNanos, long compileWaitNanos,
        long tilesFilled, long tilesEmpty, long leavesInterpreted, long leavesCompiled, long pixelsInterpreted,
        long pixelsCompiled, long opEvaluations, long intervalOps, long compileTiles, long compiledTiles) {

    /** The wall time in milliseconds. */
    public double wallMillis() {
        return wallNanos / 1e6;
    }

    /** Which tier evaluated most pixels: {@code interval}, {@code interp} or {@code jit}. */
    public String dominantTier() {
        if (pixelsInterpreted == 0 && pixelsCompiled == 0) return "interval";
        return pixelsCompiled > pixelsInterpreted ? "jit" : "interp";
    }
}
