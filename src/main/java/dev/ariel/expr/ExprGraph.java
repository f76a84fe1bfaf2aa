package dev.ariel.expr;

import java.util.Arrays;

/**
 * An immutable, hash-consed expression graph: every distinct subexpression is one node.
 *
 * <p>Nodes are small ints in topological order (operands always have smaller ids than their
 * users), so every algorithm over the graph is a plain loop, never a recursion, and depth is
 * never a stack overflow. A constant node holds its value twice: the double that was written and,
 * rounded once, the f32 value that the f32 tiers use. Folding computes both, each with its own
 * semantics, so the f64 oracle never sees f32 rounding and the f32 tiers never see double
 * rounding.
 *
 * <p>Build one with {@link #builder()}.
 */
public final class ExprGraph {
    private final byte[] ops;
    private final int[] lhs;
    private final int[] rhs;
    private final double[] values64;
    private final float[] values32;
    private final String[] names;

    private ExprGraph(Builder b) {
        int n = b.size;
        this.ops = Arrays.copyOf(b.ops, n);
        this.lhs = Arrays.copyOf(b.lhs, n);
        this.rhs = Arrays.copyOf(b.rhs, n);
        this.values64 = Arrays.copyOf(b.values64, n);
        this.values32 = Arrays.copyOf(b.values32, n);
        this.names = Arrays.copyOf(b.names, n);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of nodes. */
    public int size() {
        return ops.length;
    }

    /** The opcode of node {@code id}. */
    public Opcode opcode(int id) {
        return Opcode.ofOrdinal(ops[id]);
    }

    /** The first operand of node {@code id}, or −1 if it has none. */
    public int lhs(int id) {
        return lhs[id];
    }

    /** The second operand of node {@code id}, or −1 if it has none. */
    public int rhs(int id) {
        return rhs[id];
    }

    /** The double value of constant node {@code id} (NaN for other nodes). */
    public double constant64(int id) {
        return values64[id];
    }

    /** The f32 value of constant node {@code id} (NaN for other nodes). */
    public float constant32(int id) {
        return values32[id];
    }

    /** The first {@code .vm} id that named node {@code id}, or null if no line defined it. */
    public String name(int id) {
        return names[id];
    }

    /**
     * The length of the longest operand chain from each node down to a leaf (leaves are 0).
     */
    public int[] depths() {
        int[] depth = new int[size()];
        for (int i = 0; i < depth.length; i++) {
            int d = 0;
            if (lhs[i] >= 0) d = depth[lhs[i]] + 1;
            if (rhs[i] >= 0) d = Math.max(d, depth[rhs[i]] + 1);
            depth[i] = d;
        }
        return depth;
    }

    /** Which nodes {@code root} depends on, itself included. */
    public boolean[] reachableFrom(int root) {
        boolean[] live = new boolean[size()];
        live[root] = true;
        for (int i = root; i >= 0; i--) {
            if (live[i]) {
                if (lhs[i] >= 0) live[lhs[i]] = true;
                if (rhs[i] >= 0) live[rhs[i]] = true;
            }
        }
        return live;
    }

    /**
     * Builds an {@link ExprGraph}, deduplicating, folding constants and applying only identities
     * that are exact for every input, NaN, ±0 and ±∞ included. Not thread-safe.
     */
    public static final class Builder {
        private byte[] ops = new byte[64];
        private int[] lhs = new int[64];
        private int[] rhs = new int[64];
        private double[] values64 = new double[64];
        private float[] values32 = new float[64];
        private String[] names = new String[64];
        private int size;
        // The hash-consing table: open addressing over the node arrays themselves, holding node
        // id + 1 (0 is empty): 8 to 16 bytes a node where a HashMap of keys took about 100.
        private int[] table = new int[128];

        Builder() {}

        /** The number of nodes so far. */
        public int size() {
            return size;
        }

        /** The opcode of node {@code id}. */
        public Opcode opcode(int id) {
            return Opcode.ofOrdinal(ops[id]);
        }

        /** A constant whose f32 value is {@code value} rounded once to float. */
        public int constant(double value) {
            return constant(value, (float) value);
        }

        /**
         * A constant with its two values given apart, as a folded constant of another graph (or
         * tape) carries them: its f32 value need not be its double value rounded.
         */
        public int constant(double value64, float value32) {
            return intern(Opcode.CONST, -1, -1, value64, value32);
        }

        /** The node reading input {@code var}: {@code VAR_X}, {@code VAR_Y} or {@code VAR_Z}. */
        public int variable(Opcode var) {
            if (!var.isVariable()) {
                throw new IllegalArgumentException(var.text() + " is not a variable");
            }
            return intern(var, -1, -1, Double.NaN, Float.NaN);
        }

        /** Applies a unary opcode to node {@code a}. */
        public int unary(Opcode op, int a) {
            if (op.arity() != 1) {
                throw new IllegalArgumentException(op.text() + " is not unary");
            }
            checkOperand(a);
            if (isConstant(a)) {
                return constant(
                        F64Semantics.apply(op, values64[a], 0.0), F32Semantics.apply(op, values32[a], 0f));
            }
            Opcode inner = opcode(a);
            switch (op) {
                case NEG -> {
                    if (inner == Opcode.NEG) return lhs[a]; // −(−x) = x exactly
                }
                case ABS -> {
                    if (inner == Opcode.NEG || inner == Opcode.ABS) return unary(Opcode.ABS, lhs[a]);
                    if (inner == Opcode.SQUARE) return a; // x·x is never negative
                }
                case SQUARE -> {
                    if (inner == Opcode.NEG || inner == Opcode.ABS) return unary(Opcode.SQUARE, lhs[a]);
                }
                default -> {}
            }
            return intern(op, a, -1, Double.NaN, Float.NaN);
        }

        /** Applies a binary opcode to nodes {@code a} and {@code b}. */
        public int binary(Opcode op, int a, int b) {
            if (op.arity() != 2) {
                throw new IllegalArgumentException(op.text() + " is not binary");
            }
            checkOperand(a);
            checkOperand(b);
            if (isConstant(a) && isConstant(b)) {
                return constant(
                        F64Semantics.apply(op, values64[a], values64[b]),
                        F32Semantics.apply(op, values32[a], values32[b]));
            }
            if (op.isCommutative() && a > b) {
                int t = a;
                a = b;
                b = t;
            }
            switch (op) {
                case ADD -> {
                    if (isExactly(b, -0.0)) return a;
                    if (isExactly(a, -0.0)) return b;
                    // x + (−y) is by IEEE definition x − y
                    if (opcode(b) == Opcode.NEG) return binary(Opcode.SUB, a, lhs[b]);
                    if (opcode(a) == Opcode.NEG) return binary(Opcode.SUB, b, lhs[a]);
                }
                case SUB -> {
                    if (isExactly(b, 0.0)) return a;
                    if (opcode(b) == Opcode.NEG) return binary(Opcode.ADD, a, lhs[b]);
                }
                case MUL -> {
                    if (a == b) return unary(Opcode.SQUARE, a);
                    if (isExactly(b, 1.0)) return a;
                    if (isExactly(a, 1.0)) return b;
                    if (isExactly(b, -1.0)) return unary(Opcode.NEG, a);
                    if (isExactly(a, -1.0)) return unary(Opcode.NEG, b);
                }
                case DIV -> {
                    if (isExactly(b, 1.0)) return a;
                    if (isExactly(b, -1.0)) return unary(Opcode.NEG, a);
                }
                case MIN, MAX -> {
                    if (a == b) return a;
                }
                default -> {}
            }
            return intern(op, a, b, Double.NaN, Float.NaN);
        }

        /** Applies any opcode with operands; a convenience over {@link #unary} and {@link #binary}. */
        public int apply(Opcode op, int a, int b) {
            return op.arity() == 1 ? unary(op, a) : binary(op, a, b);
        }

        /** Records {@code name} for node {@code id} unless the node already has one. */
        public void name(int id, String name) {
            if (names[id] == null) {
                names[id] = name;
            }
        }

        /** An immutable snapshot of the graph so far. */
        public ExprGraph build() {
            return new ExprGraph(this);
        }

        private boolean isConstant(int id) {
            return ops[id] == Opcode.CONST.ordinal();
        }

        private boolean isExactly(int id, double v) {
            return isConstant(id)
                    && Double.doubleToRawLongBits(values64[id]) == Double.doubleToRawLongBits(v)
                    && Float.floatToRawIntBits(values32[id]) == Float.floatToRawIntBits((float) v);
        }

        private void checkOperand(int id) {
            if (id < 0 || id >= size) {
                throw new IllegalArgumentException("no node " + id);
            }
        }

        private int intern(Opcode op, int a, int b, double v64, float v32) {
            // All NaN constants are one value under Ariel's equality; canonical bits keep them one node.
            long bits64 = Double.doubleToLongBits(v64);
            int bits32 = Float.floatToIntBits(v32);
            int o = op.ordinal();
            int mask = table.length - 1;
            int slot = hash(o, a, b, bits64, bits32) & mask;
            for (int t; (t = table[slot]) != 0; slot = (slot + 1) & mask) {
                int id = t - 1;
                if (ops[id] == o && lhs[id] == a && rhs[id] == b && Double.doubleToLongBits(values64[id]) == bits64
                        && Float.floatToIntBits(values32[id]) == bits32) {
                    return id;
                }
            }
            if (size == ops.length) {
                int cap = size * 2;
                ops = Arrays.copyOf(ops, cap);
                lhs = Arrays.copyOf(lhs, cap);
                rhs = Arrays.copyOf(rhs, cap);
                values64 = Arrays.copyOf(values64, cap);
                values32 = Arrays.copyOf(values32, cap);
                names = Arrays.copyOf(names, cap);
            }
            int id = size++;
            ops[id] = (byte) op.ordinal();
            lhs[id] = a;
            rhs[id] = b;
            values64[id] = v64;
            values32[id] = v32;
            table[slot] = id + 1;
            if (2 * size > table.length) rehash();
            return id;
        }

        private void rehash() {
            table = new int[table.length * 2];
            int mask = table.length - 1;
            for (int id = 0; id < size; id++) {
                int slot = hash(ops[id], lhs[id], rhs[id], Double.doubleToLongBits(values64[id]),
                        Float.floatToIntBits(values32[id])) & mask;
                while (table[slot] != 0) slot = (slot + 1) & mask;
                table[slot] = id + 1;
            }
        }

        private static int hash(int op, int a, int b, long bits64, int bits32) {
            long h = op * 0x9E3779B97F4A7C15L;
            h = (h ^ a) * 0xC2B2AE3D27D4EB4FL;
            h = (h ^ b) * 0x165667B19E3779F9L;
            h = (h ^ bits64) * 0x9E3779B97F4A7C15L;
            h = (h ^ bits32) * 0xC2B2AE3D27D4EB4FL;
            return (int) (h ^ (h >>> 29) ^ (h >>> 47));
        }
    }
}
