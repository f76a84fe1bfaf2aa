package dev.ariel.serve;

import dev.ariel.Model;
import dev.ariel.ModelInfo;
import dev.ariel.expr.Opcode;
import dev.ariel.io.JsonWriter;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.TileRenderer;
import java.util.List;
import java.util.Locale;

/**
 * A model the service holds: its content address, its parsed form, and its render state (tier 1's
 * memo of the model's tile tapes and the scheduler over it). Code itself is shared by every model
 * through one compiler. Thread-safe.
 */
final class ServedModel {
    final String id;
    final String name;
    final Model model;
    final boolean pinned;
    final TileRenderer renderer;
    final CompiledTier tier; // null when the engine is interp
    final long heapBytes; // estimated, as the store counts it
    // The model's SDF slope (a power of two), measured once from its zoom-0 tile: SDF tiles shade
    // by it, not by their own content, so that neighbours agree at their edges. NaN: not yet.
    volatile double sdfSlope = Double.NaN;
    private volatile long lastUse = System.nanoTime();

    /** The render state of one model. */
    record Parts(TileRenderer renderer, CompiledTier tier) {}

    ServedModel(String id, String name, Model model, boolean pinned, TileRenderer renderer, CompiledTier tier,
            long heapBytes) {
        this.heapBytes = heapBytes;
        this.id = id;
        this.name = name;
        this.model = model;
        this.pinned = pinned;
        this.renderer = renderer;
        this.tier = tier;
    }

    void touch() {
        lastUse = System.nanoTime();
    }

    long lastUse() {
        return lastUse;
    }

    /** The model's JSON, as {@code GET /models/{id}} answers it. */
    String json() {
        return writeFields(JsonWriter.spaced().beginObject()).endObject().text();
    }

    /** Writes the model's fields into {@code json}'s open object; returns {@code json}. */
    JsonWriter writeFields(JsonWriter json) {
        // A model loaded at start is named by its path in messages, but by its file name here.
        String shortName = name.substring(name.lastIndexOf('/') + 1);
        // The counts of `ariel info`'s ops line: op lines written, then the simplified tape's
        // instructions and the distinct constants they take as operands.
        ModelInfo info = model.info();
        json.field("id", id).field("name", shortName).field("ops", info.opsWritten())
                .field("instructions", info.instructions()).field("constants", info.constants())
                .name("variables").beginArray();
        for (Opcode v : List.of(Opcode.VAR_X, Opcode.VAR_Y, Opcode.VAR_Z)) {
            if (model.variables().contains(v)) json.value(v.text().substring(4).toLowerCase(Locale.ROOT));
        }
        return json.endArray().field("pinned", pinned);
    }
}
