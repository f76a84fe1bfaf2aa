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
    private volatile String codeKey;

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

    /**
     * An immutable tape of {@code pruned}, with only the constants it reads and its root's names:
     * what the JIT tier compiles ({@link PrunedTape#toSsaTape()}).
     */
    static SsaTape ofPruned(PrunedTape pruned) {
        SsaTape root = pruned.root();
        int n = pruned.length();
        float[] pool = pruned.constants();
        byte[] o = Arrays.copyOf(pruned.opsArray(), n);
        int[] pl = pruned.lhsArray();
        int[] pr = pruned.rhsArray();
        int[] l = new int[n];
        int[] r = new int[n];
        String[] names = new String[n];
        // Constants are renumbered in order of first use; constMap[old] is the new index, or −1.
        int[] constMap = new int[pool.length];
        Arrays.fill(constMap, -1);
        float[] c32 = new float[pool.length];
        double[] c64 = new double[pool.length];
        int[] count = {0};
        for (int i = 0; i < n; i++) {
            int arity = Opcode.ofOrdinal(o[i]).arity();
            l[i] = arity >= 1 ? remapConstant(root, pl[i], constMap, c32, c64, count) : -1;
            r[i] = arity == 2 ? remapConstant(root, pr[i], constMap, c32, c64, count) : -1;
            names[i] = root.name(pruned.origin(i));
        }
        int out = remapConstant(root, pruned.output(), constMap, c32, c64, count);
        int k = count[0];
        return new SsaTape(o, l, r, Arrays.copyOf(c32, k), Arrays.copyOf(c64, k), names, out);
    }

    private static int remapConstant(SsaTape root, int operand, int[] constMap, float[] c32, double[] c64, int[] count) {
        if (operand >= 0) return operand;
        int old = ~operand;
        if (constMap[old] < 0) {
            int next = count[0]++;
            constMap[old] = next;
            c32[next] = root.constant(old);
            c64[next] = root.constant64(old);
        }
        return ~constMap[old];
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
     * The code key: a 128-bit hash of what the tape computes in f32, as 32 hex digits: its
     * opcodes, operands, constants' f32 bits and output, but not its names. Equal tapes compile to
     * the same code, so the JIT's caches of compiled code, in memory and on disk, key on it (with
     * the facts proved for a box); not to be confused with {@link PrunedTape#tierKey(long[])}, see
     * {@link TapeKeys}. Computed once; cheaper than a cryptographic digest, whose provider alone
     * costs tens of milliseconds in a cold JVM.
     */
    public String codeKey() {
        String h = codeKey;
        if (h == null) codeKey = h = TapeKeys.codeKey(ops, lhs, rhs, constants32, output);
        return h;
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

    private int allocateSlots() {
        int n = ops.length;
        int[] lastUse = new int[n];
        SlotPlan.lastUses(lhs, rhs, n, output, lastUse);
        return SlotPlan.assign(lhs, rhs, n, lastUse, new int[n], slots);
    }
}
