package dev.ariel.tape;

import dev.ariel.expr.Opcode;
import java.util.Arrays;

/**
 * One tile's simplification of a root {@link SsaTape}: a mutable, reusable struct-of-arrays tape
 * that the tile scheduler refills for every tile it descends into, so that the hot path allocates
 * nothing.
 *
 * <p>Operands use the root's encoding: a value ≥ 0 is an instruction of this tape, and {@code ~k}
 * is constant {@code k} of the root's pool, which all of a root's pruned tapes share. Each
 * instruction remembers which root instruction it came from ({@link #origin}), so compiled code
 * and error messages can name it.
 *
 * <p>{@link #simplify} is the step that makes pruning pay: given a choice per {@code min}/{@code max}
 * (both operands, or only one, as interval arithmetic proved), it forwards the chosen operand,
 * drops what no longer reaches the output, and renumbers the rest, in two linear passes over
 * buffers this object owns. Not thread-safe: one per thread and quadtree level.
 */
public final class PrunedTape {
    /** A min/max keeps both operands. */
    public static final byte BOTH = 0;
    /** A min/max always yields its left operand in the tile. */
    public static final byte LEFT = 1;
    /** A min/max always yields its right operand in the tile. */
    public static final byte RIGHT = 2;

    private static final int MIN = Opcode.MIN.ordinal();
    private static final int MAX = Opcode.MAX.ordinal();
    private static final byte[] ARITY = new byte[Opcode.values().length];

    static {
        for (Opcode op : Opcode.values()) ARITY[op.ordinal()] = (byte) op.arity();
    }

    private SsaTape root;
    private float[] constants;
    private byte[] ops;
    private int[] lhs;
    private int[] rhs;
    private int[] origin;
    private boolean[] nanFree;
    // 1 where only the sign of the instruction's value reaches the output (see signOnly).
    private byte[] signOnly;
    private int length;
    private int output;
    // Scratch for simplify and the slot plan, kept so that a tile allocates nothing. Indexed by
    // the parent's instructions: liveness is 0 (dead), LIVE or FORWARDED; demand is what the
    // instruction's readers need of it (see Demand); forwardTo is the operand a FORWARDED min/max
    // yields; newIndex is a kept instruction's index in this tape.
    private byte[] liveness;
    private byte[] demand;
    private int[] forwardTo;
    private int[] newIndex;
    // Indexed by this tape's instructions: the last reader of each value, and whether simplify
    // left it ready; the slot plan and its free-slot stack.
    private int[] lastUse;
    private boolean lastUseReady;
    private int[] slots;
    private int slotCount = -1;
    private int[] freeSlots;

    /** An empty tape with room for {@code capacity} instructions. */
    public PrunedTape(int capacity) {
        allocate(Math.max(1, capacity));
    }

    /** A pruned tape holding all of {@code root}, as the top of a quadtree starts. */
    public static PrunedTape of(SsaTape root) {
        return of(root, false);
    }

    /**
     * A pruned tape holding all of {@code root}; with {@code signOnly}, only the sign of the
     * output matters (a mono image), and the tape marks every min/max whose sign alone reaches
     * it (see {@link #signOnly(int)}).
     */
    public static PrunedTape of(SsaTape root, boolean signOnly) {
        PrunedTape t = new PrunedTape(root.length());
        t.reset(root, signOnly);
        return t;
    }

    /**
     * Makes this tape a copy of all of {@code root}, growing its buffers if needed, and marks
     * sign-only instructions if only the output's sign matters.
     */
    public void reset(SsaTape root, boolean signOnlyOutput) {
        int n = root.length();
        if (n > ops.length) allocate(n);
        else if (demand == null) scratch(ops.length);
        this.root = root;
        this.constants = root.constants32();
        for (int i = 0; i < n; i++) {
            ops[i] = (byte) root.opcode(i).ordinal();
            lhs[i] = root.lhs(i);
            rhs[i] = root.rhs(i);
            origin[i] = i;
            nanFree[i] = false;
        }
        length = n;
        output = root.output();
        slotCount = -1;
        lastUseReady = false;
        Demand.markSignOnly(ops, lhs, rhs, n, output, signOnlyOutput, demand, signOnly);
    }

