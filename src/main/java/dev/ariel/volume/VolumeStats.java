package dev.ariel.volume;

/**
 * Where a 3D render's time went and what decided its voxels. Times are summed over the render
 * threads (each thread's wall time inside that step, so on two busy threads they add up to about
 * twice the frame's wall time); {@code wallNanos} is the frame's own wall time.
 *
 * @param wallNanos the frame's wall time
 * @param intervalNanos interval passes over boxes, summed over threads
 * @param simplifyNanos deciding boxes and simplifying their tapes, summed over threads
 * @param voxelNanos evaluating voxels (leaves, or every column in brute force), summed over threads
 * @param gradientNanos evaluating gradients at top voxels, tapes converted for it included
 * @param compileNanos waiting for compiled code before leaves ran on it, summed over threads
 * @param boxesFilled boxes proved filled by interval arithmetic
 * @param boxesEmpty boxes proved empty
 * @param boxesSplit boxes neither, simplified and split (or evaluated, at the leaves)
 * @param leaves leaf boxes whose voxels were evaluated
 * @param voxelsInterpreted voxels the interpreter evaluated
 * @param voxelsCompiled voxels compiled code evaluated
 * @param voxelOps voxels evaluated times the instructions of the tape each ran (work done)
 * @param gradientPoints top voxels whose gradient was evaluated
 * @param tapesCompiled compile-level tapes this frame asked the compiler for (compiled or found)
 */
public record VolumeStats(long wallNanos, long intervalNanos, long simplifyNanos, long voxelNanos, long gradientNanos,
        long compileNanos, long boxesFilled, long boxesEmpty, long boxesSplit, long leaves, long voxelsInterpreted,
        long voxelsCompiled, long voxelOps, long gradientPoints, long tapesCompiled) {
    /** Every voxel evaluated, by either tier. */
    public long voxels() {
        return voxelsInterpreted + voxelsCompiled;
    }
}
