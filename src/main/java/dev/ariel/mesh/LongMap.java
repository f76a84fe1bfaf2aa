package dev.ariel.mesh;

import java.util.Arrays;

/**
 * An open-addressing map from packed grid keys (≥ 0) to ints, for the millions of corners,
 * cells and edges of a mesh, where boxed maps cost more than the evaluation. Floats are stored
 * by their bits.
 */
final class LongMap {
    private static final long EMPTY = -1;
    private long[] keys;
    private int[] values;
    private int size;

    LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new int[cap];
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int mask = keys.length - 1;
        // The top bits are the best mixed; 32 of them cover any table.
        int i = (int) (h >>> 32) & mask;
        while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
        return i;
    }

    /** The value of {@code key}, or {@code missing}. */
    int get(long key, int missing) {
        int i = slot(key);
        return keys[i] == EMPTY ? missing : values[i];
    }

    boolean containsKey(long key) {
        return keys[slot(key)] != EMPTY;
    }

    /** Puts {@code key} → {@code value} unless the key is present; returns whether it was added. */
    boolean putIfAbsent(long key, int value) {
        int i = slot(key);
        if (keys[i] != EMPTY) return false;
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) grow();
        return true;
    }

    /** Adds {@code delta} to the value of {@code key} (0 when absent). */
    void add(long key, int delta) {
        int i = slot(key);
        if (keys[i] != EMPTY) {
            values[i] += delta;
            return;
        }
        keys[i] = key;
        values[i] = delta;
        if (++size * 2 > keys.length) grow();
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == EMPTY) continue;
            int j = slot(oldKeys[i]);
            keys[j] = oldKeys[i];
            values[j] = oldValues[i];
        }
    }
}