    private void allocate(int capacity) {
        ops = new byte[capacity];
        lhs = new int[capacity];
        rhs = new int[capacity];
        origin = new int[capacity];
        nanFree = new boolean[capacity];
        signOnly = new byte[capacity];
        scratch(capacity);
    }

    // The buffers that simplifying into this tape and planning its slots need; a tape that is
    // only ever read (a compact copy) never allocates them.
    private void scratch(int capacity) {
        liveness = new byte[capacity];
        demand = new byte[capacity];
        forwardTo = new int[capacity];
        newIndex = new int[capacity];
        lastUse = new int[capacity];
        slots = new int[capacity];
        freeSlots = new int[capacity];
    }

    /**
     * An exact-size copy of this tape, for a tile whose children other threads may simplify:
     * it holds only the instructions, not the scratch buffers.
     */
    public PrunedTape compactCopy() {
        PrunedTape t = new PrunedTape();
        int n = length;
        t.root = root;
        t.constants = constants;
        t.ops = Arrays.copyOf(ops, n);
        t.lhs = Arrays.copyOf(lhs, n);
        t.rhs = Arrays.copyOf(rhs, n);
        t.origin = Arrays.copyOf(origin, n);
        t.nanFree = Arrays.copyOf(nanFree, n);
        t.signOnly = Arrays.copyOf(signOnly, n);
        t.length = n;
        t.output = output;
        return t.shareable();
    }

    /**
     * Plans the slots now, so that threads that read this tape from here on (interval passes,
     * simplification into their own tapes, leaf evaluation) never write to it. Returns this.
     */
    public PrunedTape shareable() {
        if (slotCount < 0) planSlots();
        return this;
    }

    private PrunedTape() {}

    /** How many instructions this tape can hold without growing. */
    public int capacity() {
        return ops.length;
    }

    /**
     * Makes this tape the simplification of {@code parent} under {@code choices}: every
     * {@code min}/{@code max} whose choice is {@link #LEFT} or {@link #RIGHT} is replaced by that
     * operand, dead instructions go, and the rest are renumbered in order.
     *
     * @param parent the tape the choices were made on; not changed, and not this
     * @param choices a choice per instruction of {@code parent} (read only for min/max)
     * @param maybeNaN whether each of {@code parent}'s instructions may be NaN in this tile, from
     *     the same interval pass; a min/max whose operands cannot be NaN is marked
     *     {@link #nanFree}, so an evaluator may use the hardware's min/max there
     */
    public void simplify(PrunedTape parent, byte[] choices, boolean[] maybeNaN) {
        simplify(parent, choices, maybeNaN, 1, 0);
    }

    /**
     * As {@link #simplify(PrunedTape, byte[], boolean[])}, for choices made for several boxes at
     * once: instruction {@code i}'s choice and NaN flag for this tile are at
     * {@code i · stride + lane}.
     */
    public void simplify(PrunedTape parent, byte[] choices, boolean[] maybeNaN, int stride, int lane) {
        if (parent == this) throw new IllegalArgumentException("a tape cannot simplify into itself");
        int n = parent.length;
        if (n > ops.length) allocate(Math.max(n, ops.length * 2));
        else if (liveness == null || liveness.length < ops.length) scratch(ops.length);
        root = parent.root;
        constants = parent.constants;
        int pos = keepLive(parent, choices, stride, lane);
        renumber(pos, n, parent.output, maybeNaN, stride, lane);
    }

