package dev.ariel.serve;

import dev.ariel.render.Deadline;
import dev.ariel.render.Frame;
import dev.ariel.render.FrameStats;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.SdfShading;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeView;
import dev.ariel.wiring.RenderEngine;
import dev.ariel.wiring.VolumeSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers image requests: from the tile cache, from another request's render of the same image
 * under way, or by rendering through the {@link RenderGate} within the {@link MemoryBudget}.
 * Thread-safe.
 */
final class ImageRenders {
    private final long budgetNanos;
    private final TileCache tiles;
    private final RenderGate gate;
    private final MemoryBudget budget;
    private final int threads;
    private final TileSizes sizes;
    private final ServiceMetrics metrics;
    private final RenderEngine engine;
    private final ConcurrentHashMap<String, CompletableFuture<Rendered>> inFlight = new ConcurrentHashMap<>();

    /** An image and whether this request was spared its render. */
    record Answer(Rendered rendered, boolean fromCache) {}

    /**
     * @param threads the render threads a model may have, which the budget counts buffers for
     * @param sizes the tile sizes, which size each thread's buffers
     */
    ImageRenders(long budgetMillis, TileCache tiles, RenderGate gate, MemoryBudget budget, int threads, TileSizes sizes,
            ServiceMetrics metrics, RenderEngine engine) {
        this.engine = engine;
        this.budgetNanos = budgetMillis * 1_000_000;
        this.tiles = tiles;
        this.gate = gate;
        this.budget = budget;
        this.threads = threads;
        this.sizes = sizes;
        this.metrics = metrics;
    }

    /** A request's budget from now, which the end of a stop's grace period (the gate closing) cuts short. */
    Deadline deadline() {
        return Deadline.after(budgetNanos).orWhen(gate::closed);
    }

    /** The image of {@code view} under {@code key}, which names the model and every parameter. */
    Answer image(ServedModel model, String key, View view, RenderMode mode, ImageFormat format) {
        if (mode != RenderMode.SDF) return answer(key, mode != RenderMode.DEBUG, d -> renderNow(model, view, mode, format, d, Frame::image));
        // SDF: shaded by the model's slope, measured once, not by the image's own content, as
        // `ariel render --mode sdf` does: a tile's colours depend only on the model, the zoom
        // level and the pixel, so neighbouring tiles agree at every edge.
        return answer(key, true, d -> {
            double slope = model.sdfSlope;
            if (Double.isNaN(slope)) model.sdfSlope = slope = SdfShading.modelSlope(model.model, model.renderer, d); // racers agree
            double s = slope;
            return renderNow(model, view, mode, format, d, f -> SdfShading.image(view, ((Frame.Sdf) f).values(), s));
        });
    }

    /**
     * The 3D image of {@code view} under {@code key}, as {@code ariel render3d} writes it: the
     * same wiring ({@link VolumeSource}), on the service's shared engine, so the same bytes.
     */
    Answer volume(ServedModel model, String key, VolumeView view, VolumeMode mode, boolean ssao, ImageFormat format) {
        return answer(key, true, d -> renderVolume(model, view, mode, ssao, format, d));
    }

    /** A render of one image within a deadline. */
    private interface Job {
        Rendered run(Deadline deadline);
    }

    private Answer answer(String key, boolean cacheable, Job job) {
        Deadline deadline = deadline();
        if (cacheable) {
            Rendered hit = tiles.get(key);
            if (hit != null) {
                metrics.rendered(hit, true);
                return new Answer(hit, true);
            }
        }
        // One render per key at a time: clients that ask for a tile being rendered wait for it.
        CompletableFuture<Rendered> mine = new CompletableFuture<>();
        CompletableFuture<Rendered> theirs = cacheable ? inFlight.putIfAbsent(key, mine) : null;
        if (theirs != null) {
            // Another request rendered it: to this one it is as good as a cache hit.
            Rendered r = await(theirs, deadline);
            metrics.rendered(r, true);
            return new Answer(r, true);
        }
        try {
            Rendered r = job.run(deadline);
            if (cacheable) tiles.put(key, r);
            metrics.rendered(r, false);
            mine.complete(r);
            return new Answer(r, false);
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            if (cacheable) inFlight.remove(key, mine);
        }
    }

    private static Rendered await(CompletableFuture<Rendered> f, Deadline deadline) {
        try {
            return f.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("the tile is still being rendered for another request: try again shortly", 1,
                    "queue_timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for a render", 1, "shutting_down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    // The one place a request renders: admission hooks in here.
    private Rendered renderNow(ServedModel model, View view, RenderMode mode, ImageFormat format, Deadline deadline,
            java.util.function.Function<Frame, dev.ariel.render.Image> shade) {
        Frame frame;
        long queued = System.nanoTime();
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos());
                MemoryBudget.Hold held = budget.admitRender(model, threads, sizes, view, mode, format)) {
            long waited = System.nanoTime() - queued;
            gate.admitted(deadline);
            try {
                frame = model.renderer.render(model.model, view, mode, 1, deadline);
            } catch (RenderTimeoutException e) {
                // Most of its budget went waiting in the queue: the service was busy, the request
                // not too large, so it gets the 503 that says "try again", not a 422.
                if (!gate.closed() && waited * 2 > deadline.budgetNanos()) throw RenderGate.queueTimeout();
                throw e;
            }
        }
        byte[] bytes = ImageFiles.encode(shade.apply(frame), format);
        FrameStats s = frame.stats();
        long all = (long) view.width() * view.height();
        String tier = s.pixelsCompiled() > 0 ? "jit" : s.pixelsInterpreted() > 0 ? "interp" : "interval";
        return new Rendered(bytes, contentType(format), tier, s.wallNanos(), all - s.pixelsInterpreted() - s.pixelsCompiled(),
                s.pixelsInterpreted(), s.pixelsCompiled(), mode != RenderMode.DEBUG);
    }

    private Rendered renderVolume(ServedModel model, VolumeView view, VolumeMode mode, boolean ssao, ImageFormat format,
            Deadline deadline) {
        VolumeSource.Frame frame;
        String note;
        long queued = System.nanoTime();
        int n = engine.settings().threads();
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos());
                MemoryBudget.Hold held = budget.admitVolume(model, n, sizes, view)) {
            long waited = System.nanoTime() - queued;
            gate.admitted(deadline);
            try (VolumeSource source = VolumeSource.open(engine, model.model, view, mode, ssao)) {
                frame = source.next(deadline);
                note = source.warnings().isEmpty() ? null : String.join("; ", source.warnings());
            } catch (RenderTimeoutException e) {
                if (!gate.closed() && waited * 2 > deadline.budgetNanos()) throw RenderGate.queueTimeout();
                throw e;
            }
        }
        byte[] bytes = ImageFiles.encode(frame.image(), format);
        var s = frame.stats();
        String tier = s.voxelsCompiled() > 0 ? "jit" : s.voxelsInterpreted() > 0 ? "interp" : "interval";
        return new Rendered(bytes, contentType(format), tier, s.wallNanos() + frame.shadeNanos(), 0, 0, 0, true,
                "interp=" + s.voxelsInterpreted() + ",jit=" + s.voxelsCompiled(), note);
    }

    private static String contentType(ImageFormat format) {
        return switch (format) {
            case PNG -> "image/png";
            case PGM -> "image/x-portable-graymap";
            case PPM -> "image/x-portable-pixmap";
        };
    }
}
