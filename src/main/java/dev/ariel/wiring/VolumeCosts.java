package dev.ariel.wiring;

import dev.ariel.jit.CompileOptions;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import dev.ariel.volume.CompilePolicy;
import dev.ariel.volume.VolumeCostModel;

/**
 * When compiling pays in a 3D render. The octree's decider and the whole-tape check of
 * {@link #pays(SsaTape, long, CompileOptions)} use {@link VolumeCostModel}, which prices a tape by
 * its instruction classes (transcendentals cost 10–500× a plain op to run and to compile); the
 * per-length constants of this record remain for {@link #pays(int, long, CompileOptions)}. All
 * costs are nanoseconds on one core:
 * <pre>
 *   save    = voxels · tapeOps · (interpPerVoxelOp − jitPerVoxelOp) · frames
 *   compile = compileFixed + tapeOps · compilePerOp    (at O0, or the O1-and-up constants)
 *   compile if save &gt; compile
 * </pre>
 * The octree's boxes are asked before their leaves run, so their voxels are estimated: see
 * {@link dev.ariel.volume.VolumeCostModel}, which prices them by instruction class and to which the
 * decider and the whole-tape check go.
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

    /**
     * The octree's decider for {@code frames} frames expected: {@link VolumeCostModel}'s, which
     * costs each tape by its instruction classes (transcendentals gain little from compiling and
     * cost much to compile), not by its length alone.
     */
    public CompilePolicy.Decider decider(CompileOptions options, int frames) {
        return VolumeCostModel.measured(options.opt() != OptLevel.O0).decider(frames);
    }

    /** Whether compiling {@code tape} pays for {@code voxels} voxel evaluations, by {@link VolumeCostModel}. */
    public boolean pays(SsaTape tape, long voxels, CompileOptions options) {
        return VolumeCostModel.measured(options.opt() != OptLevel.O0).pays(tape, voxels);
    }
}
