package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The tile cache's byte bound counts what its entries really cost on the heap. */
class TileCacheTest {
    private static Rendered image(int bytes, int seed) {
        byte[] body = new byte[bytes];
        body[0] = (byte) seed;
        return new Rendered(body, "image/png", "interp", 1, 0, 0, 0, true);
    }

    private static String key(int i) {
        return "0123456789abcdef0123456789abcdef/tile/12/" + i + "/" + (i * 7) + "/MONO";
    }

    @Test
    void smallImagesAreChargedTheirKeysRecordsAndEntries() {
        TileCache cache = new TileCache(64 * 1024);
        for (int i = 0; i < 10_000; i++) cache.put(key(i), image(100, i));
        // 100 bytes of image cost about 330 with the rest: a count of image bytes would keep 655.
        long each = TileCache.cost(key(9_999), image(100, 0));
        assertTrue(each > 300 && each < 360, "an entry of 100 image bytes costs " + each);
        assertTrue(cache.entries() <= 64 * 1024 / 300, cache.entries() + " entries kept in 64 KB");
        assertTrue(cache.bytes() <= 64 * 1024, String.valueOf(cache.bytes()));
        cache.dropModel("0123456789abcdef0123456789abcdef");
        assertEquals(0, cache.entries());
        assertEquals(0, cache.bytes());
    }

    @Test
    void theChargedBytesMatchTheHeapTheEntriesTake() {
        int n = 100_000;
        TileCache cache = new TileCache(1L << 40);
        long before = usedHeap();
        for (int i = 0; i < n; i++) cache.put(key(i), image(200 + i % 64, i));
        long taken = usedHeap() - before;
        double ratio = (double) taken / cache.bytes();
        // The map's table is sized in powers of two, and the measurement is of a live heap: a band.
        assertTrue(ratio > 0.8 && ratio < 1.25, "the heap grew " + taken + " bytes for " + cache.bytes() + " charged");
        assertEquals(n, cache.entries());
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
