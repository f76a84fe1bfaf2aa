package dev.ariel.volume;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;

/**
 * What a tape costs a 3D render per voxel on the interpreter and on compiled code, and what
 * compiling it costs, by instruction class: in 3D the transcendental ops decide both. All figures
 * are nanoseconds on one core. Immutable.
 *
 * <pre>
 *   interp(tape)  = Σ over instructions of the class's interpreter cost     (ns a voxel)
 *   jit(tape)     = Σ over instructions of the class's compiled cost        (ns a voxel)
 *   compile(tape) = compileFixed + plain · compilePerOp + distinct math opcodes · compilePerMath
 *   compile if voxels · (interp − jit) &gt; compile
 * </pre>
 *
 * <p>How {@link #measured} was measured (2 shared cores, load 3–9 from other work, so ±50%):
 * {@code bench.TileProbe} (the interpreter's leaf evaluator over a whole tape at 512 points a call)
 * and {@code bench.KernelProbe} (a compiled row kernel at 512 points a call) on probe models of 40
 * independent exp, ln, sin or sqrt plus 80 plain ops, and on colonnade.vm (679 plain ops: 0.6 ns
 * interpreted, 0.02 ns compiled) and bear.vm (540 ops, 29 exp, 8 ln, 6 sin/cos: ~380 ns a voxel
 * interpreted, ~220–300 ns compiled); {@code bench.CompileProbe} (a whole tape compiled in a warm
 * process, median of 3). The compiled transcendentals run F32Math's f64 algorithm with table
 * gathers, 70–230 vector instructions a 16-lane call, so they gain little over the interpreter
 * (sin none at all) while plain ops gain ~30×.
 *
 * @param interpPlain interpreter, one plain instruction, one voxel
 * @param interpExp interpreter, one exp
 * @param interpLn interpreter, one ln
 * @param interpTrig interpreter, one sin, cos, tan or inverse
 * @param jitPlain compiled, one plain instruction
 * @param jitExp compiled, one exp
 * @param jitLn compiled, one ln
 * @param jitTrig compiled, one trigonometric op
 * @param compileFixed compiling one tape, fixed part
 * @param compilePerOp compiling, per instruction
 * @param compilePerMath compiling, per distinct transcendental opcode (each is one function a module)
 */
