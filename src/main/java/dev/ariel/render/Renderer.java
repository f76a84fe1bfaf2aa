package dev.ariel.render;

import dev.ariel.tape.Box;
import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders models into {@link MonoImage}s, spreading rows over threads. Immutable and
 * thread-safe: one renderer may serve many renders at once.
 *
 * <p>Rows are spread over a shared pool of threads, the caller's among them. Each thread takes
 * the next unclaimed row, evaluates it with its own evaluator and writes only that row's pixels,
 * so no image state is shared and mutable between threads.
 *
 * @param engine the tier that evaluates rows
 * @param threads how many threads render, at least 1
 */
public record Renderer(Backend engine, int threads) {
    // Shared by all renderers: threads are reused across frames and exit after a minute idle.
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(Thread.ofPlatform().name("ariel-render-", 1).daemon().factory());

    public Renderer {
        TileRenderer.checkThreads(threads);
    }

    /** The interpreter on every core. */
    public static Renderer defaults() {
        return new Renderer(JavaEngine.INSTANCE, Runtime.getRuntime().availableProcessors());
    }

    /** A copy that renders on {@code n} threads. */
    public Renderer withThreads(int n) {
        return new Renderer(engine, n);
    }

    /** A copy that evaluates with {@code e}. */
    public Renderer withEngine(Backend e) {
        return new Renderer(e, threads);
    }

    /** Renders {@code model} over {@code view}. */
    public MonoImage render(RenderModel model, View view) {
        return ((Frame.Mono) frame(model, view, RenderMode.MONO)).mono();
    }

    /**
     * Renders one frame by brute force: the whole tape at every pixel. In debug mode every pixel
     * is marked as evaluated by this renderer's tier.
     */
    public Frame frame(RenderModel model, View view, RenderMode mode) {
        long start = System.nanoTime();
        SsaTape tape = model.tape();
        int w = view.width();
        int h = view.height();
        float[] xs = view.columnXs();
        float[] ys = view.rowYs();
        float z = (float) view.z();
        byte[] pixels = new byte[w * h];
        float[] values = mode == RenderMode.SDF ? new float[w * h] : null;
        Box box = view.box();
        AtomicInteger nextRow = new AtomicInteger();
        AtomicLong evalNanos = new AtomicLong();
        Runnable work = () -> {
            long t0 = System.nanoTime();
            RowEvaluator eval = engine.rowEvaluator(tape, box);
            float[] row = new float[w];
            for (int j; (j = nextRow.getAndIncrement()) < h; ) {
                eval.evaluate(xs, 0, w, ys[j], z, row);
                int base = j * w;
                if (values != null) System.arraycopy(row, 0, values, base, w);
                for (int i = 0; i < w; i++) {
                    // NaN < 0 is false: NaN pixels are empty.
                    pixels[base + i] = row[i] < 0f ? MonoImage.FILLED : 0;
                }
            }
            evalNanos.addAndGet(System.nanoTime() - t0);
        };
        runOnThreads(Math.min(threads, h), work);
        boolean compiled = !engine.name().equals(JavaEngine.INSTANCE.name());
        long px = (long) w * h;
        FrameStats stats = new FrameStats(System.nanoTime() - start, 0, 0, evalNanos.get(), 0, 0, 0, 0, compiled ? 0 : h,
                compiled ? h : 0, compiled ? 0 : px, compiled ? px : 0, px * tape.length(), 0, 0, 0);
        MonoImage mono = new MonoImage(w, h, pixels);
        return switch (mode) {
            case MONO -> new Frame.Mono(view, mono, stats);
            case DEBUG -> {
                byte[] kinds = new byte[w * h];
                java.util.Arrays.fill(kinds, compiled ? DebugShading.COMPILED : DebugShading.INTERPRETED);
                yield new Frame.Debug(view, mono, kinds, new int[0], stats);
            }
            case SDF -> new Frame.Sdf(view, values, stats);
        };
    }

    // Runs `work` on the calling thread and on n − 1 pooled ones, and waits for all of them.
    private static void runOnThreads(int n, Runnable work) {
        List<Future<?>> helpers = new ArrayList<>(n - 1);
        for (int t = 1; t < n; t++) {
            helpers.add(POOL.submit(work));
        }
        Throwable failure = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : helpers) {
            Throwable e = waitFor(f);
            if (failure == null) failure = e;
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
    }

    private static Throwable waitFor(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // the helper writes into our image: it must finish first
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
