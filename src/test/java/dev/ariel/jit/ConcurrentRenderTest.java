package dev.ariel.jit;

import dev.ariel.testing.Frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Many threads render different models, views and modes at once, in one process, through every
 * engine (the brute-force interpreter, the brute-force JIT, the pruned interpreter, and pruned
 * tiles with a shared tier-1 compiler), and every frame equals what one thread rendering alone
 * gives, value for value. Fifty rounds, the threads released together by a barrier each round.
 */
class ConcurrentRenderTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 50;
    private static final CompileOptions OPTIONS = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);
    private static final RenderMode[] MODES = RenderMode.values();
    private static final View[] VIEWS = {
        View.of(64), View.of(64).withSize(71, 45).withCenter(0.2, -0.1).withScale(0.5),
        View.of(64).withSize(40, 66).withCenter(-0.4, 0.3).withScale(1.7).withZ(0.5),
    };

    private enum Engine { BRUTE_INTERP, BRUTE_JIT, PRUNED_INTERP, PRUNED_TIERED }

    private record Job(int model, int view, RenderMode mode) {}

    @Test
    @Timeout(value = 300, threadMode = ThreadMode.SEPARATE_THREAD)
    void everyEngineRendersUnderConcurrencyWhatOneThreadRendersAlone() throws Exception {
        List<Model> models = models();
        // What one thread renders alone, with the interpreter: every engine must equal it.
        Map<Job, Frame> reference = new ConcurrentHashMap<>();
        long loadedAtStart = Jit.shared().loadedKernels();
        AtomicLong frames = new AtomicLong();
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS, 2, 8L << 20, 2_000);
                JitEngine jit = JitEngine.of(OPTIONS)) {
            // Small code bound and batches: eviction and linking run while other threads render.
            CompiledTier tier = new CompiledTier(compiler, 32, CompiledTier.Policy.ALWAYS, CostModel.defaults().withFramesExpected(1));
            TileRenderer tiered = new TileRenderer(2, TileSizes.of(32, 8), tier);
            TileRenderer pruned = new TileRenderer(2, TileSizes.of(32, 8), null);
            Renderer bruteInterp = new Renderer(JavaEngine.INSTANCE, 2);
            Renderer bruteJit = new Renderer(jit, 2);
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                      try {
                        for (int r = 0; r < ROUNDS; r++) {
                            Job job = new Job((thread * 7 + r * 3) % models.size(), (thread + r) % VIEWS.length,
                                    MODES[(thread + 2 * r) % MODES.length]);
                            Engine engine = Engine.values()[(thread + r) % Engine.values().length];
                            barrier.await(120, TimeUnit.SECONDS);
                            Model m = models.get(job.model());
                            View v = VIEWS[job.view()];
                            Frame f = switch (engine) {
                                case BRUTE_INTERP -> bruteInterp.frame(m, v, job.mode());
                                case BRUTE_JIT -> bruteJit.frame(m, v, job.mode());
                                case PRUNED_INTERP -> pruned.render(m, v, job.mode(), 1);
                                case PRUNED_TIERED -> tiered.render(m, v, job.mode(), 1);
                            };
                            Frame expected = reference.computeIfAbsent(job,
                                    j -> new TileRenderer(1, TileSizes.of(32, 8), null).render(m, v, j.mode(), 1));
                            String what = "thread " + thread + " round " + r + " " + engine + " model " + job.model() + " view "
                                    + job.view() + " " + job.mode();
                            assertSame(expected, f, what);
                            frames.incrementAndGet();
                        }
                        return null;
                      } catch (Throwable e) {
                        barrier.reset(); // the other threads stop waiting for this one, with BrokenBarrierException
                        throw e;
                      }
                    }));
                }
                // The first real failure, not the broken barriers it left the other threads.
                Throwable first = null;
                for (Future<?> f : done) {
                    try {
                        f.get(240, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (first == null || first instanceof java.util.concurrent.BrokenBarrierException) first = e.getCause();
                    }
                }
                if (first instanceof AssertionError a) throw a;
                if (first != null) throw new AssertionError("a render failed under concurrency", first);
            } finally {
                pool.shutdownNow();
            }
            tier.awaitCompiles();
            assertTrue(compiler.counters().tapesCompiled() > 0, "the tiered engine compiled tiles");
        }
        assertEquals(THREADS * ROUNDS, frames.get());
        assertEquals(loadedAtStart, Jit.shared().loadedKernels(), "everything compiled was unloaded");
    }

    // Mono and debug frames compare pixels (which tier decided a pixel differs by engine, so debug
    // colours are not compared); SDF frames compare values as Ariel's semantics do: NaN as NaN,
    // and ±0 alike (compiled min/max may return either zero where no recip, divisor or atan2 sees it).
    private static void assertSame(Frame expected, Frame got, String what) {
        assertEquals(expected.mode(), got.mode(), what);
        if (Frames.mono(expected) != null) assertEquals(Frames.mono(expected), Frames.mono(got), what);
        if (Frames.values(expected) != null) {
            float[] a = Frames.values(expected), b = Frames.values(got);
            assertEquals(a.length, b.length, what);
            for (int i = 0; i < a.length; i++) {
                if (!FloatEquality.same(a[i], b[i])) {
                    fail(what + ": pixel " + i + " is " + b[i] + ", alone " + a[i]);
                }
            }
        }
    }

    private static List<Model> models() throws Exception {
        List<Model> out = new ArrayList<>();
        for (String name : List.of("models/circle.vm", "models/showcase.vm", "models/ariel.vm", "models/dense.vm")) {
            out.add(Model.read(Path.of(name)));
        }
        for (long seed = 1; seed <= 6; seed++) out.add(Model.parse(RandomModels.generate(500 + seed, 80), "random-" + seed));
        Path shared = SharedModels.dir();
        if (Files.isDirectory(shared)) {
            for (String name : List.of("quarter.vm", "hi.vm", "tanglecube.vm")) {
                if (Files.exists(shared.resolve(name))) out.add(Model.read(shared.resolve(name)));
            }
        }
        return out;
    }
}