public record VolumeCostModel(double interpPlain, double interpExp, double interpLn, double interpTrig, double jitPlain,
        double jitExp, double jitLn, double jitTrig, double compileFixed, double compilePerOp, double compilePerMath) {
    // Voxels a column evaluates in the undecided box that finds its surface, on average: bear.vm
    // evaluated 2.78 M voxels over 262,144 columns at 512² (10.6) and 752 k over 65,536 at 256² (11.5).
    // (A quarter of the box's slices, the first guess, overestimated by 12x at 512.)
    private static final int VOXELS_PER_COLUMN = 12;
    // Compiled leaves cost more than their kernel's rate: they are called per slice on a leaf's
    // bounding rectangle, where the interpreter takes only the undecided columns. Measured with
    // scripts/bench-3d on a quiet machine, bear.vm 512² warm: compiled leaves 455 ms a frame against
    // 595 interpreted, a ratio of 0.76 where the per-voxel constants alone say 0.53.
    private static final double LEAF_CALL_FACTOR = 1.4;
    // And each voxel pays its share of a native call per slice on at most a leaf's 64 columns:
    // colonnade.vm at 512², whose kernel runs 0.02 ns an instruction, took 36 ms a frame in compiled
    // leaves against 19 interpreted (bench-3d, warm), which only a fixed cost a voxel explains.
    private static final double LEAF_CALL_NANOS = 15;

    /** The constants measured here, for code compiled at O1 or above ({@code optimized}) or at O0. */
    public static VolumeCostModel measured(boolean optimized) {
        return optimized ? new VolumeCostModel(0.6, 4.3, 8.5, 9.7, 0.03, 2.7, 8.0, 16.0, 5e6, 120e3, 30e6)
                : new VolumeCostModel(0.6, 4.3, 8.5, 9.7, 0.06, 3.5, 10.0, 20.0, 5e6, 55e3, 1e6);
    }

    /** The interpreter's cost of {@code tape} per voxel. */
    public double interpNanos(SsaTape tape) {
        return cost(tape, interpPlain, interpExp, interpLn, interpTrig);
    }

    /** Compiled code's cost of {@code tape} per voxel. */
    public double jitNanos(SsaTape tape) {
        return cost(tape, jitPlain, jitExp, jitLn, jitTrig);
    }

    /** What compiling {@code tape} costs. */
    public double compileNanos(SsaTape tape) {
        long math = 0;
        for (int i = 0; i < tape.length(); i++) {
            if (classOf(tape.opcode(i)) != 0) math |= 1L << tape.opcode(i).ordinal();
        }
        return compileFixed + tape.length() * compilePerOp + Long.bitCount(math) * compilePerMath;
    }

    /** Whether compiling {@code tape} pays for {@code voxels} voxel evaluations. */
    public boolean pays(SsaTape tape, long voxels) {
        return voxels * (interpNanos(tape) - jitNanos(tape)) > compileNanos(tape);
    }

    /**
     * Whether compiling a compile-level box's {@code tape} pays for {@code voxels} leaf voxels.
     * Compiled leaves run that tape whole, while the interpreter runs each leaf's own simplified
     * tape, which is shorter where min and max prune: measured, colonnade.vm's leaves (half its
     * ops min/max) ran 11 instructions a voxel against 250 compiled, bear.vm's (5%) 459 against 540.
     * So the interpreter's side is scaled by {@link #leafShare}.
     */
    public boolean paysAtLeaves(SsaTape tape, long voxels) {
        double jit = jitNanos(tape) * LEAF_CALL_FACTOR + LEAF_CALL_NANOS;
        return voxels * (interpNanos(tape) * leafShare(tape) - jit) > compileNanos(tape);
    }

    /**
     * The share of a tape its leaves keep after pruning, estimated from its min/max share m as
     * max(0.05, 1 − 2m): 0.05 for colonnade.vm (measured 0.044), 0.9 for bear.vm (measured 0.85).
     */
    public static double leafShare(SsaTape tape) {
        int minMax = 0;
        for (int i = 0; i < tape.length(); i++) {
            Opcode op = tape.opcode(i);
            if (op == Opcode.MIN || op == Opcode.MAX) minMax++;
        }
        return Math.max(0.05, 1 - 2.0 * minMax / Math.max(1, tape.length()));
    }

    /** The octree's decider for {@code frames} frames expected: a box's undecided columns × the voxels a column evaluates, per frame. */
    public CompilePolicy.Decider decider(int frames) {
        return new BoxDecider(this, Math.max(1, frames));
    }

    private double cost(SsaTape tape, double plain, double exp, double ln, double trig) {
        double c = 0;
        for (int i = 0; i < tape.length(); i++) {
            c += switch (classOf(tape.opcode(i))) {
                case 1 -> exp;
                case 2 -> ln;
                case 3 -> trig;
                default -> plain;
            };
        }
        return c;
    }

    // 0 plain, 1 exp, 2 ln, 3 trigonometric: the classes whose costs differ by 10× and more.
    private static int classOf(Opcode op) {
        return switch (op) {
            case EXP -> 1;
            case LN -> 2;
            case SIN, COS, TAN, ASIN, ACOS, ATAN, ATAN2 -> 3;
            default -> 0;
        };
    }

    // A class, not a lambda: render3d's start runs this.
    private record BoxDecider(VolumeCostModel model, int frames) implements CompilePolicy.Decider {
        @Override
        public boolean compile(SsaTape tape, Box box, int columns, int slices) {
            long voxels = (long) columns * Math.min(slices, VOXELS_PER_COLUMN) * frames;
            return model.paysAtLeaves(tape, voxels);
        }
    }
}
