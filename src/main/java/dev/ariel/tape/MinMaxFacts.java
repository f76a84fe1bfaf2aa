package dev.ariel.tape;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import java.util.BitSet;

/**
 * What static analysis proves about a tape's {@code min} and {@code max} instructions over a
 * {@link Box}: which of them can be compiled to a single hardware min/max.
 *
 * <p>A hardware min/max ({@code minps}, or LLVM's {@code minnum} with {@code nnan nsz}) differs
 * from Ariel's semantics in two ways: with a NaN operand, and in which zero it returns for
 * {@code min(+0, −0)}. So two facts are proved per instruction:
 * <ul>
 *   <li>{@link #nanFree}: {@link IntervalAnalysis} shows neither operand can be NaN in the box;</li>
 *   <li>{@link #zeroSignIgnored}: the sign of a zero this instruction returns cannot change the
 *       model's output under Ariel's value equality (which already treats −0 as +0). A zero's sign
 *       only ever shows through {@code recip}, a divisor, or {@code atan2}; a backward pass marks
 *       every value that can reach one of those through sign-preserving ops.</li>
 * </ul>
 * Because the facts depend on the box, whether they held belongs in any cache key for code
 * compiled from them ({@link #key()}).
 */
public final class MinMaxFacts {
    private final BitSet nanFree;
    private final BitSet zeroSignIgnored;
    private final int minMaxCount;

    private MinMaxFacts(BitSet nanFree, BitSet zeroSignIgnored, int minMaxCount) {
        this.nanFree = nanFree;
        this.zeroSignIgnored = zeroSignIgnored;
        this.minMaxCount = minMaxCount;
    }

    /** The facts for every min/max of {@code tape} over {@code box}. */
    public static MinMaxFacts of(SsaTape tape, Box box) {
        int n = tape.length();
        boolean[] signShows = zeroSignShows(tape);
        IntervalAnalysis bounds = null;
        BitSet nanFree = new BitSet(n);
        BitSet ignored = new BitSet(n);
        int count = 0;
        for (int i = 0; i < n; i++) {
            Opcode op = tape.opcode(i);
            if (op != Opcode.MIN && op != Opcode.MAX) continue;
            count++;
            if (!signShows[i]) ignored.set(i);
            if (!box.admitsNaN()) {
                if (bounds == null) bounds = IntervalAnalysis.of(tape, box);
                if (!bounds.maybeNaN(tape.lhs(i)) && !bounds.maybeNaN(tape.rhs(i))) nanFree.set(i);
            }
        }
        return new MinMaxFacts(nanFree, ignored, count);
    }

    /** Whether neither operand of min/max instruction {@code i} can be NaN inside the box. */
    public boolean nanFree(int i) {
        return nanFree.get(i);
    }

    /** Whether the sign of a zero that instruction {@code i} returns cannot change the output. */
    public boolean zeroSignIgnored(int i) {
        return zeroSignIgnored.get(i);
    }

    /** Whether instruction {@code i} may be a single hardware min/max: both facts hold. */
    public boolean hardware(int i) {
        return nanFree.get(i) && zeroSignIgnored.get(i);
    }

    /** How many min/max instructions the tape has. */
    public int minMaxCount() {
        return minMaxCount;
    }

    /** How many of them may be a single hardware min/max. */
    public int hardwareCount() {
        BitSet both = (BitSet) nanFree.clone();
        both.and(zeroSignIgnored);
        return both.cardinality();
    }

    /** A short text that differs whenever the facts differ: part of a cache key for compiled code. */
    public String key() {
        return "nan" + hex(nanFree) + "-zs" + hex(zeroSignIgnored);
    }

    private static String hex(BitSet bits) {
        return java.util.HexFormat.of().formatHex(bits.toByteArray());
    }

    // For each instruction: can the sign of a zero it produces change the model's output?
    private static boolean[] zeroSignShows(SsaTape tape) {
        int n = tape.length();
        boolean[] shows = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            Opcode op = tape.opcode(i);
            int a = tape.lhs(i), b = tape.rhs(i);
            switch (op) {
                // ±0 gives ±∞, ±π or ±π/2: the sign always shows.
                case RECIP -> mark(shows, a, true);
                case ATAN2 -> {
                    mark(shows, a, true);
                    mark(shows, b, true);
                }
                case DIV -> {
                    mark(shows, a, shows[i]);
                    mark(shows, b, true);
                }
                // f(±0) = ±0: the operand's zero sign becomes the result's.
                case NEG, ADD, SUB, MUL, MIN, MAX, SQRT, FLOOR, CEIL, ROUND, SIN, TAN, ASIN, ATAN, AND, OR -> {
                    mark(shows, a, shows[i]);
                    if (op.arity() == 2) mark(shows, b, shows[i]);
                }
                // mod: the dividend's zero comes through; the divisor only counts by |b|.
                case MOD -> mark(shows, a, shows[i]);
                // abs, square, cos, acos, exp, ln, compare, not: ±0 give the same result.
                default -> { }
            }
        }
        return shows;
    }

    private static void mark(boolean[] shows, int operand, boolean value) {
        if (value && operand >= 0 && !SsaTape.isConstant(operand)) shows[operand] = true;
    }
}
