package dev.ariel.serve;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoded images kept for repeat requests, least recently used first out, within a byte bound
 * that counts what an entry really costs on the heap ({@link #cost}), not only its image bytes:
 * a 256-px tile of a simple model encodes to a few hundred bytes, about what its key, record and
 * map entry take. Keys start with the model's id, so a model's images can be dropped with it.
 * Thread-safe.
 */
final class TileCache {
    private final long maxBytes;
    private final LinkedHashMap<String, Rendered> map = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long evictions;

    TileCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Rendered get(String key) {
        return map.get(key);
    }

    /**
     * What keeping {@code r} under {@code key} costs the heap, with compressed references and
     * 8-byte alignment: the image's array, the {@link Rendered} record (header, three references,
     * four longs and a flag), the key (a String and its Latin-1 array) and the map's entry, with its
     * access-order links, and table slot. Its media type and tier are shared constants.
     */
    static long cost(String key, Rendered r) {
        return align(16 + r.body().length) + 64 + 24 + align(16 + key.length()) + 40 + 8;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    synchronized void put(String key, Rendered r) {
        long cost = cost(key, r);
        if (cost > maxBytes / 8) return; // one huge image would push out thousands of tiles
        Rendered old = map.put(key, r);
        if (old != null) bytes -= cost(key, old);
        bytes += cost;
        Iterator<Map.Entry<String, Rendered>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Rendered> e = it.next();
            bytes -= cost(e.getKey(), e.getValue());
            it.remove();
            evictions++;
        }
    }

    /** Drops every image, giving their memory back at once (after an {@link OutOfMemoryError}). */
    synchronized void clear() {
        evictions += map.size();
        map.clear();
        bytes = 0;
    }

    /** Drops every image of the model {@code id}. */
    synchronized void dropModel(String id) {
        Iterator<Map.Entry<String, Rendered>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Rendered> e = it.next();
            if (e.getKey().startsWith(id + "/")) {
                bytes -= cost(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }

    synchronized int entries() {
        return map.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long evictions() {
        return evictions;
    }
}
