package dev.ariel.eval;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.PrunedTape;
import java.util.Arrays;

/**
 * Interval arithmetic over a {@link PrunedTape} for one tile: sound f32 bounds on every value, and
 * a choice for every {@code min}/{@code max}. The tile scheduler's inner loop; reusable, so a tile
 * allocates nothing. Not thread-safe: one per thread.
 *
 * <p><b>Soundness.</b> For any (x, y, z) in the tile's box, the f32 value the row evaluators compute
 * for an instruction is NaN only where {@link #maybeNaN} says so, and otherwise lies in
 * [{@link #lower}, {@link #upper}]. Bounds are computed in f32 with the very operations the
 * evaluators use: IEEE rounding is monotone, so for {@code + − × ÷ √}, {@code square},
 * {@code floor} and the like the rounded result at the ends bounds the rounded result inside,
 * with no padding. The transcendental functions, whose f32 versions are accurate but not proven
 * monotone, get padded ranges.
 *
 * <p><b>Choices.</b> {@code min(a, b)} is {@link PrunedTape#LEFT} where every non-NaN {@code a}
 * lies strictly below every non-NaN {@code b} and {@code a} cannot be NaN (a NaN {@code b} then
 * yields {@code a} too, under minNum); {@link PrunedTape#RIGHT} symmetrically; else
 * {@link PrunedTape#BOTH}. Strict inequalities keep the choice exact even for the sign of a zero,
 * so a simplified tape computes the same bits as the full one, in every mode, SDF included.
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
    // Padded bounds of the inverse trigonometric functions: their f32 results lie within an ulp
    // or two of the true ones, which these bounds clear by far.
    private static final float HALF_PI_UP = 1.5708f;
    private static final float PI_UP = 3.1416f;

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
    // The result of the last step, kept in fields so that one step method serves the tile loop
    // and the single-op API without allocating.
    private float rl;
    private float rh;
    private boolean rn;
    private byte rc;

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
        byte[] choices = this.choices;
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
                    spread(consts[~a], lanes, caLo, caHi, caN);
                    aLo = caLo;
                    aHi = caHi;
                    aN = caN;
                }
                if (arity == 2) {
                    int b = rhs[i];
                    if (b >= 0) {
                        bo = b * lanes;
                    } else {
                        spread(consts[~b], lanes, cbLo, cbHi, cbN);
                        bLo = cbLo;
                        bHi = cbHi;
                        bN = cbN;
                    }
                }
            }
            switch (op) {
                case O_VAR_X -> {
                    for (int c = 0; c < lanes; c++) {
                        lo[o + c] = x0[x0o + c];
                        hi[o + c] = x1[x1o + c];
                        nan[o + c] = false;
                    }
                }
                case O_VAR_Y -> {
                    for (int c = 0; c < lanes; c++) {
                        lo[o + c] = y0[y0o + c];
                        hi[o + c] = y1[y1o + c];
                        nan[o + c] = false;
                    }
                }
                case O_VAR_Z -> {
                    for (int c = 0; c < lanes; c++) {
                        lo[o + c] = z0;
                        hi[o + c] = z1;
                        nan[o + c] = false;
                    }
                }
                case O_NEG -> negLanes(o, aLo, aHi, aN, ao, lanes);
                case O_ADD -> addLanes(i, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes, signOnly, lhs, rhs);
                case O_SUB -> subLanes(i, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes, signOnly, lhs, rhs);
                case O_SQUARE -> squareLanes(o, aLo, aHi, aN, ao, lanes);
                case O_SQRT -> sqrtLanes(o, aLo, aHi, aN, ao, lanes);
                case O_MIN -> minLanes(i, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes, signOnly, lhs, rhs);
                case O_MAX -> maxLanes(i, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes, signOnly, lhs, rhs);
                case O_MUL -> mulLanes(i, o, aLo, aHi, aN, ao, bLo, bHi, bN, bo, lanes, signOnly, lhs, rhs);
                default -> {
                    for (int c = 0; c < lanes; c++) {
                        stepInto(op, aLo[ao + c], aHi[ao + c], aN[ao + c], arity == 2 ? bLo[bo + c] : 0,
                                arity == 2 ? bHi[bo + c] : 0, arity == 2 && bN[bo + c], o + c, c);
                    }
                }
            }
        }
    }

    // One method per opcode's lane loop: each is small and called hundreds of thousands of times a
    // frame, so HotSpot compiles it fully within the first frames, long before the dispatch loop
    // above, which a frame calls only a few hundred times, reaches its own threshold.
    private void negLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
                for (int c = 0; c < lanes; c++) {
                    lo[o + c] = -aHi[ao + c];
                    hi[o + c] = -aLo[ao + c];
                    nan[o + c] = aN[ao + c];
                }
    }

    private void addLanes(int i, int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes, byte[] signOnly, int[] lhs, int[] rhs) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
                    float l = al + bl, h = ah + bh;
                    lo[o + c] = l != l ? -INF : l;
                    hi[o + c] = h != h ? INF : h;
                    nan[o + c] = aN[ao + c] | bN[bo + c] | (ah == INF & bl == -INF) | (al == -INF & bh == INF);
                }
    }

    private void subLanes(int i, int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes, byte[] signOnly, int[] lhs, int[] rhs) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
                    float l = al - bh, h = ah - bl;
                    lo[o + c] = l != l ? -INF : l;
                    hi[o + c] = h != h ? INF : h;
                    nan[o + c] = aN[ao + c] | bN[bo + c] | (ah == INF & bh == INF) | (al == -INF & bl == -INF);
                }
    }

    private void squareLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c];
                    float l2 = al * al, h2 = ah * ah;
                    lo[o + c] = al >= 0 ? l2 : ah <= 0 ? h2 : 0;
                    hi[o + c] = al >= 0 ? h2 : ah <= 0 ? l2 : Math.max(l2, h2);
                    nan[o + c] = aN[ao + c];
                }
    }

    private void sqrtLanes(int o, float[] aLo, float[] aHi, boolean[] aN, int ao, int lanes) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c];
                    boolean never = ah < 0; // always NaN
                    lo[o + c] = never ? INF : (float) Math.sqrt(Math.max(al, 0f));
                    hi[o + c] = never ? -INF : (float) Math.sqrt(ah);
                    nan[o + c] = aN[ao + c] | al < 0;
                }
    }

    private void minLanes(int i, int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes, byte[] signOnly, int[] lhs, int[] rhs) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        byte[] choices = this.choices;
        int[] decided = this.decided;
        int op = O_MIN;
                boolean sign = signOnly[i] == 1;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
                    if (aN[ao + c] | bN[bo + c]) {
                        stepInto(op, al, ah, aN[ao + c], bl, bh, bN[bo + c], o + c, c);
                    } else {
                        boolean left = ah < bl, right = bh < al;
                        lo[o + c] = left ? al : right ? bl : Math.min(al, bl);
                        hi[o + c] = left ? ah : right ? bh : Math.min(ah, bh);
                        nan[o + c] = false;
                        choices[o + c] = left ? PrunedTape.LEFT : right ? PrunedTape.RIGHT : PrunedTape.BOTH;
                        decided[c] += left | right ? 1 : 0;
                    }
                    // Only the sign matters: min(a, b) < 0 exactly where a < 0 if b ≥ 0 throughout (a
                    // NaN b gives a). The kept side must not be NaN where the min is not: min(NaN, b)
                    // is b, a number, and a max above tells NaN from a number (max(NaN, c) is c,
                    // max(b, c) is b ≥ 0), so keeping a maybe-NaN a would change its sign there.
                    if (sign && choices[o + c] == PrunedTape.BOTH) {
                        boolean an = aN[ao + c], bn = bN[bo + c];
                        byte ch = bl >= 0 && !an ? PrunedTape.LEFT : al >= 0 && !bn ? PrunedTape.RIGHT : PrunedTape.BOTH;
                        choices[o + c] = ch;
                        decided[c] += ch != PrunedTape.BOTH ? 1 : 0;
                    }
                }
    }

    private void maxLanes(int i, int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes, byte[] signOnly, int[] lhs, int[] rhs) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        byte[] choices = this.choices;
        int[] decided = this.decided;
        int op = O_MAX;
                boolean sign = signOnly[i] == 1;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
                    boolean an = aN[ao + c], bn = bN[bo + c];
                    if (an | bn) {
                        stepInto(op, al, ah, an, bl, bh, bn, o + c, c);
                    } else {
                        boolean left = al > bh, right = bl > ah;
                        lo[o + c] = left ? al : right ? bl : Math.max(al, bl);
                        hi[o + c] = left ? ah : right ? bh : Math.max(ah, bh);
                        nan[o + c] = false;
                        choices[o + c] = left ? PrunedTape.LEFT : right ? PrunedTape.RIGHT : PrunedTape.BOTH;
                        decided[c] += left | right ? 1 : 0;
                    }
                    // max(a, b) < 0 exactly where a < 0 if b < 0 throughout, unless a may be
                    // NaN: max(NaN, b) is b, which is < 0, where a alone would not be.
                    if (sign && choices[o + c] == PrunedTape.BOTH) {
                        byte ch = bh < 0 && !an ? PrunedTape.LEFT : ah < 0 && !bn ? PrunedTape.RIGHT : PrunedTape.BOTH;
                        choices[o + c] = ch;
                        decided[c] += ch != PrunedTape.BOTH ? 1 : 0;
                    }
                }
    }

    private void mulLanes(int i, int o, float[] aLo, float[] aHi, boolean[] aN, int ao, float[] bLo, float[] bHi, boolean[] bN,
            int bo, int lanes, byte[] signOnly, int[] lhs, int[] rhs) {
        float[] lo = this.lo, hi = this.hi;
        boolean[] nan = this.nan;
        int op = O_MUL;
                boolean same = lhs[i] == rhs[i] && lhs[i] >= 0;
                for (int c = 0; c < lanes; c++) {
                    float al = aLo[ao + c], ah = aHi[ao + c], bl = bLo[bo + c], bh = bHi[bo + c];
                    if (same || !(al > -INF & ah < INF & bl > -INF & bh < INF)) {
                        stepInto(op, al, ah, aN[ao + c], bl, bh, bN[bo + c], o + c, c, same);
                        continue;
                    }
                    // Finite bounds: no 0 · ∞, so the four corner products bound the rest.
                    float p1 = al * bl, p2 = al * bh, p3 = ah * bl, p4 = ah * bh;
                    lo[o + c] = Math.min(Math.min(p1, p2), Math.min(p3, p4));
                    hi[o + c] = Math.max(Math.max(p1, p2), Math.max(p3, p4));
                    nan[o + c] = aN[ao + c] | bN[bo + c];
                }
    }

    private static void spread(float c, int lanes, float[] lo, float[] hi, boolean[] nan) {
        boolean isNaN = c != c;
        for (int k = 0; k < lanes; k++) {
            lo[k] = isNaN ? INF : c;
            hi[k] = isNaN ? -INF : c;
            nan[k] = isNaN;
        }
    }

    private void stepInto(int op, float al, float ah, boolean an, float bl, float bh, boolean bn, int at, int lane) {
        stepInto(op, al, ah, an, bl, bh, bn, at, lane, false);
    }

    private void stepInto(int op, float al, float ah, boolean an, float bl, float bh, boolean bn, int at, int lane,
            boolean same) {
        step(op, al, ah, an, bl, bh, bn, same);
        lo[at] = rl;
        hi[at] = rh;
        nan[at] = rn;
        if (op == O_MIN || op == O_MAX) {
            choices[at] = rc;
            if (rc != PrunedTape.BOTH) decided[lane]++;
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
        if (operand >= 0) return lo[operand * lanes + lane];
        float c = tape.constants()[~operand];
        return c != c ? INF : c;
    }

    /** The upper bound on the non-NaN values of {@code operand} in box {@code lane}. */
    public float upper(PrunedTape tape, int operand, int lane) {
        if (operand >= 0) return hi[operand * lanes + lane];
        float c = tape.constants()[~operand];
        return c != c ? -INF : c;
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
        IntervalEvaluator e = new IntervalEvaluator(1);
        if (op.isVariable()) {
            e.set(a.lower(), a.upper(), a.maybeNaN());
        } else if (op == Opcode.CONST) {
            throw new IllegalArgumentException("constants are operands, not instructions");
        } else {
            Interval bb = b == null ? Interval.of(0, 0) : b;
            e.step(op.ordinal(), a.lower(), a.upper(), a.maybeNaN(), bb.lower(), bb.upper(), bb.maybeNaN(), false);
        }
        return new Result(new Interval(e.rl, e.rh, e.rn), e.rc);
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

    private void set(float l, float h, boolean n) {
        // A NaN bound (∞ − ∞ at an end, say) must read as unbounded, never as tight.
        rl = l != l ? -INF : l;
        rh = h != h ? INF : h;
        rn = n;
        rc = PrunedTape.BOTH;
    }

    private void step(int opcode, float al, float ah, boolean an, float bl, float bh, boolean bn, boolean same) {
        Opcode op = OPS[opcode];
        switch (op) {
            case NEG -> set(-ah, -al, an);
            case ABS -> set(al >= 0 ? al : ah <= 0 ? -ah : 0, Math.max(Math.abs(al), Math.abs(ah)), an);
            case SQUARE -> square(al, ah, an);
            case SQRT -> {
                if (ah < 0) set(INF, -INF, true); // always NaN
                else set(F32Semantics.sqrt(Math.max(al, 0f)), F32Semantics.sqrt(ah), an || al < 0);
            }
            case RECIP -> {
                if (al <= 0 && ah >= 0) set(-INF, INF, an);
                else set(1f / ah, 1f / al, an);
            }
            case FLOOR -> set(F32Semantics.floor(al), F32Semantics.floor(ah), an);
            case CEIL -> set(F32Semantics.ceil(al), F32Semantics.ceil(ah), an);
            case ROUND -> set(F32Semantics.round(al), F32Semantics.round(ah), an);
            case SIN, COS -> set(-1, 1, an || al == -INF || ah == INF);
            case TAN -> set(-INF, INF, an || al == -INF || ah == INF);
            case ASIN -> set(-HALF_PI_UP, HALF_PI_UP, an || al < -1 || ah > 1);
            case ACOS -> set(0, PI_UP, an || al < -1 || ah > 1);
            case ATAN -> set(-HALF_PI_UP, HALF_PI_UP, an);
            case ATAN2 -> set(-PI_UP, PI_UP, an || bn);
            // f32 exp and ln are within a few ulps of the true functions: pad by far more.
            case EXP -> set((float) (Math.exp(al) * 0.9999), (float) (Math.exp(ah) * 1.0001), an);
            case LN -> {
                double l = al <= 0 ? Double.NEGATIVE_INFINITY : Math.log(al);
                double h = Math.log(ah);
                set(al <= 0 ? -INF : (float) (l - 1e-4 - Math.abs(l) * 1e-4),
                        ah == INF ? INF : (float) (h + 1e-4 + Math.abs(h) * 1e-4), an || al < 0);
            }
            case NOT -> {
                if (!an && (al > 0 || ah < 0)) set(0, 0, false); // never zero
                else if (al == 0 && ah == 0 && !an) set(1, 1, false);
                else set(0, 1, false);
            }
            case COMPARE -> {
                if (ah < bl) set(-1, -1, an || bn);
                else if (al > bh) set(1, 1, an || bn);
                else set(-1, 1, an || bn);
            }
            case ADD -> set(al + bl, ah + bh, an || bn || (ah == INF && bl == -INF) || (al == -INF && bh == INF));
            case SUB -> set(al - bh, ah - bl, an || bn || (ah == INF && bh == INF) || (al == -INF && bl == -INF));
            case MUL -> {
                if (same) square(al, ah, an);
                else multiply(al, ah, an, bl, bh, bn);
            }
            case DIV -> divide(al, ah, an, bl, bh, bn);
            case MOD -> {
                float m = Math.max(Math.abs(bl), Math.abs(bh));
                boolean zero = bl <= 0 && bh >= 0;
                set(0, m, an || bn || zero || al == -INF || ah == INF);
            }
            case MIN -> {
                if (!an && ah < bl) {
                    set(al, ah, false);
                    rc = PrunedTape.LEFT;
                } else if (!bn && bh < al) {
                    set(bl, bh, false);
                    rc = PrunedTape.RIGHT;
                } else {
                    // minNum: a NaN operand yields the other one, so a maybe-NaN side widens to the other.
                    float l = Math.min(al, bl), h = Math.min(ah, bh);
                    if (an) { l = Math.min(l, bl); h = Math.max(h, bh); }
                    if (bn) { l = Math.min(l, al); h = Math.max(h, ah); }
                    set(l, h, an && bn);
                }
            }
            case MAX -> {
                if (!an && al > bh) {
                    set(al, ah, false);
                    rc = PrunedTape.LEFT;
                } else if (!bn && bl > ah) {
                    set(bl, bh, false);
                    rc = PrunedTape.RIGHT;
                } else {
                    float l = Math.max(al, bl), h = Math.max(ah, bh);
                    if (an) { l = Math.min(l, bl); h = Math.max(h, bh); }
                    if (bn) { l = Math.min(l, al); h = Math.max(h, ah); }
                    set(l, h, an && bn);
                }
            }
            case AND -> {
                // a == 0 ? a : b
                boolean canZero = al <= 0 && ah >= 0;
                boolean canOther = an || al != 0 || ah != 0;
                float l = canZero ? 0 : INF, h = canZero ? 0 : -INF;
                if (canOther) {
                    l = Math.min(l, bl);
                    h = Math.max(h, bh);
                }
                set(l, h, canOther && bn);
            }
            case OR -> {
                // a != 0 ? a : b, and NaN counts as non-zero
                boolean canZero = al <= 0 && ah >= 0;
                set(canZero ? Math.min(al, bl) : al, canZero ? Math.max(ah, bh) : ah, an || (canZero && bn));
            }
            case CONST, VAR_X, VAR_Y, VAR_Z -> throw new IllegalStateException(op + " is not a computed instruction");
        }
    }

    private void square(float al, float ah, boolean an) {
        if (al >= 0) set(al * al, ah * ah, an);
        else if (ah <= 0) set(ah * ah, al * al, an);
        else set(0, Math.max(al * al, ah * ah), an);
    }

    private void multiply(float al, float ah, boolean an, float bl, float bh, boolean bn) {
        // 0 · ∞ is NaN: possible where one side holds zero and the other an infinite bound.
        boolean aZero = al <= 0 && ah >= 0, bZero = bl <= 0 && bh >= 0;
        boolean aInf = al == -INF || ah == INF, bInf = bl == -INF || bh == INF;
        if ((aZero && bInf) || (bZero && aInf)) {
            set(-INF, INF, true);
            return;
        }
        float p1 = al * bl, p2 = al * bh, p3 = ah * bl, p4 = ah * bh;
        set(Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2), Math.max(p3, p4)), an || bn);
    }

    private void divide(float al, float ah, boolean an, float bl, float bh, boolean bn) {
        boolean n = an || bn;
        boolean aInf = al == -INF || ah == INF, bInf = bl == -INF || bh == INF;
        if (bl <= 0 && bh >= 0) {
            // A divisor range holding zero: any sign, any size, and NaN from 0/0 or ∞/∞.
            set(-INF, INF, n || (al <= 0 && ah >= 0) || (aInf && bInf));
            return;
        }
        if (aInf && bInf) {
            set(-INF, INF, true); // ∞ / ∞
            return;
        }
        float q1 = al / bl, q2 = al / bh, q3 = ah / bl, q4 = ah / bh;
        set(Math.min(Math.min(q1, q2), Math.min(q3, q4)), Math.max(Math.max(q1, q2), Math.max(q3, q4)), n);
    }
}
