package dev.ariel.serve;

import dev.ariel.Model;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import dev.ariel.volume.VolumeView;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's heap, split up front between what it holds and what its requests use, so that
 * load is turned away (413, or 503 with {@code Retry-After}) before it can run the heap out.
 *
 * <p>The split of the maximum heap H: an eighth (at least 32 MB) stays free for the JVM, the
 * HTTP server and garbage not yet collected; the tile cache keeps its own bound, at most an eighth
 * of H; of the rest, half bounds the models held ({@link ModelStore}, in estimated bytes) and half
 * is working memory: upload bodies being read and parsed, and renders' buffers. With the
 * default 768 MB heap: 96 MB free, 64 MB of tiles, 304 MB of models, 304 MB of work.
 *
 * <p>Estimates, measured on this machine (JDK 25, G1): a parsed model keeps 92 to 134 bytes per
 * instruction (a 1,000,000-op chain: 92 MB); a render thread's buffers, which stay allocated
 * for its next render, take about 150 bytes per instruction of the model (300 MB for two threads
 * at 1,000,000 instructions) and about 5 KB per slot, values alive at once (20,000 slots: 100 MB
 * a thread); parsing needs about 8 times the body. Thread-safe.
 */
final class MemoryBudget {
    /** Bytes a parsed model keeps per op, with headroom over the 92 to 134 measured. */
    static final long MODEL_BYTES_PER_OP = 140;
    /** Bytes a render thread's interval and tape buffers keep per instruction of the model. */
    static final long THREAD_BYTES_PER_INSTRUCTION = 160;
    /** The share of the working memory that render threads' kept buffers may take, in quarters. */
    static final int KEPT_QUARTERS = 3;
    /** What reading and parsing an upload needs, per byte of its body. */
    static final long PARSE_BYTES_PER_BODY_BYTE = 8;

    private final long heap;
    private final long free;
    private final long tileCache;
    private final long models;
    private final long work;
    private final AtomicLong workInUse = new AtomicLong();
    // Render threads keep their buffers between renders: per pool (thread count), the largest
    // buffers a render has needed, counted against the working memory for good.
    private final ConcurrentHashMap<Integer, Long> kept = new ConcurrentHashMap<>();
    private final AtomicLong keptTotal = new AtomicLong();

    private MemoryBudget(long heap, long tileCacheWanted) {
        this.heap = heap;
        this.free = Math.max(32L << 20, heap / 8);
        this.tileCache = Math.min(tileCacheWanted, heap / 8);
        long rest = Math.max(0, heap - free - tileCache);
        this.models = rest / 2;
        this.work = rest - models;
    }

    /** The split of {@code maxHeap} bytes, with a tile cache of at most {@code tileCacheBytes}. */
    static MemoryBudget of(long maxHeap, long tileCacheBytes) {
        return new MemoryBudget(maxHeap, tileCacheBytes);
    }

    /** The split of this JVM's maximum heap. */
    static MemoryBudget ofThisJvm(long tileCacheBytes) {
        return of(Runtime.getRuntime().maxMemory(), tileCacheBytes);
    }

    long heapBytes() {
        return heap;
    }

    long tileCacheBytes() {
        return tileCache;
    }

    long modelBytes() {
        return models;
    }

    long workBytes() {
        return work;
    }

    long workInUse() {
        return workInUse.get() + keptTotal.get();
    }

