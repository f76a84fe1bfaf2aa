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
 * The models a service holds, by content address: the first 16 hex digits of the SHA-256 of
 * their bytes, so posting the same file twice finds the model already parsed (and its code
 * already compiled). Bounded: past {@code maxModels} the least recently used uploaded model goes,
 * and uploaded models unused for the lifetime expire. Models loaded at start are pinned. Thread-safe.
 */
final class ModelStore {
    /** What {@link #add} did: the model, and whether it is new. */
    record Added(ServedModel model, boolean created) {}

    private final ConcurrentHashMap<String, ServedModel> models = new ConcurrentHashMap<>();
    private final int maxModels;
    private final long ttlNanos;
    private final ReadLimits limits;
    private final BiFunction<String, Model, ServedModel.Parts> parts;
    private final Object admission = new Object();

    /**
     * A store.
     *
     * @param parts makes the render state of a new model from its id and parsed form
     */
    ModelStore(int maxModels, long ttlSeconds, ReadLimits limits, BiFunction<String, Model, ServedModel.Parts> parts) {
        this.maxModels = maxModels;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.limits = limits;
        this.parts = parts;
    }

    /** The content address of {@code bytes}. */
    static String id(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 8);
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
        ServedModel.Parts p = parts.apply(id, model);
        ServedModel fresh = new ServedModel(id, name, model, pinned, p.renderer(), p.tier());
        synchronized (admission) {
            held = models.get(id);
            if (held != null) {
                held.touch();
                return new Added(held, false);
            }
            if (models.size() >= maxModels && !evictOne()) {
                throw ApiException.unavailable("the service holds " + models.size() + " models, all loaded at start; "
                        + "it takes no more", 60, "models_full");
            }
            models.put(id, fresh);
        }
        return new Added(fresh, true);
    }

    /** The model with {@code id}, marked as used, or a 404. */
    ServedModel get(String id) {
        ServedModel m = models.get(id);
        if (m == null) throw ApiException.notFound("no model with id '" + id + "' (it may have expired: post it again)");
        m.touch();
        return m;
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

    /** Drops the uploaded models unused for the lifetime; returns them. */
    List<ServedModel> expire() {
        long now = System.nanoTime();
        List<ServedModel> gone = new ArrayList<>();
        for (ServedModel m : models.values()) {
            if (!m.pinned && now - m.lastUse() > ttlNanos && models.remove(m.id, m)) gone.add(m);
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
        models.remove(oldest.id, oldest);
        synchronized (evicted) {
            evicted.add(oldest);
        }
        return true;
    }
}
