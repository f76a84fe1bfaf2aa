package dev.ariel.tape;

/**
 * The slot plan that {@link SsaTape} and {@link PrunedTape} share: a linear scan over straight-line
 * code in which a slot is freed after its value's last reader, and the freed slot may be the
 * reader's own output (elementwise evaluation makes that safe). Operands are in the tapes'
 * encoding, so a negative one (a constant, or none) takes no slot.
 */
final class SlotPlan {
    private SlotPlan() {}

    /** Writes to {@code lastUse[i]} the last instruction reading value {@code i} ({@code n} for the output, −1 for none). */
    static void lastUses(int[] lhs, int[] rhs, int n, int output, int[] lastUse) {
        java.util.Arrays.fill(lastUse, 0, n, -1);
        for (int i = 0; i < n; i++) {
            if (lhs[i] >= 0) lastUse[lhs[i]] = i;
            if (rhs[i] >= 0) lastUse[rhs[i]] = i;
        }
        if (output >= 0) lastUse[output] = n;
    }

    /** Writes each instruction's slot to {@code slots}, using {@code free} as scratch; returns how many slots. */
    static int assign(int[] lhs, int[] rhs, int n, int[] lastUse, int[] free, int[] slots) {
        int top = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            int a = lhs[i];
            int b = rhs[i];
            if (a >= 0 && lastUse[a] == i) free[top++] = slots[a];
            if (b >= 0 && b != a && lastUse[b] == i) free[top++] = slots[b];
            slots[i] = top > 0 ? free[--top] : used++;
            if (lastUse[i] < 0) free[top++] = slots[i];
        }
        return used;
    }
}
