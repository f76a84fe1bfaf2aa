package dev.ariel.serve;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoded images kept for repeat requests, least recently used first out, within a byte bound.
 * Keys start with the model's id, so a model's images can be dropped with it. Thread-safe.
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

    synchronized void put(String key, Rendered r) {
        if (r.cost() > maxBytes / 8) return; // one huge image would push out thousands of tiles
        Rendered old = map.put(key, r);
        if (old != null) bytes -= old.cost();
        bytes += r.cost();
        Iterator<Map.Entry<String, Rendered>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().cost();
            it.remove();
            evictions++;
        }
    }

    /** Drops every image of the model {@code id}. */
    synchronized void dropModel(String id) {
        Iterator<Map.Entry<String, Rendered>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Rendered> e = it.next();
            if (e.getKey().startsWith(id + "/")) {
                bytes -= e.getValue().cost();
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
