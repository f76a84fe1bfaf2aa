package dev.ariel.wiring;

import dev.ariel.jit.CompileOptions;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import dev.ariel.volume.CompilePolicy;

/**
 * When compiling pays in a 3D render: the interpreter time the voxels would take, less compiled
 * code's time for them, over the frames expected, against the compile's cost. All costs are
 * nanoseconds on one core:
 * <pre>
 *   save    = voxels · tapeOps · (interpPerVoxelOp − jitPerVoxelOp) · frames
 *   compile = compileFixed + tapeOps · compilePerOp    (at O0, or the O1-and-up constants)
 *   compile if save &gt; compile
 * </pre>
 * The octree's boxes are asked before their leaves run, so their voxels are estimated: a column
 * of an undecided box evaluates, on average, a quarter of the box's slices before it finds its
 * surface or leaves the box (measured on bear.vm and colonnade.vm; see the README's 3D table).
 *
 * @param interpPerVoxelOp the interpreter's leaf cost per voxel and instruction
 * @param jitPerVoxelOp compiled code's cost per voxel and instruction, calls included
 * @param compileFixedO0 compiling one function at O0, fixed part
 * @param compilePerOpO0 compiling at O0, per instruction
 * @param compileFixed compiling one function at O1 to O3, fixed part
 * @param compilePerOp compiling at O1 to O3, per instruction
 */
public record VolumeCosts(double interpPerVoxelOp, double jitPerVoxelOp, double compileFixedO0, double compilePerOpO0,
        double compileFixed, double compilePerOp) {
    // The share of an undecided box's slices a column evaluates, on average.
    private static final double SLICES_EVALUATED = 0.25;

    /** The constants measured on this machine (the README's 3D table says how). */
    public static VolumeCosts defaults() {
        return new VolumeCosts(1.1, 0.35, 240_000, 12_000, 1_500_000, 28_000);
    }

    /** Whether compiling a tape of {@code ops} instructions pays for {@code voxels} voxel evaluations. */
    public boolean pays(int ops, long voxels, CompileOptions options) {
        double save = (double) voxels * ops * (interpPerVoxelOp - jitPerVoxelOp);
        return save > compileCost(ops, options);
    }

    /** What compiling a tape of {@code ops} instructions costs at {@code options}' level. */
    public double compileCost(int ops, CompileOptions options) {
        return options.opt() == OptLevel.O0 ? compileFixedO0 + ops * compilePerOpO0 : compileFixed + ops * compilePerOp;
    }

    /** The octree's decider for {@code frames} frames expected. */
    public CompilePolicy.Decider decider(CompileOptions options, int frames) {
        return new BoxDecider(this, options, frames);
    }

    // A class, not a lambda: render3d's start runs this.
    private record BoxDecider(VolumeCosts costs, CompileOptions options, int frames) implements CompilePolicy.Decider {
        @Override
        public boolean compile(SsaTape tape, Box box, int columns, int slices) {
            long voxels = (long) Math.ceil(columns * (double) slices * SLICES_EVALUATED) * frames;
            return costs.pays(tape.length(), voxels, options);
        }
    }
}
