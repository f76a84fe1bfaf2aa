package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaEngine;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.MonoImage;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** Several threads compile and render different models at once, with private and with shared JIT engines, and every image equals the interpreter's pixel for pixel. */
// Runs in a child JVM of its own (IsolatedTestsTest): a regression here could crash the JVM.
@Tag("child-jvm")
class JitConcurrencyTest {
    private static final int THREADS = 3;
    private static final int ROUNDS = 20;
    private static final Model BUNDLED = Model.bundled();

    /** Views of odd sizes (masked tails) over different boxes, so facts and keys differ between them. */
    private static final View[] VIEWS = {
        View.of(64).withSize(67, 41),
        View.of(64).withSize(45, 58).withCenter(0.3, -0.2).withScale(0.6),
        View.of(64).withSize(53, 53).withCenter(-0.5, 0.4).withScale(2.5).withZ(0.75),
    };

    @Test
    @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
    void threadsWithTheirOwnEnginesRenderLikeTheInterpreter() throws Exception {
        long loadedAtStart = Jit.shared().loadedKernels();
        AtomicInteger mixed = new AtomicInteger();
        runThreads(t -> {
            try (JitEngine engine = JitEngine.of(CompileOptions.of(OptLevel.O1))) {
                for (int r = 0; r < ROUNDS; r++) {
                    Model model = r % 5 == 4 ? BUNDLED : random(1_000L * (t + 1) + r);
                    View view = VIEWS[(t + r) % VIEWS.length];
                    if (check(engine, model, view, 1 + r % 2, "thread " + t + " round " + r)) mixed.incrementAndGet();
                }
                assertTrue(engine.kernelCount() > 0);
            }
            return null;
        });
        assertEquals(loadedAtStart, Jit.shared().loadedKernels(), "every engine unloaded its kernels");
        assertTrue(mixed.get() >= ROUNDS, "only " + mixed + " images had both filled and empty pixels");
    }

