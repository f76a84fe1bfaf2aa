package dev.ariel.jit;

import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.KernelIr;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

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
 * <p>The cache key is the tape's structural hash, the {@link MinMaxFacts} proved for the box, the
 * compile options and the vector width, as in {@link JitEngine}. A tape that failed to compile is
 * remembered as failed and not compiled again by this compiler; {@link #cached} returns null for
 * it, so the caller keeps interpreting it.
 *
 * <p>Memory: loaded object bytes are kept near {@link #maxCodeBytes()} by unloading the batches
 * whose most recent {@link #cached} hit is oldest. A batch is unloaded as a whole, once none of its
 * functions stays cached (so evicting one function of a batch that stays loaded would free nothing
 * and only cause a recompile: the least recently used batch goes instead). The newest batch is
 * never evicted, so one batch larger than the bound still gets used. Eviction only runs while no
 * {@link #lease() lease} is held, on a compile thread after a batch is linked or after the last
 * lease of a frame is closed; renders never wait for it.
 *
 * <p>With a {@link CodeCache} (see {@link #JitTapeCompiler(CompileOptions, int, long, int, CodeCache.Settings)}),
 * a batch first links whatever code an earlier process left on disk for its tapes, object by
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
    // The key memo is cleared when it grows past this many asks (about 100 bytes each, as keys are shared).
    private static final int MEMO_LIMIT = 1 << 16;

    /** Compiles a batch of kernels into one object; a seam for tests that inject failures. */
    interface Backend {
        KernelCompiler.CompiledBatch compile(List<KernelIr.Kernel> kernels, CompileOptions options, HostTarget host);
    }

    private record Key(String tape, String facts, CompileOptions options, int lanes) {}

    // A question cached() is asked, by structure rather than identity, so that the memo holds no
    // tapes: the facts depend only on the tape's structure and the box (and on whether the box is
    // Box.EVERYTHING, which admits NaN although an equal box does not).
    private record Ask(String tape, Box box, boolean nan) {}

    // facts: null when the key came from the memo; the compile thread proves them again.
    private record Job(Entry entry, SsaTape tape, Box box, MinMaxFacts facts) {}

    /** A cached function: in flight, loaded, or failed. */
    private static final class Entry {
        final Key key;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile CompiledKernel kernel; // set once its batch is linked
        volatile long lastUse;

        Entry(Key key) {
            this.key = key;
        }
    }

    /** One linked module: its functions share a tracker and leave together. */
    private static final class Batch {
        final List<Entry> entries;
        final List<CompiledKernel> kernels;
        final long objectBytes;
        final long seq;

        Batch(List<Entry> entries, List<CompiledKernel> kernels, long objectBytes, long seq) {
            this.entries = entries;
            this.kernels = kernels;
            this.objectBytes = objectBytes;
            this.seq = seq;
        }

        long lastUse() {
            long t = 0;
            for (Entry e : entries) t = Math.max(t, e.lastUse);
            return t;
        }
    }

    private final CompileOptions options;
    private final int threads;
    private final long maxCodeBytes;
    private final int batchOps;
    private final Backend backend;
    private final ThreadPoolExecutor pool;
    private final CodeCache.Settings diskSettings;
    private volatile CodeCache disk;
    private final boolean loadOnly;

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Ask, Key> memo = new ConcurrentHashMap<>();
    // How many entries each tape hash has: cached() answers null for a tape with none before it
    // proves facts, so tiles that were never compiled cost a hash lookup, not an interval analysis.
    private final ConcurrentHashMap<String, Integer> tapeCounts = new ConcurrentHashMap<>();
    private final Set<Batch> batches = ConcurrentHashMap.newKeySet();
    // Leases hold it for reading; eviction takes it for writing, only by tryWriteLock, to unpublish
    // functions while no render can be between cached() and its last call.
    private final StampedLock gate = new StampedLock();
    // Advanced by every lease and every linked batch: the recency cached() records.
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong batchSeq = new AtomicLong();
    private final AtomicBoolean evictionQueued = new AtomicBoolean();
    private final Object registration = new Object();
    private final AtomicReference<RuntimeException> unloadFailure = new AtomicReference<>();
    private volatile boolean closed;
    private volatile HostTarget host;

    private final LongAdder tapesCompiled = new LongAdder();
    private final LongAdder opsCompiled = new LongAdder();
    private final LongAdder modules = new LongAdder();
    private final LongAdder compileNanos = new LongAdder();
    // The compile steps summed over every batch, for reports that compare levels.
    private final LongAdder buildNanos = new LongAdder(), passNanos = new LongAdder(), codegenNanos = new LongAdder();
    private final LongAdder linkNanos = new LongAdder(), irBefore = new LongAdder(), irAfter = new LongAdder();
    private final LongAdder textBytes = new LongAdder(), objectBytes = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder tapesLoaded = new LongAdder(), objectsLoaded = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicLong codeBytes = new AtomicLong();

    /** A compiler with {@link #defaultThreads()} threads and the default bound and batch size. */
    public JitTapeCompiler(CompileOptions options) {
        this(options, defaultThreads(), DEFAULT_MAX_CODE_BYTES, DEFAULT_BATCH_OPS);
    }

    /**
     * A compiler. Creating it starts no thread and does not load LLVM; the first compile does.
     *
     * @param options how to compile every tape
     * @param threads compiling threads (daemons), at least 1
     * @param maxCodeBytes the bound on loaded object bytes that eviction keeps to
     * @param batchOps the most tape instructions a batch holds (a larger tape forms a batch alone)
     */
    public JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps) {
        this(options, threads, maxCodeBytes, batchOps, null, false, KernelCompiler::compileBatch);
    }

    /**
     * A compiler that also keeps its code on disk, in a {@link CodeCache} at {@code disk}: before
     * compiling a tape it links the code a process compiled earlier, and it writes what it compiles.
     *
     * @param disk where the disk cache lives and its bound, or null for none
     */
    public JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps, CodeCache.Settings disk) {
        this(options, threads, maxCodeBytes, batchOps, disk, false, KernelCompiler::compileBatch);
    }

    /**
     * A compiler that never compiles: it only links code that the disk cache at {@code disk}
     * holds, and every other tape fails with a {@link CancellationException} (so its callers
     * interpret it). For a render too short to pay for compiling but not for linking.
     */
    public static JitTapeCompiler loadingOnly(CompileOptions options, int threads, CodeCache.Settings disk) {
        if (disk == null) throw new IllegalArgumentException("a loading-only compiler needs a disk cache");
        return new JitTapeCompiler(options, threads, DEFAULT_MAX_CODE_BYTES, DEFAULT_BATCH_OPS, disk, true,
                KernelCompiler::compileBatch);
    }

    JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps, Backend backend) {
        this(options, threads, maxCodeBytes, batchOps, null, false, backend);
    }

    JitTapeCompiler(CompileOptions options, int threads, long maxCodeBytes, int batchOps, CodeCache.Settings disk,
            boolean loadOnly, Backend backend) {
        if (options == null || backend == null) throw new IllegalArgumentException("options and backend must be set");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        if (maxCodeBytes < 0) throw new IllegalArgumentException("maxCodeBytes must not be negative, not " + maxCodeBytes);
        if (batchOps < 1) throw new IllegalArgumentException("batchOps must be at least 1, not " + batchOps);
        this.options = options;
        this.threads = threads;
        this.maxCodeBytes = maxCodeBytes;
        this.batchOps = batchOps;
        this.backend = backend;
        this.diskSettings = disk;
        this.loadOnly = loadOnly;
        // Core threads time out, so an idle compiler holds no thread.
        this.pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
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
        return options;
    }

    /** Compiling threads. */
    public int threads() {
        return threads;
    }

    /** The bound on loaded object bytes. */
    public long maxCodeBytes() {
        return maxCodeBytes;
    }

    /**
     * The most tape instructions a batch holds. Larger batches amortise a module's fixed costs
     * over more functions; smaller ones make the first functions ready sooner.
     */
    public int batchOps() {
        return batchOps;
    }

    @Override
    public boolean compiles(SsaTape tape) {
        return tape.length() <= options.maxOps();
    }

    @Override
    public Lease lease() {
        long stamp = gate.readLock();
        clock.incrementAndGet();
        return new Hold(stamp);
    }

    private final class Hold implements Lease {
        private final long stamp;
        private final AtomicBoolean released = new AtomicBoolean();

        Hold(long stamp) {
            this.stamp = stamp;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) return;
            gate.unlockRead(stamp);
            if (codeBytes.get() > maxCodeBytes) queueEviction();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if no lease at all is held (a cheap check that cannot tell
     *     whose lease it is)
     */
    @Override
    public RowEvaluator cached(SsaTape tape, Box box) {
        if (!gate.isReadLocked()) throw new IllegalStateException("cached() needs a lease: code could be unloaded under it");
        if (!tapeCounts.containsKey(tape.structuralHash())) return null;
        Entry e = entries.get(key(tape, box, null));
        if (e == null) return null;
        CompiledKernel kernel = e.kernel;
        if (kernel == null) return null;
        long now = clock.get();
        if (e.lastUse != now) e.lastUse = now; // a store per frame, not per call
        cacheHits.increment();
        return kernel;
    }

    // The key for a tape and box, remembered so that each frame's calls need not repeat the O(n)
    // interval analysis behind the facts. When it has to prove the facts, it leaves them in proved[0].
    private Key key(SsaTape tape, Box box, MinMaxFacts[] proved) {
        Ask ask = new Ask(tape.structuralHash(), box, box.admitsNaN());
        Key k = memo.get(ask);
        if (k == null) {
            MinMaxFacts facts = MinMaxFacts.of(tape, box);
            if (proved != null) proved[0] = facts;
            k = new Key(ask.tape(), facts.key(), options, host().floatLanes());
            // Tiles of one tape mostly share facts: keep the cached entry's key, not one copy per box.
            Entry e = entries.get(k);
            if (e != null) k = e.key;
            if (memo.size() >= MEMO_LIMIT) memo.clear();
            memo.put(ask, k);
        }
        return k;
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
        Key[] keys = new Key[tapes.size()];
        MinMaxFacts[] facts = new MinMaxFacts[tapes.size()];
        MinMaxFacts[] proved = new MinMaxFacts[1];
        for (int i = 0; i < tapes.size(); i++) {
            if (!compiles(tapes.get(i))) continue; // over the budget: never compiled, never cached
            proved[0] = null;
            keys[i] = key(tapes.get(i), boxes.get(i), proved);
            facts[i] = proved[0];
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        synchronized (registration) {
            if (closed) throw new IllegalStateException("the compiler is closed");
            for (int i = 0; i < tapes.size(); i++) {
                if (keys[i] == null) continue;
                Entry mine = new Entry(keys[i]);
                Entry existing = entries.putIfAbsent(keys[i], mine);
                if (existing == null) {
                    tapeCounts.merge(keys[i].tape(), 1, Integer::sum);
                    jobs.add(new Job(mine, tapes.get(i), boxes.get(i), facts[i]));
                }
                // A failed entry is waited on too: its failure is reported again, not retried.
                waits.add(existing == null ? mine.done : existing.done);
            }
            for (List<Job> batch : split(jobs, batchOps, threads)) {
                try {
                    pool.execute(() -> compile(batch));
                } catch (RejectedExecutionException e) {
                    fail(batch, e); // the pool is never shut down while registration is held and open
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

    private static List<List<Job>> split(List<Job> jobs, int batchOps, int threads) {
        return split(jobs, j -> j.tape().length(), batchOps, threads);
    }

    // On a compile thread.
    private void compile(List<Job> batch) {
        if (closed) {
            fail(batch, new CancellationException("the compiler was closed before this batch was compiled"));
            return;
        }
        List<Job> rest = batch;
        if (diskSettings != null) {
            try {
                rest = loadFromDisk(batch);
            } catch (RuntimeException e) {
                // The disk cache is an optimisation: whatever it could not serve is compiled.
                rest = new ArrayList<>();
                for (Job j : batch) if (j.entry().kernel == null) rest.add(j);
            }
        }
        if (rest.isEmpty()) return;
        if (loadOnly) {
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

    private CodeCache disk() {
        CodeCache d = disk;
        if (d == null) {
            synchronized (registration) {
                d = disk;
                if (d == null) disk = d = diskSettings.open(host());
            }
        }
        return d;
    }

    // What a function's key is on disk: the in-process key without the op budget, which decides
    // whether a tape is compiled but not its code.
    private static String diskKey(Key k) {
        return CodeCache.key(k.tape(), k.facts(), k.options(), k.lanes());
    }

    /**
     * Links the jobs whose code a process left in the disk cache, object by object, and
     * completes their entries; returns the jobs it could not serve, in order.
     */
    private List<Job> loadFromDisk(List<Job> jobs) {
        CodeCache cache = disk();
        java.util.Map<String, List<Job>> byObject = new java.util.LinkedHashMap<>();
        java.util.Map<Job, String> symbols = new java.util.HashMap<>();
        List<Job> rest = new ArrayList<>();
        for (Job j : jobs) {
            CodeCache.Pointer p = cache.find(diskKey(j.entry().key));
            if (p == null) {
                rest.add(j);
                continue;
            }
            byObject.computeIfAbsent(p.objectId(), id -> new ArrayList<>()).add(j);
            symbols.put(j, p.symbol());
        }
        Jit jit = Jit.shared();
        for (var group : byObject.entrySet()) {
            String id = group.getKey();
            List<Job> served = group.getValue();
            List<String> names = new ArrayList<>(served.size());
            for (Job j : served) names.add(symbols.get(j));
            long t0 = System.nanoTime();
            List<CompiledKernel> kernels = jit.linked(id, names);
            long bytes = 0;
            if (kernels == null) {
                CodeCache.Stored stored = cache.read(id);
                if (stored == null || !lists(stored, served, symbols)) {
                    rest.addAll(served);
                    continue;
                }
                Jit.Linked linked;
                try {
                    linked = jit.link(id, stored.code(), names, CompileStats.loaded(stored.code()), true);
                } catch (RuntimeException e) {
                    rest.addAll(served); // a verified object that LLVM refuses: compile instead
                    continue;
                }
                kernels = linked.kernels();
                if (linked.linkedNow()) {
                    bytes = stored.code().bytes().length;
                    objectsLoaded.increment();
                }
            }
            List<Entry> batchEntries = new ArrayList<>(served.size());
            for (Job j : served) batchEntries.add(j.entry());
            register(new Batch(batchEntries, kernels, bytes, batchSeq.incrementAndGet()), served, kernels);
            tapesLoaded.add(served.size());
            linkNanos.add(System.nanoTime() - t0);
            evict();
            for (Job j : served) j.entry().done.complete(null);
        }
        return rest;
    }

    // Whether the object lists every served job's key under the symbol its key file named.
    private static boolean lists(CodeCache.Stored stored, List<Job> served, java.util.Map<Job, String> symbols) {
        for (Job j : served) {
            if (!symbols.get(j).equals(stored.symbolOf(diskKey(j.entry().key)))) return false;
        }
        return true;
    }

    // Publishes a linked batch: its entries get their kernels, and its bytes count toward the bound.
    private void register(Batch batch, List<Job> jobs, List<CompiledKernel> kernels) {
        long now = clock.incrementAndGet();
        for (int i = 0; i < jobs.size(); i++) {
            Entry e = jobs.get(i).entry();
            e.lastUse = now;
            e.kernel = kernels.get(i);
        }
        batches.add(batch);
        codeBytes.addAndGet(batch.objectBytes);
    }

    private void load(List<Job> jobs) {
        long t0 = System.nanoTime();
        try {
            Jit jit = Jit.shared();
            // Symbols carry the object's id, unique across processes, so that objects from the
            // disk cache and fresh ones never define the same name.
            String id = CodeCache.newObjectId();
            List<KernelIr.Kernel> kernels = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                Job j = jobs.get(i);
                MinMaxFacts facts = j.facts() != null ? j.facts() : MinMaxFacts.of(j.tape(), j.box());
                kernels.add(new KernelIr.Kernel(j.tape(), facts, "ariel_" + id + "_" + i));
            }
            KernelCompiler.CompiledBatch object = backend.compile(kernels, options, host());
            List<String> names = new ArrayList<>(jobs.size());
            for (KernelCompiler.Symbol sym : object.symbols()) names.add(sym.name());
            List<CompiledKernel> loaded = jit.link(id, object.code(), names, object.stats(), true).kernels();
            List<Entry> batchEntries = new ArrayList<>(jobs.size());
            for (Job j : jobs) batchEntries.add(j.entry());
            register(new Batch(batchEntries, loaded, object.stats().objectBytes(), batchSeq.incrementAndGet()), jobs, loaded);
            modules.increment();
            tapesCompiled.add(jobs.size());
            opsCompiled.add(object.ops());
            CompileStats s = object.stats();
            buildNanos.add(s.buildNanos());
            passNanos.add(s.passNanos());
            codegenNanos.add(s.codegenNanos());
            linkNanos.add(loaded.get(0).stats().linkNanos());
            irBefore.add(s.irInstructionsBefore());
            irAfter.add(s.irInstructionsAfter());
            textBytes.add(s.textBytes());
            objectBytes.add(s.objectBytes());
            if (diskSettings != null) {
                List<CodeCache.Symbol> stored = new ArrayList<>(jobs.size());
                for (int i = 0; i < jobs.size(); i++) stored.add(new CodeCache.Symbol(diskKey(jobs.get(i).entry().key), names.get(i)));
                disk().store(id, object.code(), stored);
            }
        } finally {
            compileNanos.add(System.nanoTime() - t0);
        }
        // Before the futures complete, so that a caller who waits on them, holding no lease, sees
        // the cache back within its bound.
        evict();
        for (Job j : jobs) j.entry().done.complete(null);
    }

    private static void fail(List<Job> jobs, Throwable cause) {
        // The entry stays in the cache without code: compileAll reports the failure, cached() says null.
        for (Job j : jobs) j.entry().done.completeExceptionally(cause);
    }

    private void queueEviction() {
        if (closed || !evictionQueued.compareAndSet(false, true)) return;
        try {
            pool.execute(() -> {
                evictionQueued.set(false);
                evict();
            });
        } catch (RejectedExecutionException e) {
            evictionQueued.set(false); // closing: close() unloads everything anyway
        }
    }

    // Unpublishes least recently used batches until the loaded bytes are within the bound, if no
    // lease is held; then unloads them, outside the gate, so a render that starts meanwhile waits
    // for nothing but the unpublishing.
    private void evict() {
        if (codeBytes.get() <= maxCodeBytes) return;
        long stamp = gate.tryWriteLock();
        if (stamp == 0) return; // a lease is held; its close tries again
        List<Batch> victims = new ArrayList<>();
        try {
            List<Batch> loaded = new ArrayList<>(batches);
            if (loaded.size() < 2) return;
            Batch newest = loaded.stream().max(Comparator.comparingLong(b -> b.seq)).orElseThrow();
            loaded.remove(newest);
            loaded.sort(Comparator.comparingLong(Batch::lastUse).thenComparingLong(b -> b.seq));
            for (Batch b : loaded) {
                if (codeBytes.get() <= maxCodeBytes) break;
                if (!batches.remove(b)) continue;
                for (Entry e : b.entries) forget(e);
                codeBytes.addAndGet(-b.objectBytes);
                victims.add(b);
            }
        } finally {
            gate.unlockWrite(stamp);
        }
        for (Batch b : victims) {
            unload(b);
            evictions.add(b.entries.size());
        }
    }

    // Unload failures are kept for close() to throw: eviction runs where nobody could handle them.
    private void unload(Batch b) {
        for (CompiledKernel k : b.kernels) {
            try {
                k.close();
            } catch (RuntimeException e) {
                if (!unloadFailure.compareAndSet(null, e)) unloadFailure.get().addSuppressed(e);
            }
        }
    }

    private void forget(Entry e) {
        if (entries.remove(e.key, e)) tapeCounts.computeIfPresent(e.key.tape(), (h, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Every compile so far, summed: IR build, pass, codegen and link times, IR instructions before
     * and after the passes, and code sizes (min/max counts are left at 0).
     */
    public CompileStats totals() {
        return new CompileStats(buildNanos.sum(), passNanos.sum(), codegenNanos.sum(), linkNanos.sum(),
                (int) Math.min(Integer.MAX_VALUE, irBefore.sum()), (int) Math.min(Integer.MAX_VALUE, irAfter.sum()),
                objectBytes.sum(), textBytes.sum(), 0, 0);
    }

    /** How many compiled functions are loaded now, ready for {@link #cached}. */
    public int loadedFunctions() {
        int n = 0;
        for (Batch b : batches) n += b.kernels.size();
        return n;
    }

    /** What the disk cache has done for this compiler, or null if it has none or never used it. */
    public CodeCache.Counters diskCounters() {
        CodeCache d = disk;
        return d == null ? null : d.counters();
    }

    @Override
    public Counters counters() {
        return new Counters(tapesCompiled.sum(), opsCompiled.sum(), modules.sum(), compileNanos.sum(), cacheHits.sum(),
                evictions.sum(), codeBytes.get(), tapesLoaded.sum());
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
        synchronized (registration) {
            if (closed) return;
            closed = true;
        }
        pool.close(); // queued batches see `closed` and cancel themselves
        // A lease still held may be running this code: unloading it under the render would crash
        // the JVM (SIGSEGV in freed code), so wait until every lease is closed.
        long stamp = gate.writeLock();
        try {
            for (Batch b : new ArrayList<>(batches)) {
                if (!batches.remove(b)) continue;
                codeBytes.addAndGet(-b.objectBytes);
                unload(b);
            }
        } finally {
            gate.unlockWrite(stamp);
        }
        entries.clear();
        tapeCounts.clear();
        memo.clear();
        RuntimeException failure = unloadFailure.getAndSet(null);
        if (failure != null) throw failure;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }
}
