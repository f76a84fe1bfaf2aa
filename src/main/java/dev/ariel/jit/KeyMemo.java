package dev.ariel.jit;

import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.tape.SsaTape;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * {@link JitTapeCompiler}'s keys for tapes and boxes, remembered so that each frame's lookups
 * need not repeat the O(n) interval analysis behind the facts. Thread-safe; two threads may
 * prove the same facts at once.
 */
final class KeyMemo {
    // The memo is cleared when it grows past this many asks (about 100 bytes each, as keys are shared).
    private static final int LIMIT = 1 << 16;

    // A question asked, by structure rather than identity, so that the memo holds no tapes: the
    // facts depend only on the tape's structure and the box (and on whether the box is
    // Box.EVERYTHING, which admits NaN although an equal box does not).
    private record Ask(String tape, Box box, boolean nan) {}

    /**
     * A key, and the facts behind it if they were proved for it.
     *
     * @param facts null when the key came from the memo; whoever compiles it proves them again
     */
    record Keyed(FunctionKey key, MinMaxFacts facts) {}

    private final CompileOptions options;
    private final IntSupplier lanes;
    private final FunctionTable table;
    private final ConcurrentHashMap<Ask, FunctionKey> memo = new ConcurrentHashMap<>();

    /** Keys for {@code options} and the host's float {@code lanes}, sharing the instances {@code table} holds. */
    KeyMemo(CompileOptions options, IntSupplier lanes, FunctionTable table) {
        this.options = options;
        this.lanes = lanes;
        this.table = table;
    }

    /** The key for {@code tape} over {@code box}. */
    Keyed key(SsaTape tape, Box box) {
        Ask ask = new Ask(tape.codeKey(), box, box.admitsNaN());
        FunctionKey k = memo.get(ask);
        if (k != null) return new Keyed(k, null);
        MinMaxFacts facts = MinMaxFacts.of(tape, box);
        k = new FunctionKey(ask.tape(), facts.key(), options, lanes.getAsInt());
        // Tiles of one tape mostly share facts: keep the table entry's key, not one copy per box.
        FunctionTable.Entry e = table.get(k);
        if (e != null) k = e.key;
        if (memo.size() >= LIMIT) memo.clear();
        memo.put(ask, k);
        return new Keyed(k, facts);
    }

    /** Forgets every key. */
    void clear() {
        memo.clear();
    }
}
