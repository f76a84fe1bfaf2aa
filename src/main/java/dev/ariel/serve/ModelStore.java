package dev.ariel.serve;

import dev.ariel.Model;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ReadLimits;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The models a service holds, by content address: the first 32 hex digits (128 bits) of the
 * SHA-256 of their bytes, so posting the same file twice finds the model already parsed (and its code
 * already compiled). Bounded in count and in bytes (each model's heap estimated from its size by
 * {@link MemoryBudget#modelHeap}): past either bound the least recently used uploaded models go, and
 * uploaded models unused for the lifetime expire. Models loaded at start are pinned, and are
 * admitted whatever the bound. Thread-safe.
 */
final class ModelStore {
    /** What {@link #add} did: the model, and whether it is new. */
    record Added(ServedModel model, boolean created) {}

    private final ConcurrentHashMap<String, ServedModel> models = new ConcurrentHashMap<>();
    private final int maxModels;
    private final long maxBytes;
    private long heldBytes; // under `admission`
    private final long ttlNanos;
    private final ReadLimits limits;
    private final BiFunction<String, Model, ServedModel.Parts> parts;
    private final Object admission = new Object();
    private final SharedModels shared; // null: memory alone

    /**
     * A store.
     *
     * @param parts makes the render state of a new model from its id and parsed form
     * @param shared the models folder uploads are also kept in, or null
     */
    ModelStore(int maxModels, long maxBytes, long ttlSeconds, ReadLimits limits,
            BiFunction<String, Model, ServedModel.Parts> parts, SharedModels shared) {
        this.shared = shared;
        this.maxModels = maxModels;
        this.maxBytes = maxBytes;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.limits = limits;
        this.parts = parts;
    }

    // 128 bits: a pair of texts with one id, which would let one upload shadow another's, costs
    // about 2^64 hashes to find (64 bits cost 2^32, within anyone's reach).
    private static final int ID_BYTES = 16;

    /** The content address of {@code bytes}: 32 hex digits. */
    static String id(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Adds the model in {@code bytes}, named {@code name} in messages, or finds it if held.
     *
     * @throws ModelException if it does not parse or is over the limits
     * @throws ApiException 503 if the store is full of pinned models
     */
    Added add(byte[] bytes, String name, boolean pinned) throws ModelException {
        String id = id(bytes);
        ServedModel held = models.get(id);
        if (held != null) {
            held.touch();
            return new Added(held, false);
        }
        // Parsed outside any lock: two clients posting one new model at once parse it twice, but
        // only one copy is kept, and code is keyed by structure, so nothing compiles twice.
        Model model = Model.parse(bytes, name, limits);
        long heap = MemoryBudget.modelHeap(model);
        if (!pinned && heap > maxBytes) {
            throw ApiException.tooLarge(name + " needs about " + (heap >> 20) + " MB of heap held, more than the "
                    + (maxBytes >> 20) + " MB the service keeps for models (see docs/serve.md, memory budget)");
        }
        // Kept in the shared folder before it is answered, so that no replica acknowledges an
        // upload the others cannot find.
        if (shared != null && !pinned) shared.keep(id, bytes, name);
        ServedModel.Parts p = parts.apply(id, model);
        ServedModel fresh = new ServedModel(id, name, model, pinned, p.renderer(), p.tier(), heap);
        synchronized (admission) {
            held = models.get(id);
            if (held != null) {
                held.touch();
                return new Added(held, false);
            }
            while (!pinned && (models.size() >= maxModels || heldBytes + heap > maxBytes)) {
                if (!evictOne()) {
                    throw ApiException.unavailable("the service holds " + models.size() + " models (about " + (heldBytes >> 20)
                            + " MB), all loaded at start; it takes no more", 60, "models_full");
                }
            }
            models.put(id, fresh);
            heldBytes += heap;
        }
        return new Added(fresh, true);
    }

    /** The model with {@code id}, marked as used, or a 404. */
    ServedModel get(String id) {
        ServedModel m = models.get(id);
        if (m == null && shared != null) m = fromShared(id);
        if (m == null) throw ApiException.notFound("no model with id '" + id + "' (it may have expired: post it again)");
        m.touch();
        return m;
    }

    // Another replica's upload, or one from before a restart: read, checked against its id, held.
    private ServedModel fromShared(String id) {
        SharedModels.Kept kept = shared.find(id);
        if (kept == null) return null;
        try {
            return add(kept.bytes(), kept.name(), false).model();
        } catch (ModelException e) {
            return null; // it parsed when it was posted: under other limits now, it is as good as absent
        }
    }

    /** Every model, by name. */
    List<ServedModel> all() {
        List<ServedModel> list = new ArrayList<>(models.values());
        list.sort(Comparator.comparing((ServedModel m) -> m.name).thenComparing(m -> m.id));
        return list;
    }

    int size() {
        return models.size();
    }

    /** The estimated heap of the models held. */
    long bytes() {
        synchronized (admission) {
            return heldBytes;
        }
    }

    /** Drops the uploaded models unused for the lifetime; returns them. */
    List<ServedModel> expire() {
        long now = System.nanoTime();
        List<ServedModel> gone = new ArrayList<>();
        for (ServedModel m : models.values()) {
            if (!m.pinned && now - m.lastUse() > ttlNanos && models.remove(m.id, m)) {
                gone.add(m);
                synchronized (admission) {
                    heldBytes -= m.heapBytes;
                }
            }
        }
        return gone;
    }

    private final List<ServedModel> evicted = new ArrayList<>();

    /** The models dropped to make room since the last call. */
    List<ServedModel> drainEvicted() {
        synchronized (evicted) {
            List<ServedModel> out = List.copyOf(evicted);
            evicted.clear();
            return out;
        }
    }

    // Under `admission`: drops the least recently used uploaded model, if there is one.
    private boolean evictOne() {
        ServedModel oldest = null;
        for (ServedModel m : models.values()) {
            if (!m.pinned && (oldest == null || m.lastUse() - oldest.lastUse() < 0)) oldest = m;
        }
        if (oldest == null) return false;
        if (models.remove(oldest.id, oldest)) heldBytes -= oldest.heapBytes;
        synchronized (evicted) {
            evicted.add(oldest);
        }
        return true;
    }
}
