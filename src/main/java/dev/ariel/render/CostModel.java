package dev.ariel.render;

/**
 * When compiling a tile's tape pays, in the spirit of PostgreSQL's {@code jit_above_cost}: the
 * interpreter work that compiled code would save over the frames still to come must exceed what
 * compiling costs. All costs are nanoseconds on one core, measured on this machine (see the
 * README's table); {@link #defaults()} holds those measurements.
 *
 * <p>For one tape at the compile level, the tile scheduler observes in a frame how many pixels
 * below it needed evaluating ({@code pixels}), in how many leaf rows ({@code rows}), and what the
 * interpreter did for them: leaf instructions dispatched ({@code dispatches}) and instructions
 * times pixels ({@code opEvaluations}). Then
 * <pre>
 *   interp  = opEvaluations · interpPerOpPixel + dispatches · interpPerDispatch
 *   jit     = tapeOps · pixels · jitPerOpPixel + rows · jitPerRow
 *   compile = tapeOps · compilePerOp
 *   compile it if (interp − jit) · framesLeft &gt; compile
 * </pre>
 * Compiled code runs the compile-level tape, which is longer than the leaves' further-pruned
 * tapes, so it only pays where the interpreter's leaves are many or big: repeated frames, large
 * images, SDF mode (every pixel), or models that prune poorly.
 *
 * @param interpPerOpPixel the interpreter's cost per instruction and pixel
 * @param interpPerDispatch the interpreter's fixed cost per leaf instruction
 * @param jitPerOpPixel compiled code's cost per instruction and pixel
 * @param jitPerRow the cost of one call into compiled code
 * @param compilePerOp compiling, per tape instruction (IR build, passes, codegen, link)
 * @param framesExpected how many frames of this view the caller expects to render
 */
public record CostModel(double interpPerOpPixel, double interpPerDispatch, double jitPerOpPixel, double jitPerRow,
        double compilePerOp, int framesExpected) {

    /**
     * The pixel time (CPU, all threads) that compiled code must have saved an earlier run's frame
     * for a one-frame render to link it from the code cache: loading libLLVM and the first FFM
     * handle cost about 150 ms of CPU in a cold process here, partly hidden behind the read.
     * Measured on dense.vm at 1024: linking saved 200 ms of a 760 ms process.
     */
    public static final long LINK_PAYS_NANOS = 150_000_000L;

    public CostModel {
        if (framesExpected < 1) throw new IllegalArgumentException("frames expected must be at least 1");
    }

    /**
     * Costs measured on this project's reference machine (AMD Zen 5, AVX-512, warm JVM), CPU time
     * per core: the interpreter at 0.08 ns per instruction-pixel (prospero.vm's 32-px leaves: 89 M
     * instruction-pixels in 7.0 ms) plus 10 ns per leaf instruction; compiled O1/none code at
     * 0.035 ns per instruction-pixel (468 M in 12.8 ms, with tapes simplified at 128 px) plus
     * 40 ns a call; and 17.7 µs per instruction to compile in batches of 5,000 (IR build, passes,
     * codegen, link). The model counts instructions, not their kinds: a model heavy in
     * {@code sin} or {@code exp} costs both tiers more per instruction than these figures.
     */
    public static CostModel defaults() {
        return new CostModel(0.08, 10, 0.035, 40, 17_700, 1);
    }

    /**
     * Whether a one-frame render should link compiled code that saved an earlier run
     * {@code savedNanos} of pixel time a frame, rather than interpret without loading LLVM.
     */
    public static boolean linkPays(long savedNanos) {
        return savedNanos > LINK_PAYS_NANOS;
    }

    /**
     * Whether brute force should compile the whole tape of {@code ops} instructions for
     * {@code frames} frames of a {@code width}×{@code height} view: the same rule as tier 1's, for one
     * kernel over the whole view.
     */
    public boolean compilesWholeTape(int ops, int width, int height, int frames) {
        long pixels = (long) width * height;
        return netSaving(ops, pixels, height, (long) ops * height, pixels * ops, frames) > 0;
    }

    /** A copy that expects {@code frames} frames. */
    public CostModel withFramesExpected(int frames) {
        return new CostModel(interpPerOpPixel, interpPerDispatch, jitPerOpPixel, jitPerRow, compilePerOp, frames);
    }

    /**
     * The nanoseconds compiling a tape of {@code tapeOps} instructions would save over
     * {@code framesLeft} frames, after paying for the compile; positive means compile.
     */
    public double netSaving(int tapeOps, long pixels, long rows, long dispatches, long opEvaluations, int framesLeft) {
        double interp = opEvaluations * interpPerOpPixel + dispatches * interpPerDispatch;
        double jit = (double) tapeOps * pixels * jitPerOpPixel + rows * jitPerRow;
        return (interp - jit) * framesLeft - tapeOps * compilePerOp;
    }
}
