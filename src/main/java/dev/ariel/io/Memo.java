package dev.ariel.io;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Results that a long-lived process keeps from one command to the next, keyed by everything
 * that decides them (a parsed model by its name, limits and bytes). A command asks its
 * {@link Invocation#memo()}; a process of its own has {@link #NONE}, which keeps nothing, and
 * the daemon a {@link #bounded} one. Values must be immutable: several commands share them.
 */
public interface Memo {
    /** The value kept for {@code key}, or null. */
    Object get(Object key);

    /** Keeps {@code value} for {@code key}; {@code weight} is about how many bytes it holds. */
    void put(Object key, Object value, long weight);

    /** Keeps nothing. */
    Memo NONE = new Memo() {
        @Override
        public Object get(Object key) {
            return null;
        }

        @Override
        public void put(Object key, Object value, long weight) {}
    };

    /**
     * A thread-safe memo of at most {@code entries} values weighing at most {@code maxWeight} in
     * all, dropping the least recently used first; a value heavier than that is not kept.
     */
    static Memo bounded(int entries, long maxWeight) {
        record Entry(Object value, long weight) {}
        Map<Object, Entry> map = new LinkedHashMap<>(16, 0.75f, true);
        long[] total = {0};
        return new Memo() {
            @Override
            public Object get(Object key) {
                synchronized (map) {
                    Entry e = map.get(key);
                    return e == null ? null : e.value();
                }
            }

            @Override
            public void put(Object key, Object value, long weight) {
                if (weight > maxWeight) return;
                synchronized (map) {
                    Entry old = map.put(key, new Entry(value, weight));
                    total[0] += weight - (old == null ? 0 : old.weight());
                    Iterator<Entry> it = map.values().iterator();
                    while ((map.size() > entries || total[0] > maxWeight) && it.hasNext()) {
                        total[0] -= it.next().weight();
                        it.remove();
                    }
                }
            }
        };
    }
}
