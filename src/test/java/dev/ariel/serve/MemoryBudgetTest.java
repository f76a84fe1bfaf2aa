package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.parse.ReadLimits;
import dev.ariel.render.TileSizes;
import org.junit.jupiter.api.Test;

/** The memory budget's split, as docs/serve.md tabulates it, and how it admits and refuses. */
class MemoryBudgetTest {
    private static final long MB = 1L << 20;

    @Test
    void theHeapIsSplitAsDocumented() {
        MemoryBudget b = MemoryBudget.of(768 * MB, 64 * MB);
        assertEquals(64 * MB, b.tileCacheBytes());
        assertEquals(304 * MB, b.modelBytes());
        assertEquals(304 * MB, b.workBytes());
        MemoryBudget small = MemoryBudget.of(512 * MB, 64 * MB);
        assertEquals(192 * MB, small.modelBytes());
        assertEquals(192 * MB, small.workBytes());
        // The tile cache gets at most an eighth of the heap, whatever it asks for.
        assertEquals(32 * MB, MemoryBudget.of(256 * MB, 1024 * MB).tileCacheBytes());
    }

    @Test
    void pastTheBudget503AndBeyondIt413() {
        MemoryBudget b = MemoryBudget.of(512 * MB, 64 * MB);
        ApiException never = assertThrows(ApiException.class, () -> b.reserve(193 * MB, "an image"));
        assertEquals(413, never.status());
        MemoryBudget.Hold first = b.reserve(128 * MB, "an upload");
        ApiException busy = assertThrows(ApiException.class, () -> b.reserve(128 * MB, "an upload"));
        assertEquals(503, busy.status());
        assertEquals("1", busy.headers().get("Retry-After"));
        assertEquals("memory", busy.reason());
        first.close();
        first.close(); // idempotent: gives its share back once
        assertEquals(0, b.workInUse());
        b.reserve(128 * MB, "an upload").close();
    }

    @Test
    void renderBuffersThatStayCountForGoodAndAHeavyModelGetsFewerThreads() throws Exception {
        MemoryBudget b = MemoryBudget.of(512 * MB, 64 * MB);
        Model small = Model.parse("x var-x\ny var-y\nr add x y\n", "small.vm");
        TileSizes sizes = TileSizes.defaults();
        assertEquals(2, b.renderThreads(small.tape(), sizes, 2));
        long perThread = 60 * MB;
        b.keep(2, perThread, "a.vm"); // 120 MB of the 144 MB share
        assertEquals(120 * MB, b.workInUse());
        b.keep(2, perThread, "a.vm"); // the same pool keeps no more
        assertEquals(120 * MB, b.workInUse());
        ApiException refused = assertThrows(ApiException.class, () -> b.keep(1, 30 * MB, "b.vm"));
        assertEquals(413, refused.status());
        assertTrue(refused.getMessage().contains("MB of render buffers a thread"), refused.getMessage());
        // What the kept buffers take is not there for requests either: 72 MB are left.
        assertEquals(413, assertThrows(ApiException.class, () -> b.reserve(80 * MB, "x")).status());
        try (MemoryBudget.Hold held = b.reserve(60 * MB, "x")) {
            assertEquals(503, assertThrows(ApiException.class, () -> b.reserve(20 * MB, "y")).status());
        }
    }

    @Test
    void aModelIsChargedByItsSize() throws Exception {
        StringBuilder text = new StringBuilder("x var-x\ny var-y\na const 1\n");
        String prev = "a";
        for (int i = 0; i < 10_000; i++) {
            text.append('v').append(i).append(" add ").append(prev).append(i % 2 == 0 ? " x\n" : " y\n");
            prev = "v" + i;
        }
        Model m = Model.parse(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), "chain.vm",
                ReadLimits.defaults());
        long heap = MemoryBudget.modelHeap(m);
        assertTrue(heap >= 10_000 * MemoryBudget.MODEL_BYTES_PER_OP && heap < 2 * MB, String.valueOf(heap));
    }
}
