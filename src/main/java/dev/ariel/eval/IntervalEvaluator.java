package dev.ariel.eval;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.IntervalRules;
import dev.ariel.tape.PrunedTape;
import java.util.Arrays;

/**
 * Interval arithmetic over a {@link PrunedTape} for one tile: sound f32 bounds on every value, and
 * a choice for every {@code min}/{@code max}. The tile scheduler's inner loop; reusable, so a tile
 * allocates nothing. Not thread-safe: one per thread.
 *
 * <p><b>Soundness.</b> For any (x, y, z) in the tile's box, the f32 value the row evaluators compute
 * for an instruction is NaN only where {@link #maybeNaN} says so, and otherwise lies in
 * [{@link #lower}, {@link #upper}]; each opcode's bounds and min/max choice are those of
 * {@link IntervalRules}, which states why they are sound and exact. This class only carries the
 * rules over a tape and up to {@link #MAX_LANES} boxes at once, adding the choices that a
 * sign-only min/max may make ({@link IntervalRules#signOnlyChoice}).
 */
public final class IntervalEvaluator {
    private static final float INF = Float.POSITIVE_INFINITY;
    private static final Opcode[] OPS = Opcode.values();
    private static final byte[] ARITY = new byte[OPS.length];
    // Ordinals as constants, for a switch on the packed opcode bytes; checked against Opcode below.
    private static final int O_VAR_X = 1, O_VAR_Y = 2, O_VAR_Z = 3, O_NEG = 4, O_SQRT = 7, O_SQUARE = 8;
    private static final int O_ADD = 21, O_SUB = 22, O_MUL = 23, O_MIN = 25, O_MAX = 26;

    static {
        for (Opcode op : OPS) ARITY[op.ordinal()] = (byte) op.arity();
        if (Opcode.VAR_X.ordinal() != O_VAR_X || Opcode.VAR_Y.ordinal() != O_VAR_Y || Opcode.VAR_Z.ordinal() != O_VAR_Z
                || Opcode.NEG.ordinal() != O_NEG || Opcode.SQRT.ordinal() != O_SQRT || Opcode.SQUARE.ordinal() != O_SQUARE || Opcode.ADD.ordinal() != O_ADD
                || Opcode.SUB.ordinal() != O_SUB || Opcode.MUL.ordinal() != O_MUL || Opcode.MIN.ordinal() != O_MIN
                || Opcode.MAX.ordinal() != O_MAX) {
            throw new ExceptionInInitializerError("Opcode ordinals moved; update IntervalEvaluator's constants");
        }
    }
    /** The most boxes one pass bounds. */
    public static final int MAX_LANES = 16;

    private float[] lo;
    private float[] hi;
    private boolean[] nan;
    private byte[] choices;
    private int lanes = 1;
    private final int[] decided = new int[MAX_LANES];
    private final float[] one = new float[4];
    private final float[] caLo = new float[MAX_LANES], caHi = new float[MAX_LANES];
    private final float[] cbLo = new float[MAX_LANES], cbHi = new float[MAX_LANES];
    private final boolean[] caN = new boolean[MAX_LANES], cbN = new boolean[MAX_LANES];

    /** An evaluator with room for tapes of {@code capacity} instructions; it grows as needed. */
    public IntervalEvaluator(int capacity) {
        allocate(Math.max(1, capacity));
    }

    private void allocate(int capacity) {
        lo = new float[capacity];
        hi = new float[capacity];
        nan = new boolean[capacity];
        choices = new byte[capacity];
    }

    /**
     * Bounds every instruction of {@code tape} for x in [x0, x1], y in [y0, y1], z in [z0, z1],
     * and chooses every min/max. The results stay valid until the next call.
     */
    public void evaluate(PrunedTape tape, float x0, float x1, float y0, float y1, float z0, float z1) {
        one[0] = x0;
        one[1] = x1;
        one[2] = y0;
        one[3] = y1;
        evaluate(tape, 1, one, 0, one, 1, one, 2, one, 3, z0, z1);
    }

