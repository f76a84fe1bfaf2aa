package dev.ariel.testing;

import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiling tier in pure Java, for testing the scheduler's compiled path without LLVM: "compiling"
 * a tape makes the Java row interpreter its code, keyed by the tape and box as the JIT keys its
 * own. It keeps the contract's rules: {@link #cached} answers only what was compiled, and only
 * under a lease; tapes over {@code maxOps} are refused.
 */
public final class FakeTapeCompiler implements TapeCompiler {
    private record Key(SsaTape tape, Box box) {}

    private final int maxOps;
    private final Set<Key> compiled = ConcurrentHashMap.newKeySet();
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicLong tapes = new AtomicLong();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong modules = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    /** A compiler that compiles tapes of at most {@code maxOps} instructions. */
    public FakeTapeCompiler(int maxOps) {
        this.maxOps = maxOps;
    }

    /** A backend with the Java interpreter's evaluators and this compiler as its compiling contract. */
    public Backend backend() {
        FakeTapeCompiler self = this;
        return new Backend() {
            @Override
            public String name() {
                return self.name();
            }

            @Override
            public PointEvaluator pointEvaluator(SsaTape tape) {
                return JavaEngine.INSTANCE.pointEvaluator(tape);
            }

            @Override
            public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
                return JavaEngine.INSTANCE.rowEvaluator(tape, box);
            }

            @Override
            public TapeCompiler tapeCompiler() {
                return self;
            }
        };
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean compiles(SsaTape tape) {
        return tape.length() <= maxOps;
    }

    @Override
    public Lease lease() {
        leases.incrementAndGet();
        return leases::decrementAndGet;
    }

    @Override
    public RowEvaluator cached(SsaTape tape, Box box) {
        if (leases.get() <= 0) throw new IllegalStateException("cached() without a lease");
        if (!compiled.contains(new Key(tape, box))) return null;
        hits.incrementAndGet();
        // Compiled code is shared by the leaves below a tile, which may run on several threads.
        ThreadLocal<RowEvaluator> perThread = ThreadLocal.withInitial(() -> JavaEngine.INSTANCE.rowEvaluator(tape, box));
        return (xs, from, count, y, z, out) -> perThread.get().evaluate(xs, from, count, y, z, out);
    }

    @Override
    public CompletableFuture<Void> compileAll(List<SsaTape> list, List<Box> boxes) {
        modules.incrementAndGet();
        for (int i = 0; i < list.size(); i++) {
            if (!compiles(list.get(i))) continue;
            if (compiled.add(new Key(list.get(i), boxes.get(i)))) {
                tapes.incrementAndGet();
                ops.addAndGet(list.get(i).length());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Leases held now. */
    public int leasesHeld() {
        return leases.get();
    }

    @Override
    public Counters counters() {
        return new Counters(tapes.get(), ops.get(), modules.get(), 0, hits.get(), 0, 0, 0);
    }

    @Override
    public void close() {
        compiled.clear();
    }
}
