package dev.ariel.compare;

/**
 * One row of a comparison: what one optimization level (or the interpreter) cost and bought.
 *
 * @param label the level as the CLI spells it, such as {@code O2} or {@code O2/none}; {@code interp} for the interpreter
 * @param strategy {@code brute} (the whole model, one kernel) or {@code pruned} (the quadtree, one kernel per tile tape)
 * @param interpreter whether this is the interpreter's baseline row (no compile columns)
 * @param tapes kernels compiled (1 for brute, the tile tapes for pruned, 0 for the interpreter)
 * @param irBefore IR instructions before the passes, summed over kernels
 * @param irAfter IR instructions after the passes, summed over kernels
 * @param buildMs IR build time
 * @param passMs IR pass time
 * @param codegenMs codegen time
 * @param linkMs linking into the JIT
 * @param codeBytes machine code (text section) bytes
 * @param renderMedianMs median render time of one frame over the runs, compiled code warm
 * @param renderMinMs fastest frame
 * @param renderMaxMs slowest frame
 * @param firstImageMs compile plus the first frame, from a cold compiled-code cache
 * @param breakEvenFrames frames after which this level's compile plus frames cost less than the
 *     level below's; 0 where it never does (it does not render faster), −1 where there is no level below
 * @param identical whether its image equals the interpreter's, pixel for pixel
 * @param breakEvenVs the label of the row the break-even is measured against: the level below
 *     (the interpreter, for the first level), or for a codegen variant such as {@code O2/none} its
 *     own level {@code O2}; empty where there is none
 */
public record LevelResult(String label, String strategy, boolean interpreter, int tapes, long irBefore, long irAfter,
        double buildMs, double passMs, double codegenMs, double linkMs, long codeBytes, double renderMedianMs,
        double renderMinMs, double renderMaxMs, double firstImageMs, long breakEvenFrames, boolean identical,
        String breakEvenVs) {

    /** IR build, passes, codegen and link: the whole compile. */
    public double compileMs() {
        return buildMs + passMs + codegenMs + linkMs;
    }

    /** A copy whose break-even is {@code frames} against the row labelled {@code vs}. */
    public LevelResult withBreakEven(long frames, String vs) {
        return new LevelResult(label, strategy, interpreter, tapes, irBefore, irAfter, buildMs, passMs, codegenMs, linkMs,
                codeBytes, renderMedianMs, renderMinMs, renderMaxMs, firstImageMs, frames, identical, vs);
    }

    /** The break-even as a reader sees it: a frame count, {@code never}, or {@code -} for the first level. */
    public String breakEvenText() {
        return breakEvenFrames < 0 ? "-" : breakEvenFrames == 0 ? "never" : Long.toString(breakEvenFrames);
    }
}