    /**
     * Bounds {@code tape} over {@code lanes} boxes at once, such as the 16 children of a tile:
     * box {@code c} is x in [x0[c], x1[c]], y in [y0[c], y1[c]], z in [z0, z1]. One pass over the
     * tape serves every box, so the cost of dispatching an instruction, which dominates interval
     * arithmetic on scalars, is paid once for all of them, and the per-box work is a short loop.
     * Results are read per lane.
     */
    public void evaluate(PrunedTape tape, int lanes, float[] x0, float[] x1, float[] y0, float[] y1, float z0, float z1) {
        evaluate(tape, lanes, x0, 0, x1, 0, y0, 0, y1, 0, z0, z1);
    }

    private void evaluate(PrunedTape tape, int lanes, float[] x0, int x0o, float[] x1, int x1o, float[] y0, int y0o,
            float[] y1, int y1o, float z0, float z1) {
        if (lanes < 1 || lanes > MAX_LANES) throw new IllegalArgumentException("lanes must be 1 to " + MAX_LANES);
        int n = tape.length();
        if ((long) n * lanes > lo.length) allocate(Math.max(n * lanes, lo.length * 2));
        this.lanes = lanes;
        byte[] ops = tape.opsArray();
        int[] lhs = tape.lhsArray();
        int[] rhs = tape.rhsArray();
        float[] consts = tape.constants();
        byte[] signOnly = tape.signOnlyArray();
        float[] lo = this.lo;
        float[] hi = this.hi;
        boolean[] nan = this.nan;
        int[] decided = this.decided;
        Arrays.fill(decided, 0, lanes, 0);
        float[] caLo = this.caLo, caHi = this.caHi, cbLo = this.cbLo, cbHi = this.cbHi;
        boolean[] caN = this.caN, cbN = this.cbN;
        // Values of instruction i live at [i·lanes, i·lanes + lanes). A constant operand is spread
        // over scratch lanes, so that every loop below reads its operands alike. Choices are
        // written for min and max only, the only instructions whose choice anyone reads.
        for (int i = 0; i < n; i++) {
            int op = ops[i];
            int arity = ARITY[op];
            int o = i * lanes;
            float[] aLo = lo, aHi = hi, bLo = lo, bHi = hi;
            boolean[] aN = nan, bN = nan;
            int ao = 0, bo = 0;
            if (arity >= 1) {
                int a = lhs[i];
                if (a >= 0) {
                    ao = a * lanes;
                } else {
                    for (int c = 0; c < lanes; c++) IntervalRules.constant(consts[~a], caLo, caHi, caN, c);
                    aLo = caLo;
                    aHi = caHi;
                    aN = caN;
                }
                if (arity == 2) {
                    int b = rhs[i];
                    if (b >= 0) {
                        bo = b * lanes;
                    } else {
                        for (int c = 0; c < lanes; c++) IntervalRules.constant(consts[~b], cbLo, cbHi, cbN, c);
                        bLo = cbLo;
                        bHi = cbHi;
                        bN = cbN;
                    }
                }
            }
            switch (op) {
                case O_VAR_X -> variableLanes(o, x0, x0o, x1, x1o, lanes);
                case O_VAR_Y -> variableLanes(o, y0, y0o, y1, y1o, lanes);
                case O_VAR_Z -> {
                    Arrays.fill(lo, o, o + lanes, z0);
                    Arrays.fill(hi, o, o + lanes, z1);
                    Arrays.fill(nan, o, o + lanes, false);
                }
                case O_NEG -> negLanes(o, aLo, aHi, aN, ao, lanes);
                case O_ADD -> addLanes(o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes);
                case O_SUB -> subLanes(o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes);
                case O_SQUARE -> squareLanes(o, aLo, aHi, aN, ao, lanes);
                case O_SQRT -> sqrtLanes(o, aLo, aHi, aN, ao, lanes);
                case O_MIN -> minMaxLanes(true, signOnly[i] == 1, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes);
                case O_MAX -> minMaxLanes(false, signOnly[i] == 1, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes);
                case O_MUL -> {
                    if (lhs[i] == rhs[i] && lhs[i] >= 0) squareLanes(o, aLo, aHi, aN, ao, lanes); // a · a is a²
                    else mulLanes(o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes);
                }
                default -> {
                    for (int c = 0; c < lanes; c++) {
                        IntervalRules.apply(op, aLo[ao + c], aHi[ao + c], aN[ao + c], arity == 2 ? bLo[bo + c] : 0,
                                arity == 2 ? bHi[bo + c] : 0, arity == 2 && bN[bo + c], false, lo, hi, nan, o + c);
                    }
                }
            }
        }
    }

