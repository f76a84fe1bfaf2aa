package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaEngine;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.eval.TapeCompiler.Counters;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.KernelIr;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The batched background compiler: tapes share modules and still equal the interpreter, the cache
 * compiles each key once (also under concurrent callers), eviction keeps to its bound only while
 * no lease is held, failures are remembered, and close() unloads everything.
 */
// Runs in a child JVM of its own (IsolatedTestsTest): a regression here could crash the JVM.
@Tag("child-jvm")
class JitTapeCompilerTest {
    private static final CompileOptions O2 = CompileOptions.of(OptLevel.O2);
    private static final CompileOptions FAST = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);

    /** Boxes of different sizes and positions, so that facts differ between them; one admits NaN. */
    private static final Box[] BOXES = {
        new Box(-1.5f, 2f, -0.5f, 0.25f, 0.5f, 0.5f),
        new Box(0.25f, 0.75f, 0.25f, 0.75f, 0f, 0f),
        new Box(-4f, -1f, 1f, 3f, -2f, 2f),
        Box.EVERYTHING,
    };

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aBatchOfRandomTapesCompilesInFewModulesAndEqualsTheInterpreterBitForBit() {
        long loadedAtStart = Jit.shared().loadedKernels();
        List<SsaTape> tapes = randomTapes(1_000, 24, 40);
        List<Box> boxes = boxesFor(tapes.size());
        try (JitTapeCompiler compiler = new JitTapeCompiler(O2, 2, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES,
                JitTapeCompiler.DEFAULT_BATCH_OPS)) {
            try (TapeCompiler.Lease lease = compiler.lease()) {
                for (int i = 0; i < tapes.size(); i++) assertNull(compiler.cached(tapes.get(i), boxes.get(i)), "before any compile");
            }
            assertThrows(IllegalStateException.class, () -> compiler.cached(tapes.get(0), boxes.get(0)), "without a lease");
            compiler.compileAll(tapes, boxes).join();
            Counters c = compiler.counters();
            assertEquals(tapes.size(), c.tapesCompiled());
            assertEquals(tapes.stream().mapToLong(SsaTape::length).sum(), c.opsCompiled());
            assertTrue(c.modules() >= 1 && c.modules() < tapes.size(), "modules: " + c.modules());
            assertTrue(c.codeBytes() > 0 && c.compileNanos() > 0, c.toString());
            assertEquals(loadedAtStart + tapes.size(), Jit.shared().loadedKernels());
            try (TapeCompiler.Lease lease = compiler.lease()) {
                for (int i = 0; i < tapes.size(); i++) {
                    RowEvaluator row = compiler.cached(tapes.get(i), boxes.get(i));
                    assertInstanceOf(CompiledKernel.class, row, "tape " + i);
                    assertMatchesInterpreter(tapes.get(i), boxes.get(i), row, "tape " + i);
                }
            }
            assertEquals(tapes.size(), compiler.counters().cacheHits());
        }
        assertEquals(loadedAtStart, Jit.shared().loadedKernels(), "close unloaded every function");
    }

    @Test
    void aModuleDefinesEachF32MathHelperOnceForAllItsKernels() throws Exception {
        SsaTape a = Model.parse("_0 var-x\n_1 sin _0\n_2 var-y\n_3 exp _2\n_4 add _1 _3\n", "a.vm").tape();
        SsaTape b = Model.parse("_0 var-y\n_1 sin _0\n_2 var-x\n_3 mul _1 _2\n", "b.vm").tape();
        try (HostMachine machine = HostMachine.create(Jit.shared().host(), OptLevel.CodegenLevel.NONE);
                IrModule module = KernelIr.emit(List.of(new KernelIr.Kernel(a, MinMaxFacts.of(a, Box.EVERYTHING), "fa"),
                        new KernelIr.Kernel(b, MinMaxFacts.of(b, Box.EVERYTHING), "fb")), machine, "two")) {
            String ir = module.text();
            assertEquals(1, definitions(ir, "@ariel.sin("), "ariel.sin is not defined exactly once:\n" + ir);
            assertEquals(1, definitions(ir, "@ariel.exp("), "ariel.exp is not defined exactly once:\n" + ir);
            assertTrue(ir.contains("define void @fa(") && ir.contains("define void @fb("), ir);
            assertFalse(ir.contains("@ariel.sin.1") || ir.contains("@ariel.ph.1"), "a helper or table was duplicated:\n" + ir);
        }
        try (HostMachine machine = HostMachine.create(Jit.shared().host(), OptLevel.CodegenLevel.NONE)) {
            KernelIr.Kernel k = new KernelIr.Kernel(a, MinMaxFacts.of(a, Box.EVERYTHING), "same");
            assertThrows(IllegalArgumentException.class, () -> KernelIr.emit(List.of(k, k), machine, "dup"));
        }
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void compilingTheSameTapesAgainCompilesNothing() {
        List<SsaTape> tapes = randomTapes(2_000, 10, 25);
        List<Box> boxes = boxesFor(tapes.size());
        try (JitTapeCompiler compiler = new JitTapeCompiler(FAST, 1, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, 200)) {
            compiler.compileAll(tapes, boxes).join();
            Counters first = compiler.counters();
            assertEquals(tapes.size(), first.tapesCompiled());
            assertTrue(first.modules() > 1, "batchOps 200 should have split " + tapes.size() + " tapes: " + first);

            // Equal tapes parsed again (new identities) and equal boxes hit the same keys.
            List<SsaTape> again = randomTapes(2_000, 10, 25);
            List<Box> sameBoxes = new ArrayList<>();
            for (Box b : boxes) sameBoxes.add(b == Box.EVERYTHING ? b : new Box(b.xMin(), b.xMax(), b.yMin(), b.yMax(), b.zMin(), b.zMax()));
            CompletableFuture<Void> second = compiler.compileAll(again, sameBoxes);
            assertTrue(second.isDone(), "everything was cached: nothing to wait for");
            second.join();
            Counters after = compiler.counters();
            assertEquals(first.tapesCompiled(), after.tapesCompiled());
            assertEquals(first.modules(), after.modules());
            assertEquals(first.opsCompiled(), after.opsCompiled());
            try (TapeCompiler.Lease lease = compiler.lease()) {
                for (int i = 0; i < again.size(); i++) {
                    assertSame(compiler.cached(tapes.get(i), boxes.get(i)), compiler.cached(again.get(i), sameBoxes.get(i)));
                }
                // A box equal to EVERYTHING but not it promises no NaN: other facts, so not the same key.
                Box everyFloat = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
                SsaTape minOfVars = tape("_0 var-x\n_1 var-y\n_2 min _0 _1\n");
                compiler.compileAll(List.of(minOfVars), List.of(Box.EVERYTHING)).join();
                assertNotNull(compiler.cached(minOfVars, Box.EVERYTHING));
                assertNull(compiler.cached(minOfVars, everyFloat));
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aTinyBoundKeepsOneBatchLoadedAndLeasesHoldEvictionOff() throws Exception {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        List<SsaTape> tapes = randomTapes(3_000, 8, 25);
        Box box = BOXES[0];
        // One thread, one tape a batch, a bound of one byte: after each compile only the newest batch remains.
        try (JitTapeCompiler compiler = new JitTapeCompiler(FAST, 1, 1, 1)) {
            for (int i = 0; i < tapes.size(); i++) {
                compiler.compileAll(List.of(tapes.get(i)), List.of(box)).join();
                Counters c = compiler.counters();
                assertEquals(i, c.evictions(), "after compile " + i);
                assertEquals(loadedAtStart + 1, jit.loadedKernels(), "after compile " + i);
                assertTrue(c.codeBytes() > 0, c.toString());
            }
            try (TapeCompiler.Lease lease = compiler.lease()) {
                assertNotNull(compiler.cached(tapes.get(tapes.size() - 1), box), "the newest batch stays");
                assertNull(compiler.cached(tapes.get(0), box), "an evicted tape is uncached");
            }

            TapeCompiler.Lease lease = compiler.lease();
            try {
                RowEvaluator newest = compiler.cached(tapes.get(tapes.size() - 1), box);
                compiler.compileAll(List.of(tapes.get(0)), List.of(box)).join(); // recompiled: it was evicted
                assertEquals(tapes.size() + 1, compiler.counters().tapesCompiled());
                assertEquals(tapes.size() - 1, compiler.counters().evictions(), "evicted while a lease is held");
                assertEquals(loadedAtStart + 2, jit.loadedKernels());
                assertMatchesInterpreter(tapes.get(tapes.size() - 1), box, newest, "the leased function");
                assertNotNull(compiler.cached(tapes.get(0), box));
            } finally {
                lease.close();
            }
            lease.close(); // idempotent
            // Closing the last lease queues the eviction it held off.
            awaitTrue(() -> compiler.counters().evictions() == tapes.size(), "eviction after the lease closed");
            awaitTrue(() -> jit.loadedKernels() == loadedAtStart + 1, "unloaded after the lease closed");
            try (TapeCompiler.Lease l = compiler.lease()) {
                assertNull(compiler.cached(tapes.get(tapes.size() - 1), box));
                assertNotNull(compiler.cached(tapes.get(0), box));
            }
        }
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void evictionUnloadsTheLeastRecentlyUsedBatchAndKeepsToTheBound() {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        // Three tapes of one shape with different constants: about the same object size each.
        List<SsaTape> abc = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            abc.add(tape("_0 var-x\n_1 const " + (i + 0.5f) + "\n_2 mul _0 _1\n_3 var-y\n_4 sin _3\n_5 add _2 _4\n"));
        }
        Box box = BOXES[1];
        long[] size = new long[3];
        try (JitTapeCompiler probe = new JitTapeCompiler(FAST, 1, Long.MAX_VALUE, 1)) {
            for (int i = 0; i < 3; i++) {
                long before = probe.counters().codeBytes();
                probe.compileAll(List.of(abc.get(i)), List.of(box)).join();
                size[i] = probe.counters().codeBytes() - before;
            }
        }
        long bound = size[0] + size[1] + size[2] / 2;
        try (JitTapeCompiler compiler = new JitTapeCompiler(FAST, 1, bound, 1)) {
            compiler.compileAll(List.of(abc.get(0)), List.of(box)).join();
            compiler.compileAll(List.of(abc.get(1)), List.of(box)).join();
            assertEquals(0, compiler.counters().evictions(), "two batches fit");
            try (TapeCompiler.Lease lease = compiler.lease()) {
                assertNotNull(compiler.cached(abc.get(0), box)); // a is now more recent than b
            }
            compiler.compileAll(List.of(abc.get(2)), List.of(box)).join();
            Counters c = compiler.counters();
            assertEquals(1, c.evictions(), c.toString());
            assertTrue(c.codeBytes() <= bound, c.codeBytes() + " bytes over the bound of " + bound);
            try (TapeCompiler.Lease lease = compiler.lease()) {
                assertNotNull(compiler.cached(abc.get(0), box), "the recently used batch stays");
                assertNull(compiler.cached(abc.get(1), box), "the least recently used batch goes");
                assertNotNull(compiler.cached(abc.get(2), box), "the newest batch stays");
            }
            assertEquals(loadedAtStart + 2, jit.loadedKernels());

            // Many tapes at once, a few a batch: the bound holds, give or take the newest batch.
            List<SsaTape> many = randomTapes(4_000, 12, 20);
            compiler.compileAll(many, boxesFor(many.size())).join();
            c = compiler.counters();
            long largest = Math.max(size[0], Math.max(size[1], size[2]));
            assertTrue(c.evictions() > 1, c.toString());
            assertTrue(c.codeBytes() <= bound + 40 * largest, c.codeBytes() + " bytes, bound " + bound);
            assertEquals(loadedAtStart + 3 + many.size() - c.evictions(), jit.loadedKernels(), c.toString());
        }
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void closeUnloadsEverythingDropsQueuedBatchesAndIsIdempotent() {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        List<SsaTape> tapes = randomTapes(5_000, 12, 25);
        JitTapeCompiler compiler = new JitTapeCompiler(FAST, 1, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, 1);
        compiler.compileAll(tapes.subList(0, 3), boxesFor(3)).join();
        assertEquals(loadedAtStart + 3, jit.loadedKernels());
        // Twelve batches queued on one thread; close waits for the one under way and drops the rest.
        CompletableFuture<Void> queued = compiler.compileAll(tapes, boxesFor(tapes.size()));
        compiler.close();
        assertTrue(queued.isDone());
        if (queued.isCompletedExceptionally()) {
            RuntimeException e = assertThrows(RuntimeException.class, queued::join);
            assertInstanceOf(CancellationException.class, e instanceof CompletionException ? e.getCause() : e);
        }
        assertEquals(loadedAtStart, jit.loadedKernels(), "close unloaded every function");
        assertEquals(0, compiler.counters().codeBytes());
        compiler.close(); // idempotent
        assertTrue(compiler.isClosed());
        assertThrows(IllegalStateException.class, () -> compiler.compileAll(tapes, boxesFor(tapes.size())));
        try (TapeCompiler.Lease lease = compiler.lease()) {
            assertNull(compiler.cached(tapes.get(0), BOXES[0]));
        }
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aFailedTapeFailsTheFutureLoadsNothingAndIsNotRetried() {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        List<SsaTape> tapes = randomTapes(6_000, 5, 20);
        SsaTape bad = tapes.get(2);
        SsaTape unlinkable = tapes.get(4);
        // The backend fails any batch holding `bad`, and gives an object that cannot link for `unlinkable`.
        JitTapeCompiler.Backend backend = (kernels, options, host) -> {
            for (KernelIr.Kernel k : kernels) {
                if (k.tape() == bad) throw new LlvmException("injected failure for " + k.name());
            }
            KernelCompiler.CompiledBatch real = KernelCompiler.compileBatch(kernels, options, host);
            if (kernels.size() == 1 && kernels.get(0).tape() == unlinkable) {
                return new KernelCompiler.CompiledBatch(new ObjectCode(new byte[] {1, 2, 3}, 0), real.symbols(), real.stats());
            }
            return real;
        };
        List<Box> boxes = Collections.nCopies(tapes.size(), BOXES[2]);
        try (JitTapeCompiler compiler = new JitTapeCompiler(JitCompilerSettings.of(FAST).withThreads(1).withBatchOps(1_000_000), backend)) {
            CompletionException e = assertThrows(CompletionException.class, () -> compiler.compileAll(tapes, boxes).join());
            assertInstanceOf(LlvmException.class, e.getCause());
            // The batch failed as a whole; its other tapes were compiled one by one and only the two bad ones failed.
            Counters c = compiler.counters();
            assertEquals(tapes.size() - 2, c.tapesCompiled(), c.toString());
            assertEquals(loadedAtStart + tapes.size() - 2, jit.loadedKernels(), "a failed compile left code loaded");
            try (TapeCompiler.Lease lease = compiler.lease()) {
                assertNull(compiler.cached(bad, boxes.get(0)));
                assertNull(compiler.cached(unlinkable, boxes.get(0)));
                for (SsaTape t : tapes) {
                    if (t != bad && t != unlinkable) assertMatchesInterpreter(t, boxes.get(0), compiler.cached(t, boxes.get(0)), "good tape");
                }
            }
            // Asked again, the failure is reported at once, without compiling.
            CompletableFuture<Void> again = compiler.compileAll(List.of(bad), List.of(boxes.get(0)));
            assertTrue(again.isCompletedExceptionally());
            assertEquals(c.modules(), compiler.counters().modules());
            assertEquals(c.tapesCompiled(), compiler.counters().tapesCompiled());
        }
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
    void concurrentCallersWithOverlappingTapesCompileEachKeyOnce() throws Exception {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        List<SsaTape> tapes = randomTapes(7_000, 30, 30);
        List<Box> boxes = boxesFor(tapes.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < tapes.size(); i++) keys.add(tapes.get(i).codeKey() + MinMaxFacts.of(tapes.get(i), boxes.get(i)).key());
        int callers = 3;
        try (JitTapeCompiler compiler = new JitTapeCompiler(FAST, 2, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, 300)) {
            CyclicBarrier barrier = new CyclicBarrier(callers);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < callers; t++) {
                    int from = t * 10, to = Math.min(tapes.size(), from + 20); // 0-20, 10-30, 20-30: overlapping
                    List<Integer> order = new ArrayList<>();
                    for (int i = from; i < to; i++) order.add(i);
                    Collections.shuffle(order, new java.util.Random(t));
                    results.add(pool.submit(() -> {
                        barrier.await(60, TimeUnit.SECONDS);
                        CompletableFuture<Void> f = compiler.compileAll(order.stream().map(tapes::get).toList(),
                                order.stream().map(boxes::get).toList());
                        int seen = 0;
                        // Render-like polling while compiles are under way: whatever is ready must be right.
                        while (!f.isDone()) {
                            try (TapeCompiler.Lease lease = compiler.lease()) {
                                for (int i : order) {
                                    RowEvaluator row = compiler.cached(tapes.get(i), boxes.get(i));
                                    if (row != null) {
                                        seen++;
                                        assertMatchesInterpreter(tapes.get(i), boxes.get(i), row, "tape " + i);
                                    }
                                }
                            }
                            Thread.sleep(2);
                        }
                        f.join();
                        try (TapeCompiler.Lease lease = compiler.lease()) {
                            for (int i : order) assertNotNull(compiler.cached(tapes.get(i), boxes.get(i)), "tape " + i);
                        }
                        return seen;
                    }));
                }
                for (Future<Integer> r : results) r.get(150, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
            Counters c = compiler.counters();
            assertEquals(keys.size(), c.tapesCompiled(), "each distinct key compiled once: " + c);
            assertEquals(loadedAtStart + keys.size(), jit.loadedKernels());
            assertTrue(c.modules() < keys.size(), c.toString());
        }
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    void splitKeepsOrderBoundsBatchesAndFeedsEveryThread() {
        List<Integer> ops = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 60; i++) ops.add(100 + rnd.nextInt(1_900));
        long total = ops.stream().mapToLong(Integer::longValue).sum();
        for (int batchOps : new int[] {1, 500, 5_000, 20_000, 1_000_000}) {
            for (int threads : new int[] {1, 2, 3}) {
                List<List<Integer>> batches = JitTapeCompiler.split(ops, Integer::intValue, batchOps, threads);
                assertEquals(ops, batches.stream().flatMap(List::stream).toList(), "order kept");
                for (List<Integer> b : batches) {
                    int sum = b.stream().mapToInt(Integer::intValue).sum();
                    assertTrue(b.size() == 1 || sum <= batchOps, "a batch of " + sum + " ops over " + batchOps);
                }
                assertTrue(batches.size() >= Math.min(threads, ops.size()), batches.size() + " batches for " + threads + " threads");
                long least = (total + batchOps - 1) / batchOps;
                assertTrue(batches.size() <= Math.max(2 * least, threads) + 1,
                        batches.size() + " batches for " + total + " ops at " + batchOps + " per batch");
            }
        }
        assertEquals(List.of(), JitTapeCompiler.split(List.<Integer>of(), Integer::intValue, 10, 2));
    }

    // ---- helpers ----

    private static List<SsaTape> randomTapes(long seed, int count, int ops) {
        List<SsaTape> tapes = new ArrayList<>();
        for (int i = 0; i < count; i++) tapes.add(tape(RandomModels.generate(seed + i, ops)));
        Set<String> distinct = tapes.stream().map(SsaTape::codeKey).collect(Collectors.toSet());
        assertEquals(count, distinct.size(), "random tapes should differ");
        return tapes;
    }

    private static List<Box> boxesFor(int n) {
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) boxes.add(BOXES[i % BOXES.length]);
        return boxes;
    }

    private static SsaTape tape(String text) {
        try {
            return Model.parse(text, "t.vm").tape();
        } catch (dev.ariel.parse.ModelException e) {
            throw new AssertionError(e);
        }
    }

    /** Rows at points inside {@code box} (its corners among them), compared with the interpreter under FloatEquality. */
    private static void assertMatchesInterpreter(SsaTape tape, Box box, RowEvaluator row, String what) {
        assertNotNull(row, what + ": not cached");
        boolean all = box == Box.EVERYTHING;
        float xMin = all ? -3f : box.xMin(), xMax = all ? 3f : box.xMax();
        int n = 37; // not a multiple of any vector width: the masked tail runs too
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = i == n - 1 ? xMax : xMin + (xMax - xMin) * i / (n - 1);
        if (all) xs[n / 2] = Float.NaN;
        RowEvaluator oracle = JavaEngine.INSTANCE.rowEvaluator(tape, box);
        float[] ys = all ? new float[] {-2f, 0f, Float.POSITIVE_INFINITY} : new float[] {box.yMin(), (box.yMin() + box.yMax()) / 2, box.yMax()};
        float z = all ? 0.5f : box.zMax();
        for (float y : ys) {
            float[] got = new float[n], expected = new float[n];
            row.evaluate(xs, 0, n, y, z, got);
            oracle.evaluate(xs, 0, n, y, z, expected);
            for (int i = 0; i < n; i++) {
                if (!FloatEquality.same(expected[i], got[i])) {
                    fail(what + " at (" + xs[i] + ", " + y + ", " + z + "): expected " + FloatEquality.describe(expected[i])
                            + ", got " + FloatEquality.describe(got[i]));
                }
            }
        }
    }

    private static long definitions(String ir, String function) {
        return ir.lines().filter(l -> l.startsWith("define") && l.contains(function)).count();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}