    @Test
    @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
    void threadsSharingOneEngineRenderLikeTheInterpreterAndCompileEachKeyOnce() throws Exception {
        long loadedAtStart = Jit.shared().loadedKernels();
        Set<String> keys = ConcurrentHashMap.newKeySet();
        AtomicInteger mixed = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        try (JitEngine engine = JitEngine.of(CompileOptions.of(OptLevel.O1))) {
            runThreads(t -> {
                try {
                    for (int r = 0; r < ROUNDS; r++) {
                        // Every thread starts a round at once on the same model; two of three share a
                        // view, so two threads ask the cache for the same key at the same moment.
                        Model model = r % 5 == 4 ? BUNDLED : random(77_000L + r / 2);
                        View view = VIEWS[t == 2 ? (r + 1) % VIEWS.length : r % VIEWS.length];
                        keys.add(key(model.tape(), view.box()));
                        barrier.await(60, TimeUnit.SECONDS);
                        if (check(engine, model, view, 1 + (t + r) % 2, "thread " + t + " round " + r)) mixed.incrementAndGet();
                    }
                } catch (Throwable e) {
                    barrier.reset(); // release the other threads rather than leave them waiting
                    throw e;
                }
                return null;
            });
            // The cache compiled each distinct (tape, facts) once: no duplicate compiled, loaded and forgotten.
            assertTrue(mixed.get() >= ROUNDS, "only " + mixed + " images had both filled and empty pixels");
            assertEquals(keys.size(), engine.kernelCount(), "cached kernels against distinct keys");
            assertEquals(loadedAtStart + keys.size(), Jit.shared().loadedKernels(), "kernels loaded in the JIT");
        }
        assertEquals(loadedAtStart, Jit.shared().loadedKernels(), "closing the engine unloaded its kernels");
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void simultaneousRequestsForOneKernelGetOneCompile() throws Exception {
        long loadedAtStart = Jit.shared().loadedKernels();
        int threads = 4;
        try (JitEngine engine = JitEngine.of(CompileOptions.of(OptLevel.O2))) {
            for (int round = 0; round < 5; round++) {
                SsaTape tape = random(99_000L + round).tape();
                Box box = VIEWS[round % VIEWS.length].box();
                CyclicBarrier barrier = new CyclicBarrier(threads);
                List<CompiledKernel> got = runThreads(threads, t -> {
                    barrier.await(60, TimeUnit.SECONDS); // all ask at the same moment
                    return engine.kernel(tape, box);
                });
                for (CompiledKernel k : got) assertSame(got.get(0), k, "round " + round + ": threads got different kernels");
                assertEquals(round + 1, engine.kernelCount());
                assertEquals(loadedAtStart + round + 1, Jit.shared().loadedKernels(), "round " + round + ": kernels loaded");
            }
        }
        assertEquals(loadedAtStart, Jit.shared().loadedKernels());
    }

    private interface Work<T> {
        T run(int thread) throws Exception;
    }

    private static void runThreads(Work<Void> work) throws Exception {
        runThreads(THREADS, work);
    }

    private static <T> List<T> runThreads(int n, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<T>) () -> work.run(thread)));
            }
            List<T> results = new ArrayList<>();
            Throwable failure = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(150, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    // Report an assertion over the broken barriers it causes in the other threads.
                    if (failure == null || e.getCause() instanceof AssertionError && !(failure instanceof AssertionError)) {
                        failure = e.getCause();
                    }
                }
            }
            if (failure instanceof AssertionError a) throw a;
            if (failure != null) throw new AssertionError("a worker thread failed", failure);
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "worker threads did not stop");
        }
    }

    /**
     * Renders with the JIT and the interpreter and compares every pixel, and one row's values.
     *
     * @return whether the image has both filled and empty pixels (a picture that can show a wrong pixel)
     */
    private static boolean check(JitEngine engine, Model model, View view, int renderThreads, String what) {
        MonoImage jit = new Renderer(engine, renderThreads).render(model, view);
        MonoImage interpreted = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);
        int differ = 0;
        String first = null;
        for (int j = 0; j < view.height(); j++) {
            for (int i = 0; i < view.width(); i++) {
                if (jit.isFilled(i, j) != interpreted.isFilled(i, j)) {
                    if (differ++ == 0) first = "(" + i + ", " + j + ")";
                }
            }
        }
        if (differ > 0) fail(what + ": " + differ + " pixels differ from the interpreter's, first at " + first + "\n" + model.source());
        // The images only show signs; the values of a middle row must agree too.
        float[] xs = view.columnXs();
        float y = view.rowYs()[view.height() / 2];
        float z = (float) view.z();
        float[] got = new float[xs.length], expected = new float[xs.length];
        RowEvaluator row = engine.rowEvaluator(model.tape(), view.box());
        row.evaluate(xs, 0, xs.length, y, z, got);
        JavaEngine.INSTANCE.rowEvaluator(model.tape(), view.box()).evaluate(xs, 0, xs.length, y, z, expected);
        for (int i = 0; i < xs.length; i++) {
            if (!FloatEquality.same(expected[i], got[i])) {
                fail(what + ": value at (" + xs[i] + ", " + y + ") is " + FloatEquality.describe(got[i])
                        + ", interpreter " + FloatEquality.describe(expected[i]));
            }
        }
        return jit.filledCount() > 0 && jit.filledCount() < view.width() * view.height();
    }

    private static Model random(long seed) {
        try {
            return Model.parse(RandomModels.generate(seed, 30), "random-" + seed + ".vm");
        } catch (Exception e) {
            throw new AssertionError("random model " + seed + " does not parse", e);
        }
    }

    /** What JitEngine keys its cache by, for one engine and host: the tape's structure and its min/max facts. */
    private static String key(SsaTape tape, Box box) {
        return tape.codeKey() + "/" + MinMaxFacts.of(tape, box).key();
    }
}