    // One method per opcode's lane loop: each is small and called hundreds of thousands of times a
    // frame, so HotSpot compiles it fully within the first frames, long before the dispatch loop
    // above, which a frame calls only a few hundred times, reaches its own threshold.
    private void variableLanes(int o, float[] v0, int v0o, float[] v1, int v1o, int lanes) {
        System.arraycopy(v0, v0o, lo, o, lanes);
        System.arraycopy(v1, v1o, hi, o, lanes);
        Arrays.fill(nan, o, o + lanes, false);
    }

    private void negLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) IntervalRules.neg(aLo[ao + c], aHi[ao + c], aN[ao + c], lo, hi, nan, o + c);
    }

    private void addLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) {
            IntervalRules.add(aLo[ao + c], aHi[ao + c], aN[ao + c], bLo[bo + c], bHi[bo + c], bN[bo + c], lo, hi, nan, o + c);
        }
    }

    private void subLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) {
            IntervalRules.sub(aLo[ao + c], aHi[ao + c], aN[ao + c], bLo[bo + c], bHi[bo + c], bN[bo + c], lo, hi, nan, o + c);
        }
    }

    private void squareLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) IntervalRules.square(aLo[ao + c], aHi[ao + c], aN[ao + c], lo, hi, nan, o + c);
    }

    private void sqrtLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) IntervalRules.sqrt(aLo[ao + c], aHi[ao + c], aN[ao + c], lo, hi, nan, o + c);
    }

    private void mulLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        for (int c = 0; c < lanes; c++) {
            IntervalRules.mul(aLo[ao + c], aHi[ao + c], aN[ao + c], bLo[bo + c], bHi[bo + c], bN[bo + c], lo, hi, nan, o + c);
        }
    }

    // min and max: the rule's choice, widened where only the sign matters, and counted per box.
    private void minMaxLanes(boolean isMin, boolean sign, int o, float[] aLo, float[] aHi, boolean[] aN, int ao,
            float[] bLo, float[] bHi, boolean[] bN, int bo, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        byte[] choices = this.choices;
        int[] decided = this.decided;
        for (int c = 0; c < lanes; c++) {
            float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
            boolean an = aN[ao + c], bn = bN[bo + c];
            byte ch = isMin ? IntervalRules.min(al, ah, an, bl, bh, bn, lo, hi, nan, o + c)
                    : IntervalRules.max(al, ah, an, bl, bh, bn, lo, hi, nan, o + c);
            if (sign) ch = IntervalRules.signOnlyChoice(isMin, ch, al, ah, an, bl, bh, bn);
            choices[o + c] = ch;
            decided[c] += ch != PrunedTape.BOTH ? 1 : 0;
        }
    }

    /** The lower bound on the non-NaN values of {@code operand} (+∞ if it is always NaN), in lane 0. */
    public float lower(PrunedTape tape, int operand) {
        return lower(tape, operand, 0);
    }

    /** The upper bound on the non-NaN values of {@code operand} (−∞ if it is always NaN), in lane 0. */
    public float upper(PrunedTape tape, int operand) {
        return upper(tape, operand, 0);
    }

    /** Whether {@code operand} may be NaN in lane 0's box. */
    public boolean maybeNaN(PrunedTape tape, int operand) {
        return maybeNaN(tape, operand, 0);
    }

    /** The lower bound on the non-NaN values of {@code operand} in box {@code lane}. */
    public float lower(PrunedTape tape, int operand, int lane) {
        return operand >= 0 ? lo[operand * lanes + lane] : IntervalRules.constantLower(tape.constants()[~operand]);
    }

    /** The upper bound on the non-NaN values of {@code operand} in box {@code lane}. */
    public float upper(PrunedTape tape, int operand, int lane) {
        return operand >= 0 ? hi[operand * lanes + lane] : IntervalRules.constantUpper(tape.constants()[~operand]);
    }

    /** Whether {@code operand} may be NaN in box {@code lane}. */
    public boolean maybeNaN(PrunedTape tape, int operand, int lane) {
        return operand >= 0 ? nan[operand * lanes + lane] : Float.isNaN(tape.constants()[~operand]);
    }

    /**
     * The choice made for each instruction and lane, at {@code i · lanes() + lane}; written for
     * min/max only, and stale elsewhere.
     */
    public byte[] choices() {
        return choices;
    }

    /** Whether each instruction may be NaN, at {@code i · lanes() + lane}. */
    public boolean[] maybeNaNArray() {
        return nan;
    }

    /** How many boxes the last pass bounded: the stride of {@link #choices()} and {@link #maybeNaNArray()}. */
    public int lanes() {
        return lanes;
    }

    /** How many min/max lane 0's box decided to one side: zero means simplifying would change nothing. */
    public int decidedChoices() {
        return decided[0];
    }

    /** How many min/max box {@code lane} decided to one side. */
    public int decidedChoices(int lane) {
        return decided[lane];
    }

    /**
     * Sound bounds for one opcode applied to operands in the given intervals, with the choice it
     * would make: the same step as the tile loop, for tests and tools. Variables take their
     * interval from {@code a}.
     */
    public static Result apply(Opcode op, Interval a, Interval b) {
        if (op == Opcode.CONST) throw new IllegalArgumentException("constants are operands, not instructions");
        if (op.isVariable()) { // a NaN end reads as unbounded, as the rules write it
            return new Result(new Interval(a.lower() != a.lower() ? -INF : a.lower(), a.upper() != a.upper() ? INF : a.upper(),
                    a.maybeNaN()), PrunedTape.BOTH);
        }
        float[] lo = new float[1], hi = new float[1];
        boolean[] nan = new boolean[1];
        Interval bb = b == null ? Interval.of(0, 0) : b;
        byte choice = IntervalRules.apply(op.ordinal(), a.lower(), a.upper(), a.maybeNaN(), bb.lower(), bb.upper(),
                bb.maybeNaN(), false, lo, hi, nan, 0);
        return new Result(new Interval(lo[0], hi[0], nan[0]), choice);
    }

    /**
     * A set of f32 values: the non-NaN ones lie in [lower, upper] (an empty range, lower &gt; upper,
     * means there are none), and NaN is among them if {@code maybeNaN}.
     *
     * @param lower the least non-NaN value
     * @param upper the greatest non-NaN value
     * @param maybeNaN whether NaN is possible
     */
    public record Interval(float lower, float upper, boolean maybeNaN) {
        /** The values in [lower, upper], no NaN. */
        public static Interval of(float lower, float upper) {
            return new Interval(lower, upper, false);
        }

        /** Whether {@code v} is in the set. */
        public boolean contains(float v) {
            return v != v ? maybeNaN : v >= lower && v <= upper;
        }
    }

    /**
     * What one step gives.
     *
     * @param value the bounds of the result
     * @param choice the min/max choice ({@link PrunedTape#BOTH} for other opcodes)
     */
    public record Result(Interval value, byte choice) {}
}
