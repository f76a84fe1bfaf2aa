package dev.ariel.jit;

import dev.ariel.eval.TapeCompiler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;

/**
 * {@link JitTapeCompiler}'s functions by key: entries in flight, loaded or failed, the batches
 * (linked modules) that hold their code, and eviction of whole batches under the lease lock.
 *
 * <p>Leases hold the lock for reading; eviction takes it for writing, only by
 * {@link StampedLock#tryWriteLock()}, to unpublish functions while no render can be between a
 * lookup and its last call. A batch is unloaded as a whole once none of its functions stays
 * published (evicting one function of a batch that stays loaded would free nothing and only cause
 * a recompile), least recently used first; the newest batch is never evicted, so one batch larger
 * than the bound still gets used.
 */
final class FunctionTable {
    /** A function: in flight, loaded, or failed. */
    static final class Entry {
        final FunctionKey key;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile CompiledKernel kernel; // set once its batch is linked
        volatile long lastUse;

        Entry(FunctionKey key) {
            this.key = key;
        }
    }

    /** One linked module: its functions share a tracker and leave together. Identity matters: a class, not a record. */
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

    private final long maxCodeBytes;
    private final Runnable overBound;
    private final ConcurrentHashMap<FunctionKey, Entry> entries = new ConcurrentHashMap<>();
    // How many entries each tape hash has: a lookup answers null for a tape with none before it
    // proves facts, so tiles that were never compiled cost a hash lookup, not an interval analysis.
    private final ConcurrentHashMap<String, Integer> tapeCounts = new ConcurrentHashMap<>();
    private final Set<Batch> batches = ConcurrentHashMap.newKeySet();
    private final StampedLock gate = new StampedLock();
    // Advanced by every lease and every published batch: the recency lookups record.
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong batchSeq = new AtomicLong();
    private final AtomicLong codeBytes = new AtomicLong();
    private final LongAdder hits = new LongAdder(), evictions = new LongAdder();
    private final AtomicReference<RuntimeException> unloadFailure = new AtomicReference<>();

    /**
     * A table that keeps loaded object bytes near {@code maxCodeBytes}.
     *
     * @param overBound run when a lease closes with the table over its bound, to evict elsewhere
     */
    FunctionTable(long maxCodeBytes, Runnable overBound) {
        this.maxCodeBytes = maxCodeBytes;
        this.overBound = overBound;
    }

    /** A lease: while it is held, no published function is unloaded. */
    TapeCompiler.Lease lease() {
        long stamp = gate.readLock();
        clock.incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (!released.compareAndSet(false, true)) return;
            gate.unlockRead(stamp);
            if (codeBytes.get() > maxCodeBytes) overBound.run();
        };
    }

    /** Whether some lease is held (a cheap check that cannot tell whose). */
    boolean leased() {
        return gate.isReadLocked();
    }

    /** Whether any entry has this tape hash; a lookup of one that has none need not build a key. */
    boolean knowsTape(String tapeHash) {
        return tapeCounts.containsKey(tapeHash);
    }

    /** The entry for {@code key}, or null. */
    Entry get(FunctionKey key) {
        return entries.get(key);
    }

    /** The loaded function for {@code key}, recording its use, or null; the caller holds a lease. */
    CompiledKernel loaded(FunctionKey key) {
        Entry e = entries.get(key);
        CompiledKernel kernel = e == null ? null : e.kernel;
        if (kernel == null) return null;
        long now = clock.get();
        if (e.lastUse != now) e.lastUse = now; // a store per frame, not per call
        hits.increment();
        return kernel;
    }

    /** A new entry for {@code key}, or null if it has one (in flight, loaded or failed). */
    Entry claim(FunctionKey key) {
        Entry mine = new Entry(key);
        if (entries.putIfAbsent(key, mine) != null) return null;
        tapeCounts.merge(key.tape(), 1, Integer::sum);
        return mine;
    }

    /** Publishes a linked module: {@code entries} get {@code kernels}, and its bytes count toward the bound. */
    void publish(List<Entry> entries, List<CompiledKernel> kernels, long objectBytes) {
        long now = clock.incrementAndGet();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            e.lastUse = now;
            e.kernel = kernels.get(i);
        }
        batches.add(new Batch(List.copyOf(entries), List.copyOf(kernels), objectBytes, batchSeq.incrementAndGet()));
        codeBytes.addAndGet(objectBytes);
    }

    /**
     * Unpublishes least recently used batches until the loaded bytes are within the bound, if no
     * lease is held; then unloads them, outside the lock, so a render that starts meanwhile waits
     * for nothing but the unpublishing.
     */
    void evict() {
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

    // Unload failures are kept for unloadAll() to throw: eviction runs where nobody could handle them.
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
     * Unloads every batch and forgets every entry, once no lease is held: it waits for renders using them.
     *
     * @throws dev.ariel.llvm.LlvmException if the JIT failed to unload code, now or in an earlier eviction
     */
    void unloadAll() {
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
        RuntimeException failure = unloadFailure.getAndSet(null);
        if (failure != null) throw failure;
    }

    /** How many functions are loaded now. */
    int loadedFunctions() {
        int n = 0;
        for (Batch b : batches) n += b.kernels.size();
        return n;
    }

    /** Loaded object bytes now. */
    long codeBytes() {
        return codeBytes.get();
    }

    /** Lookups that found a loaded function. */
    long hits() {
        return hits.sum();
    }

    /** Functions unloaded to keep within the bound. */
    long evictions() {
        return evictions.sum();
    }
}