    /** A held share of the working memory; closing it gives it back. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes {@code bytes} of working memory for {@code what}, at once or not at all.
     *
     * @throws ApiException 413 if it is more than the working memory could ever give, 503 with
     *     {@code Retry-After} if it is more than is free now
     */
    Hold reserve(long bytes, String what) {
        if (bytes > work - keptTotal.get()) {
            throw ApiException.tooLarge(what + " needs about " + mb(bytes) + " MB of memory, more than the service's "
                    + mb(work - keptTotal.get()) + " MB for requests (see docs/serve.md, memory budget)");
        }
        while (true) {
            long used = workInUse.get();
            if (used + bytes + keptTotal.get() > work) {
                throw ApiException.unavailable("the service's memory for requests is in use (" + mb(used + keptTotal.get())
                        + " of " + mb(work) + " MB): try again shortly", 1, "memory");
            }
            if (workInUse.compareAndSet(used, used + bytes)) break;
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) workInUse.addAndGet(-bytes);
        };
    }

    /**
     * Counts for good the buffers {@code threads} render threads keep for a model needing
     * {@code perThread} bytes each, if that is more than that pool keeps already.
     *
     * @throws ApiException 413 if those buffers would take more than their share of the working memory
     */
    synchronized void keep(int threads, long perThread, String what) {
        long need = threads * perThread;
        long had = kept.getOrDefault(threads, 0L);
        if (need <= had) return;
        if (keptTotal.get() - had + need > keptShare()) {
            throw ApiException.tooLarge(what + " needs about " + mb(perThread) + " MB of render buffers a thread, "
                    + threads + " thread" + (threads == 1 ? "" : "s") + ", more than the service's memory for them ("
                    + mb(keptShare() - (keptTotal.get() - had)) + " MB): simplify the model");
        }
        kept.put(threads, need);
        keptTotal.addAndGet(need - had);
    }

    /** The render threads a model can have, at most {@code wanted}, or 0 if not even one fits. */
    int renderThreads(SsaTape tape, TileSizes sizes, int wanted) {
        long perThread = threadBytes(tape, sizes);
        return (int) Math.max(0, Math.min(wanted, keptShare() / Math.max(1, perThread)));
    }

    private long keptShare() {
        return work / 4 * KEPT_QUARTERS;
    }

    /**
     * Admits a render of {@code model}: counts the buffers its threads keep, and holds what the
     * frame needs until closed.
     *
     * @throws ApiException 413 if it could never fit, 503 if it does not fit now
     */
    Hold admitRender(ServedModel model, int threads, TileSizes sizes, View view, RenderMode mode, ImageFormat format) {
        SsaTape tape = model.model.tape();
        keep(Math.max(1, renderThreads(tape, sizes, threads)), threadBytes(tape, sizes), model.name);
        return reserve(frameBytes(view, mode, format), "a " + view.width() + "x" + view.height() + " " + mode.name()
                .toLowerCase(java.util.Locale.ROOT) + " image");
    }

    /**
     * Admits a 3D render of {@code model}, as {@link #admitRender} does a 2D one: its threads'
     * kept buffers, and the frame's heights, gradients, shading and encoded image until closed.
     *
     * @throws ApiException 413 if it could never fit, 503 if it does not fit now
     */
    Hold admitVolume(ServedModel model, int threads, TileSizes sizes, VolumeView view) {
        SsaTape tape = model.model.tape();
        keep(Math.max(1, renderThreads(tape, sizes, threads)), threadBytes(tape, sizes), model.name);
        return reserve(volumeFrameBytes(view), "a " + view.width() + "x" + view.height() + " 3D image");
    }

    /**
     * What one 3D frame needs besides the threads' buffers: per pixel a height and three gradient
     * floats (16 bytes), the shading's and SSAO's float planes (16), the RGB image (4) and the
     * encoded bytes (at most 3 again, and 8 for a 16-bit PGM/PPM heightmap).
     */
    static long volumeFrameBytes(VolumeView view) {
        long px = (long) view.width() * view.height();
        return px * (16 + 16 + 4 + 8) + 64 * 1024;
    }

    /**
     * Admits an upload of {@code declaredBytes} (-1: unknown, so up to {@code maxBody}): what
     * reading and parsing it needs, held until closed.
     */
    Hold admitUpload(long declaredBytes, long maxBody) {
        long body = declaredBytes < 0 ? maxBody : Math.min(declaredBytes, maxBody);
        return reserve(Math.max(4096, body) * PARSE_BYTES_PER_BODY_BYTE, "an upload of " + body + " bytes");
    }

    /** What a parsed model keeps on the heap, as the store counts it. */
    static long modelHeap(Model model) {
        return 64L * 1024 + MODEL_BYTES_PER_OP * Math.max(model.info().opsWritten(), model.tape().length());
    }

    /** What one render thread's buffers need for {@code tape}: intervals and tapes, and a leaf buffer per slot. */
    static long threadBytes(SsaTape tape, TileSizes sizes) {
        long leaf = sizes.leaf();
        return (1L << 20) + THREAD_BYTES_PER_INSTRUCTION * tape.length() + (leaf * leaf * 4 + 24) * tape.slotCount();
    }

    /** What one frame needs besides the threads' buffers: its pixels, values and encoded image. */
    static long frameBytes(View view, RenderMode mode, ImageFormat format) {
        long px = (long) view.width() * view.height();
        long perPixel = 1 + (mode == RenderMode.DEBUG ? 1 : 0) + (mode == RenderMode.SDF ? 4 : 0);
        // The image to encode (up to RGB) and the encoded bytes, at most as large again.
        long image = px * (mode == RenderMode.MONO ? 1 : 3);
        return px * perPixel + 2 * image + (format == ImageFormat.PNG ? 64 * 1024 : 0);
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
