package dev.ariel.jit;

import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.KernelIr;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The LLVM JIT as a {@link TapeCompiler}: compiles batches of tapes into shared modules on a few
 * background threads, and caches the row functions by what decides their code.
 *
 * <p>{@link #compileAll} splits its tapes into batches of about {@link #batchOps()} instructions
 * (at least one batch per thread, so that every thread has work), compiles each batch into one
 * LLVM module with one exported function per tape, and links it into {@link Jit#shared()} under a
 * single resource tracker. Each function becomes visible to {@link #cached} as soon as its batch
 * is linked, before the whole call completes.
 *
 * <p>The cache key is the tape's {@link SsaTape#codeKey() code key}, the {@link MinMaxFacts} proved for the box, the
 * compile options and the vector width, as in {@link JitEngine}. A tape that failed to compile is
 * remembered as failed and not compiled again by this compiler; {@link #cached} returns null for
 * it, so the caller keeps interpreting it.
 *
 * <p>Memory: loaded object bytes are kept near {@link #maxCodeBytes()} by unloading whole batches,
 * least recently used first, as {@link FunctionTable} describes. Eviction only runs while no
 * {@link #lease() lease} is held, on a compile thread after a batch is linked or after the last
 * lease of a frame is closed; renders never wait for it.
 *
 * <p>With a {@link CodeCache} (see {@link JitCompilerSettings#disk()}), a batch first
 * links whatever code an earlier process left on disk for its tapes, object by
 * object, and compiles only the rest, which it then writes to disk. Symbols are named after their
 * object's id, so objects from disk and fresh ones never clash in the JIT, and {@link Jit} links
 * each object once however many batches want it.
 *
 * <p>Futures complete on compile threads, so dependent stages should be asynchronous ones.
 */
public final class JitTapeCompiler implements TapeCompiler {
    /** The default bound on loaded object bytes. */
    public static final long DEFAULT_MAX_CODE_BYTES = 64L << 20;
    /**
     * The default batch size in tape instructions; see {@link #batchOps()}. A module costs about
     * 3 ms on top of its functions here, which 5,000 instructions (about 85 ms of compiling)
     * already amortise: 20,000 cost the same per instruction but made the first functions wait
     * four times longer, and split small workloads too coarsely to keep two threads busy
     * ({@code BatchCompileTable}).
     */
    public static final int DEFAULT_BATCH_OPS = 5_000;

    /** Compiles a batch of kernels into one object; a seam for tests that inject failures. */
    interface Backend {
        KernelCompiler.CompiledBatch compile(List<KernelIr.Kernel> kernels, CompileOptions options, HostTarget host);
    }

    // facts: null when the key came from the memo; the compile thread proves them again.
    private record Job(FunctionTable.Entry entry, SsaTape tape, Box box, MinMaxFacts facts) {}

    private final JitCompilerSettings settings;
    private final Backend backend;
    private final ThreadPoolExecutor pool;
    private final ObjectLinker linker;
    private final FunctionTable table;
    private final CompileTotals totals = new CompileTotals();
    private final KeyMemo keys;
    private final AtomicBoolean evictionQueued = new AtomicBoolean();
    // Guards only the open/closed state against submissions: a batch is never queued on a closed pool.
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile HostTarget host;

    /** A compiler with {@link #defaultThreads()} threads and the default bound and batch size. */
    public JitTapeCompiler(CompileOptions options) {
        this(JitCompilerSettings.of(options));
    }

    /** A compiler; see {@link JitCompilerSettings} for the parameters. */
    public JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps) {
        this(new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, null, false));
    }

    /**
     * A compiler that also keeps its code on disk, in a {@link CodeCache} at {@code disk}: before
     * compiling a tape it links the code a process compiled earlier, and it writes what it compiles.
     */
    public JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps, CodeCache.Settings disk) {
        this(new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, false));
    }

    /**
     * A compiler that never compiles: it only links code that the disk cache at {@code disk}
     * holds, and every other tape fails with a {@link CancellationException} (so its callers
     * interpret it). For a render too short to pay for compiling but not for linking.
     */
    public static JitTapeCompiler loadingOnly(CompileOptions options, int threads, CodeCache.Settings disk) {
        return new JitTapeCompiler(JitCompilerSettings.of(options).withThreads(threads).withDisk(disk).withLoadOnly(true));
    }

    /** A compiler. Creating it starts no thread and does not load LLVM; the first compile does. */
    public JitTapeCompiler(JitCompilerSettings settings) {
        this(settings, KernelCompiler::compileBatch);
    }

    JitTapeCompiler(JitCompilerSettings settings, Backend backend) {
        if (settings == null || backend == null) throw new IllegalArgumentException("settings and backend must be set");
        this.settings = settings;
        this.backend = backend;
        this.linker = new ObjectLinker(settings.disk());
        this.table = new FunctionTable(settings.maxCodeBytes(), this::queueEviction);
        this.keys = new KeyMemo(settings.options(), () -> host().floatLanes(), table);
        // Core threads time out, so an idle compiler holds no thread.
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("ariel-jit-compile-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * One thread fewer than the processors, at least one: rendering keeps a core. Compiling
     * scales with threads (two threads compiled 1.9 times as fast as one on two idle cores), so
     * a caller that is not rendering meanwhile may ask for more.
     */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    @Override
    public String name() {
        return "jit";
    }

    /** How this compiler compiles. */
    public CompileOptions options() {
        return settings.options();
    }

    /** How this compiler compiles and what it keeps. */
    public JitCompilerSettings settings() {
        return settings;
    }

    /** Compiling threads. */
    public int threads() {
        return settings.threads();
    }

    /** The bound on loaded object bytes. */
    public long maxCodeBytes() {
        return settings.maxCodeBytes();
    }

    /**
     * The most tape instructions a batch holds. Larger batches amortise a module's fixed costs
     * over more functions; smaller ones make the first functions ready sooner.
     */
    public int batchOps() {
        return settings.batchOps();
    }

    @Override
    public boolean compiles(SsaTape tape) {
        return tape.length() <= settings.options().maxOps();
    }

    @Override
    public Lease lease() {
        return table.lease();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if no lease at all is held (a cheap check that cannot tell
     *     whose lease it is)
     */
    @Override
    public RowEvaluator cached(SsaTape tape, Box box) {
        if (!table.leased()) throw new IllegalStateException("cached() needs a lease: code could be unloaded under it");
        if (!table.knowsTape(tape.codeKey())) return null;
        return table.loaded(keys.key(tape, box).key());
    }

    private HostTarget host() {
        HostTarget h = host;
        if (h == null) host = h = Jit.shared().host();
        return h;
    }

    @Override
    public CompletableFuture<Void> compileAll(List<SsaTape> tapes, List<Box> boxes) {
        if (tapes.size() != boxes.size()) {
            throw new IllegalArgumentException(tapes.size() + " tapes but " + boxes.size() + " boxes");
        }
        if (closed) throw new IllegalStateException("the compiler is closed");
        // Keys outside the lock: they may need the O(n) facts, and two threads may prove them at once.
        KeyMemo.Keyed[] keyed = new KeyMemo.Keyed[tapes.size()];
        for (int i = 0; i < tapes.size(); i++) {
            if (compiles(tapes.get(i))) keyed[i] = keys.key(tapes.get(i), boxes.get(i)); // else never compiled, never cached
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("the compiler is closed");
            for (int i = 0; i < tapes.size(); i++) {
                if (keyed[i] == null) continue;
                FunctionTable.Entry mine = table.claim(keyed[i].key());
                if (mine != null) {
                    jobs.add(new Job(mine, tapes.get(i), boxes.get(i), keyed[i].facts()));
                    waits.add(mine.done);
                    continue;
                }
                // A failed entry is waited on too: its failure is reported again, not retried.
                FunctionTable.Entry existing = table.get(keyed[i].key());
                if (existing != null) waits.add(existing.done);
            }
            for (List<Job> batch : split(jobs, j -> j.tape().length(), settings.batchOps(), settings.threads())) {
                try {
                    pool.execute(() -> compile(batch));
                } catch (RejectedExecutionException e) {
                    fail(batch, e); // the pool is never shut down while lifecycle is held and open
                }
            }
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    /**
     * Splits jobs, in order, into batches of at most about {@code batchOps} instructions, and into
     * at least {@code threads} batches when there are that many jobs, with similar totals.
     */
    static <J> List<List<J>> split(List<J> jobs, java.util.function.ToIntFunction<J> ops, int batchOps, int threads) {
        List<List<J>> out = new ArrayList<>();
        if (jobs.isEmpty()) return out;
        long total = 0;
        for (J j : jobs) total += ops.applyAsInt(j);
        long count = Math.max((total + batchOps - 1) / batchOps, Math.min(threads, jobs.size()));
        long target = (total + count - 1) / count;
        List<J> current = new ArrayList<>();
        long sum = 0;
        for (J j : jobs) {
            int n = ops.applyAsInt(j);
            // Cut before a job that would overshoot the target by more than leaving it out undershoots.
            boolean cut = sum + n > batchOps || sum + n > target && sum + n - target >= target - sum;
            if (!current.isEmpty() && cut) {
                out.add(current);
                current = new ArrayList<>();
                sum = 0;
            }
            current.add(j);
            sum += n;
        }
        out.add(current);
        return out;
    }

    // On a compile thread. Every job's future completes, whatever is thrown: a caller waits on them.
    private void compile(List<Job> batch) {
        try {
            compileOrLoad(batch);
        } catch (RuntimeException | Error e) {
            for (Job j : batch) j.entry().done.completeExceptionally(e); // no-op for those already done
        }
    }

    private void compileOrLoad(List<Job> batch) {
        if (closed) {
            fail(batch, new CancellationException("the compiler was closed before this batch was compiled"));
            return;
        }
        List<Job> rest = batch;
        if (linker.hasDisk()) {
            try {
                rest = loadFromDisk(batch);
            } catch (RuntimeException | OutOfMemoryError e) {
                // The disk cache is an optimisation: whatever it could not serve is compiled.
                rest = new ArrayList<>();
                for (Job j : batch) if (j.entry().kernel == null) rest.add(j);
            }
        }
        if (rest.isEmpty()) return;
        if (settings.loadOnly()) {
            fail(rest, new CancellationException("not in the code cache, and this compiler only loads"));
            return;
        }
        try {
            load(rest);
        } catch (RuntimeException | Error e) {
            if (rest.size() == 1) {
                fail(rest, e);
            } else {
                // One bad tape should not take its batch-mates down with it: compile each alone.
                for (Job job : rest) {
                    try {
                        load(List.of(job));
                    } catch (RuntimeException | Error single) {
                        fail(List.of(job), single);
                    }
                }
            }
        }
    }

    /**
     * Links the jobs whose code a process left in the disk cache, object by object, and
     * completes their entries; returns the jobs it could not serve, in order.
     */
    private List<Job> loadFromDisk(List<Job> jobs) {
        List<FunctionKey> wanted = new ArrayList<>(jobs.size());
        for (Job j : jobs) wanted.add(j.entry().key);
        long t0 = System.nanoTime();
        boolean[] served = new boolean[jobs.size()];
        for (ObjectLinker.Served group : linker.loadFromDisk(Jit.shared(), wanted)) {
            List<FunctionTable.Entry> entries = new ArrayList<>(group.indices().size());
            for (int i : group.indices()) {
                entries.add(jobs.get(i).entry());
                served[i] = true;
            }
            table.publish(entries, group.kernels(), group.linkedBytes());
            long t1 = System.nanoTime();
            totals.loaded(entries.size(), t1 - t0);
            t0 = t1;
            table.evict();
            for (FunctionTable.Entry e : entries) e.done.complete(null);
        }
        List<Job> rest = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) if (!served[i]) rest.add(jobs.get(i));
        return rest;
    }

    private void load(List<Job> jobs) {
        long t0 = System.nanoTime();
        try {
            Jit jit = Jit.shared();
            // Symbols carry the object's id, unique across processes, so that objects from the
            // disk cache and fresh ones never define the same name.
            String id = CodeCache.newObjectId();
            List<KernelIr.Kernel> kernels = new ArrayList<>(jobs.size());
            List<FunctionKey> functions = new ArrayList<>(jobs.size());
            List<FunctionTable.Entry> entries = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                Job j = jobs.get(i);
                MinMaxFacts facts = j.facts() != null ? j.facts() : MinMaxFacts.of(j.tape(), j.box());
                kernels.add(new KernelIr.Kernel(j.tape(), facts, "ariel_" + id + "_" + i));
                functions.add(j.entry().key);
                entries.add(j.entry());
            }
            KernelCompiler.CompiledBatch object = backend.compile(kernels, settings.options(), host());
            List<String> names = new ArrayList<>(jobs.size());
            for (KernelCompiler.Symbol sym : object.symbols()) names.add(sym.name());
            List<CompiledKernel> loaded = linker.linkAndStore(jit, id, object.code(), names, functions, object.stats());
            table.publish(entries, loaded, object.stats().objectBytes());
            totals.compiled(jobs.size(), object.ops(), object.stats(), loaded.get(0).stats().linkNanos());
        } finally {
            totals.compileTime(System.nanoTime() - t0);
        }
        // Before the futures complete, so that a caller who waits on them, holding no lease, sees
        // the cache back within its bound.
        table.evict();
        for (Job j : jobs) j.entry().done.complete(null);
    }

    private static void fail(List<Job> jobs, Throwable cause) {
        // The entry stays in the table without code: compileAll reports the failure, cached() says null.
        for (Job j : jobs) j.entry().done.completeExceptionally(cause);
    }

    private void queueEviction() {
        if (closed || !evictionQueued.compareAndSet(false, true)) return;
        try {
            pool.execute(() -> {
                evictionQueued.set(false);
                table.evict();
            });
        } catch (RejectedExecutionException e) {
            evictionQueued.set(false); // closing: close() unloads everything anyway
        }
    }

    /**
     * Every compile so far, summed: IR build, pass, codegen and link times, IR instructions before
     * and after the passes, and code sizes (min/max counts are left at 0).
     */
    public CompileStats totals() {
        return totals.steps();
    }

    /** How many compiled functions are loaded now, ready for {@link #cached}. */
    public int loadedFunctions() {
        return table.loadedFunctions();
    }

    /** What the disk cache has done for this compiler, or null if it has none or never used it. */
    public CodeCache.Counters diskCounters() {
        return linker.diskCounters();
    }

    @Override
    public Counters counters() {
        return totals.counters(table);
    }

    /**
     * Waits for the batches being compiled, drops those not yet started (their futures complete
     * with a {@link CancellationException}), waits until no {@link #lease() lease} is held, and
     * unloads every function. Idempotent; later calls to {@link #compileAll} throw.
     *
     * @throws dev.ariel.llvm.LlvmException if the JIT failed to unload code, now or in an earlier eviction
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
        }
        pool.close(); // queued batches see `closed` and cancel themselves
        keys.clear();
        table.unloadAll();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }
}
