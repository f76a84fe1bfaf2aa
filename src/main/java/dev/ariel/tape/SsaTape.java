package dev.ariel.tape;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A flat, immutable SSA program that evaluators and the LLVM backend consume: one instruction
 * per non-constant node that the result depends on, in an order where operands come first.
 *
 * <p>The tape is a struct of arrays. An operand is an int: a value ≥ 0 is the index of the
 * instruction that computes it, and a negative value {@code ~k} is constant {@code k} of the
 * constant pool, so constants are immediates and never instructions. Each constant keeps its
 * f32 value (what the f32 tiers use) and its double value (for the f64 oracle).
 *
 * <p>For interpreters the tape also carries a slot plan: instruction {@code i} writes slot
 * {@link #slot(int)}, and a slot is reused once its last reader has run, so a row interpreter
 * needs {@link #slotCount()} buffers, not one per instruction.
 */
public final class SsaTape {
    private final byte[] ops;
    private final int[] lhs;
    private final int[] rhs;
    private final float[] constants32;
    private final double[] constants64;
    private final String[] names;
    private final int output;
    private final int[] slots;
    private final int slotCount;
    private volatile String structuralHash;

    private SsaTape(byte[] ops, int[] lhs, int[] rhs, float[] constants32, double[] constants64,
            String[] names, int output) {
        this.ops = ops;
        this.lhs = lhs;
        this.rhs = rhs;
        this.constants32 = constants32;
        this.constants64 = constants64;
        this.names = names;
        this.output = output;
        this.slots = new int[ops.length];
        this.slotCount = allocateSlots();
    }

    /** The tape of everything {@code root} depends on in {@code graph}. */
    public static SsaTape of(ExprGraph graph, int root) {
        boolean[] live = graph.reachableFrom(root);
        int[] operandOf = new int[root + 1];
        int count = 0;
        int constants = 0;
        for (int i = 0; i <= root; i++) {
            if (!live[i]) continue;
            if (graph.opcode(i) == Opcode.CONST) constants++;
            else count++;
        }
        byte[] ops = new byte[count];
        int[] lhs = new int[count];
        int[] rhs = new int[count];
        String[] names = new String[count];
        float[] c32 = new float[constants];
        double[] c64 = new double[constants];
        int n = 0;
        int k = 0;
        for (int i = 0; i <= root; i++) {
            if (!live[i]) continue;
            Opcode op = graph.opcode(i);
            if (op == Opcode.CONST) {
                // The graph already deduplicated constants, so each is pooled once.
                c32[k] = graph.constant32(i);
                c64[k] = graph.constant64(i);
                operandOf[i] = ~k++;
                continue;
            }
            ops[n] = (byte) op.ordinal();
            lhs[n] = op.arity() >= 1 ? operandOf[graph.lhs(i)] : -1;
            rhs[n] = op.arity() == 2 ? operandOf[graph.rhs(i)] : -1;
            names[n] = graph.name(i);
            operandOf[i] = n++;
        }
        return new SsaTape(ops, lhs, rhs, c32, c64, names, operandOf[root]);
    }

    /** A tape from arrays it takes ownership of, in this class's encoding; for {@link PrunedTape}. */
    static SsaTape fromParts(byte[] ops, int[] lhs, int[] rhs, float[] constants32, double[] constants64,
            String[] names, int output) {
        return new SsaTape(ops, lhs, rhs, constants32, constants64, names, output);
    }

    // The pool itself, which pruned tapes of this root read without copying; never written.
    float[] constants32() {
        return constants32;
    }

    /** Whether {@code operand} names a constant rather than an instruction. */
    public static boolean isConstant(int operand) {
        return operand < 0;
    }

    /** The constant pool index of a constant {@code operand}. */
    public static int constantIndex(int operand) {
        return ~operand;
    }

    /** The number of instructions. */
    public int length() {
        return ops.length;
    }

    /** The opcode of instruction {@code i}. */
    public Opcode opcode(int i) {
        return Opcode.ofOrdinal(ops[i]);
    }

    /** The first operand of instruction {@code i} (see the class comment for the encoding), or −1. */
    public int lhs(int i) {
        return lhs[i];
    }

    /** The second operand of instruction {@code i}, or −1. */
    public int rhs(int i) {
        return rhs[i];
    }

    /** The number of pooled constants. */
    public int constantCount() {
        return constants32.length;
    }

    /** The f32 value of constant {@code k}. */
    public float constant(int k) {
        return constants32[k];
    }

    /** The double value of constant {@code k}, for the f64 oracle. */
    public double constant64(int k) {
        return constants64[k];
    }

    /** The operand that holds the result: an instruction or, for a constant model, a constant. */
    public int output() {
        return output;
    }

    /** The {@code .vm} id that defined instruction {@code i}, or null. */
    public String name(int i) {
        return names[i];
    }

    /** The slot that instruction {@code i} writes. */
    public int slot(int i) {
        return slots[i];
    }

    /** How many slots the slot plan uses: the most values alive at once. */
    public int slotCount() {
        return slotCount;
    }

    /**
     * A 128-bit hash of what the tape computes in f32, as 32 hex digits: its opcodes, operands,
     * constants' f32 bits and output, but not its names. Equal tapes compile to the same code, so
     * this keys caches of compiled code. Computed once; cheaper than a cryptographic digest, whose
     * provider alone costs tens of milliseconds in a cold JVM.
     */
    public String structuralHash() {
        String h = structuralHash;
        if (h == null) {
            long[] acc = {0x9E3779B97F4A7C15L ^ ops.length, 0xC2B2AE3D27D4EB4FL ^ constants32.length};
            mix(acc, output);
            for (int i = 0; i < ops.length; i++) {
                mix(acc, ops[i]);
                mix(acc, lhs[i]);
                mix(acc, rhs[i]);
            }
            for (float c : constants32) mix(acc, Float.floatToRawIntBits(c));
            structuralHash = h = String.format("%016x%016x", fmix(acc[0] ^ acc[1]), fmix(acc[1] + fmix(acc[0])));
        }
        return h;
    }

    // Two multiply-rotate lanes (as in MurmurHash3's 128-bit variant), each step depending on order.
    private static void mix(long[] acc, int v) {
        long k = (v & 0xFFFF_FFFFL) * 0x87C37B91114253D5L;
        acc[0] = Long.rotateLeft(acc[0] ^ Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL, 27) * 5 + 0x52DCE729;
        acc[1] = Long.rotateLeft(acc[1] ^ acc[0] ^ k, 33) * 0xFF51AFD7ED558CCDL + 0x38495AB5;
    }

    // MurmurHash3's 64-bit finaliser; PrunedTape hashes with it too.
    static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        return k ^ (k >>> 33);
    }

    /** The input variables that the tape reads. */
    public Set<Opcode> variables() {
        EnumSet<Opcode> vars = EnumSet.noneOf(Opcode.class);
        for (byte op : ops) {
            Opcode o = Opcode.ofOrdinal(op);
            if (o.isVariable()) vars.add(o);
        }
        return vars;
    }

    /** How many instructions use each opcode, indexed by ordinal. */
    public int[] opcodeCounts() {
        int[] counts = new int[Opcode.values().length];
        for (byte op : ops) counts[op]++;
        return counts;
    }

    // Linear scan over the straight-line code: a slot is freed after its value's last reader, and
    // the freed slot may be the reader's own output (elementwise evaluation makes that safe).
    private int allocateSlots() {
        int n = ops.length;
        int[] lastUse = new int[n];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < n; i++) {
            if (lhs[i] >= 0) lastUse[lhs[i]] = i;
            if (rhs[i] >= 0) lastUse[rhs[i]] = i;
        }
        if (output >= 0) lastUse[output] = n;
        int[] free = new int[n];
        int freeTop = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (lhs[i] >= 0 && lastUse[lhs[i]] == i) free[freeTop++] = slots[lhs[i]];
            if (rhs[i] >= 0 && rhs[i] != lhs[i] && lastUse[rhs[i]] == i) free[freeTop++] = slots[rhs[i]];
            slots[i] = freeTop > 0 ? free[--freeTop] : used++;
            if (lastUse[i] < 0) free[freeTop++] = slots[i];
        }
        return used;
    }
}