    // One backward pass: an instruction is live if a live reader needs it; a decided min/max
    // needs one side and forwards its readers there. Live instructions are written from the top
    // of the buffers down, still naming their operands by the parent's indices. Returns the
    // lowest index written.
    private int keepLive(PrunedTape parent, byte[] choices, int stride, int lane) {
        int n = parent.length;
        byte[] pops = parent.ops;
        int[] pl = parent.lhs;
        int[] pr = parent.rhs;
        int[] porigin = parent.origin;
        byte[] liveness = this.liveness;
        int[] newIndex = this.newIndex;
        int[] forwardTo = this.forwardTo;
        byte[] demand = this.demand;
        byte[] psign = parent.signOnly;
        Arrays.fill(liveness, 0, n, (byte) 0);
        Arrays.fill(demand, 0, n, (byte) 0);
        int out = parent.output;
        if (out >= 0) {
            liveness[out] = LIVE;
            demand[out] = psign[out] == 1 ? Demand.SIGN : Demand.VALUE;
        }
        int pos = n;
        for (int i = n - 1; i >= 0; i--) {
            if (liveness[i] == 0) continue;
            int op = pops[i];
            int a = pl[i];
            int b = pr[i];
            boolean keptMinMax = false;
            if (op == MIN || op == MAX) {
                byte c = choices[i * stride + lane];
                if (c != BOTH) {
                    int kept = c == LEFT ? a : b;
                    forwardTo[i] = kept;
                    liveness[i] = FORWARDED;
                    if (kept >= 0) {
                        liveness[kept] = LIVE;
                        if (demand[kept] < demand[i]) demand[kept] = demand[i];
                    }
                    continue;
                }
                keptMinMax = true; // NaN-free or not: decided below, once the operands' forwarding is known
            }
            int arity = ARITY[op];
            pos--;
            ops[pos] = (byte) op;
            lhs[pos] = a;
            rhs[pos] = b;
            origin[pos] = porigin[i];
            nanFree[pos] = keptMinMax;
            byte d = demand[i];
            signOnly[pos] = (byte) (d == Demand.SIGN ? 1 : 0);
            newIndex[i] = pos;
            byte pass = Demand.passedOn(d, op);
            if (arity >= 1 && a >= 0) {
                liveness[a] = LIVE;
                if (demand[a] < pass) demand[a] = pass;
            }
            if (arity == 2 && b >= 0) {
                liveness[b] = LIVE;
                if (demand[b] < pass) demand[b] = pass;
            }
        }
        return pos;
    }

    // Then down to the bottom, renaming operands: only the kept instructions, at [pos, n), are
    // visited. Each value's last reader is noted on the way, which is half of planning the slots.
    private void renumber(int pos, int n, int out, boolean[] maybeNaN, int stride, int lane) {
        float[] consts = constants;
        int m = n - pos;
        int[] lastUse = this.lastUse;
        Arrays.fill(lastUse, 0, m, -1);
        for (int k = pos, j = 0; k < n; k++, j++) {
            int arity = ARITY[ops[k]];
            ops[j] = ops[k];
            if (nanFree[k]) {
                // A min/max is NaN-free if the operands it will read are: after forwarding, not the
                // parent's operands (a forwarded min may be NaN-free where the side it kept is not).
                int ra = resolve(lhs[k]), rb = resolve(rhs[k]);
                nanFree[k] = !(ra >= 0 ? maybeNaN[ra * stride + lane] : Float.isNaN(consts[~ra]))
                        && !(rb >= 0 ? maybeNaN[rb * stride + lane] : Float.isNaN(consts[~rb]));
            }
            int na = arity >= 1 ? rename(lhs[k], pos) : -1;
            int nb = arity == 2 ? rename(rhs[k], pos) : -1;
            lhs[j] = na;
            rhs[j] = nb;
            if (na >= 0) lastUse[na] = j;
            if (nb >= 0) lastUse[nb] = j;
            origin[j] = origin[k];
            nanFree[j] = nanFree[k];
            signOnly[j] = signOnly[k];
        }
        length = m;
        output = rename(out, pos);
        if (output >= 0) lastUse[output] = m;
        lastUseReady = true;
        slotCount = -1;
    }

    private static final byte LIVE = 1;
    private static final byte FORWARDED = 2;

    // The parent instruction (or constant) that a chain of forwarded min/max ends at.
    private int resolve(int operand) {
        int o = operand;
        while (o >= 0 && liveness[o] == FORWARDED) o = forwardTo[o];
        return o;
    }

