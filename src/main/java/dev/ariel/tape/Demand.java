package dev.ariel.tape;

import dev.ariel.expr.Opcode;

/**
 * What an instruction's readers need of its value, for sign-only pruning: nothing, only its sign,
 * or its value. The sign of {@code min(a, b)} or {@code max(a, b)} depends only on the signs of
 * {@code a} and {@code b}, so a min/max whose sign alone is needed passes that on; anything else
 * needs its operands' values; a value read in both ways is needed whole. {@link PrunedTape} marks
 * demand when it copies a root and again, in the same backward pass that drops dead code, when it
 * simplifies.
 */
final class Demand {
    static final byte NONE = 0;
    static final byte SIGN = 1;
    static final byte VALUE = 2;

    private static final int MIN = Opcode.MIN.ordinal();
    private static final int MAX = Opcode.MAX.ordinal();

    private Demand() {}

    /** What an instruction of opcode ordinal {@code op}, with demand {@code d}, needs of its operands. */
    static byte passedOn(byte d, int op) {
        return d == SIGN && (op == MIN || op == MAX) ? SIGN : VALUE;
    }

    /**
     * Marks {@code signOnly[i]} 1 where only the sign of instruction {@code i} reaches the output
     * of the first {@code n} instructions, using {@code demand} as scratch. Unused operands are
     * negative, as in both tapes' encoding.
     */
    static void markSignOnly(byte[] ops, int[] lhs, int[] rhs, int n, int output, boolean signOnlyOutput,
            byte[] demand, byte[] signOnly) {
        java.util.Arrays.fill(demand, 0, n, NONE);
        if (output >= 0) demand[output] = signOnlyOutput ? SIGN : VALUE;
        for (int i = n - 1; i >= 0; i--) {
            byte d = demand[i];
            signOnly[i] = (byte) (d == SIGN ? 1 : 0);
            if (d == NONE) continue;
            byte pass = passedOn(d, ops[i]);
            if (lhs[i] >= 0 && demand[lhs[i]] < pass) demand[lhs[i]] = pass;
            if (rhs[i] >= 0 && demand[rhs[i]] < pass) demand[rhs[i]] = pass;
        }
    }
}