    // A parent operand's name in this tape: through any chain of decided min/max, then renumbered.
    private int rename(int operand, int base) {
        int o = resolve(operand);
        // Point the chain straight at its end: prospero's root is a chain of 666 mins, most of them
        // forwarded in a tile, and every kept reader of one of them would walk the rest again.
        for (int p = operand; p >= 0 && liveness[p] == FORWARDED; ) {
            int next = forwardTo[p];
            forwardTo[p] = o;
            p = next;
        }
        return o >= 0 ? newIndex[o] - base : o;
    }

    /** The root tape whose constants and names this tape uses. */
    public SsaTape root() {
        return root;
    }

    /** The number of instructions. */
    public int length() {
        return length;
    }

    /** The operand holding the result: an instruction, or a constant ({@code ~k}). */
    public int output() {
        return output;
    }

    /** The opcode ordinals, valid up to {@link #length()}; read-only. */
    public byte[] opsArray() {
        return ops;
    }

    /** The first operands, valid up to {@link #length()}; read-only. */
    public int[] lhsArray() {
        return lhs;
    }

    /** The second operands, valid up to {@link #length()}; read-only. */
    public int[] rhsArray() {
        return rhs;
    }

    /** The root's f32 constant pool; read-only. */
    public float[] constants() {
        return constants;
    }

    /** The opcode of instruction {@code i}. */
    public Opcode opcode(int i) {
        return Opcode.ofOrdinal(ops[i]);
    }

    /** The root instruction that instruction {@code i} came from. */
    public int origin(int i) {
        return origin[i];
    }

    /** Whether instruction {@code i} is a min/max that interval arithmetic proved never sees NaN here. */
    public boolean nanFree(int i) {
        return nanFree[i];
    }

    /**
     * Whether only the sign of instruction {@code i}'s value reaches the output: true for the
     * output of a tape whose root was made sign-only, and for the operands of a sign-only min or
     * max. Interval arithmetic may then drop an operand of such a min/max that cannot change its
     * sign, such as a {@code b} that is ≥ 0 throughout the tile in {@code min(a, b)}, even where
     * the operands' ranges overlap. The tape's values change, but never their signs.
     */
    public boolean signOnly(int i) {
        return signOnly[i] == 1;
    }

    /** The sign-only flags, valid up to {@link #length()}; read-only. */
    public byte[] signOnlyArray() {
        return signOnly;
    }

    /** The per-instruction NaN-freedom flags, valid up to {@link #length()}; read-only. */
    public boolean[] nanFreeArray() {
        return nanFree;
    }

    /**
     * The slot each instruction writes, so a row interpreter needs {@link #slotCount()} buffers:
     * a slot is reused after its value's last reader (see {@link SsaTape#slot}). Planned on first
     * use after each change, which writes to this tape: a tape that several threads read must be
     * made {@link #shareable()} first.
     */
    public int[] slotsArray() {
        if (slotCount < 0) planSlots();
        return slots;
    }

    /** How many slots {@link #slotsArray()} uses. */
    public int slotCount() {
        if (slotCount < 0) planSlots();
        return slotCount;
    }

    private void planSlots() {
        if (liveness == null || liveness.length < ops.length) scratch(ops.length);
        if (!lastUseReady) SlotPlan.lastUses(lhs, rhs, length, output, lastUse);
        slotCount = SlotPlan.assign(lhs, rhs, length, lastUse, freeSlots, slots);
    }

    /**
     * The tier key: a 128-bit hash of what this tape computes, as two longs written to
     * {@code out}: opcodes, operands, the f32 bits of the constants it reads, and the output.
     * Equal keys mean equal code, so the compiled tier memoises its pruned tapes (and the
     * {@link SsaTape} it builds from each) on it without building one per tile. Not the key of
     * compiled code, which is {@link SsaTape#codeKey()}; see {@link TapeKeys}.
     */
    public void tierKey(long[] out) {
        TapeKeys.tierKey(ops, ARITY, lhs, rhs, constants, length, output, out);
    }

    /**
     * An immutable {@link SsaTape} of this tape, with only the constants it reads and the root's
     * names: what the JIT tier compiles.
     */
    public SsaTape toSsaTape() {
        return SsaTape.ofPruned(this);
    }
}
