package dev.ariel.serve;

import dev.ariel.mesh.Mesh;
import dev.ariel.mesh.MeshFiles;
import dev.ariel.mesh.MeshFormat;
import dev.ariel.mesh.MeshSettings;
import dev.ariel.render.Deadline;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.wiring.Meshes;
import dev.ariel.wiring.RenderEngine;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /models/{id}/mesh?depth=&format=stl|obj|ply}: the bytes {@code ariel mesh} writes for
 * the cube [−1, 1]³ at level {@code depth}, made through the same {@link Meshes} wiring on the
 * service's shared engine (its JIT and code cache), under the renders' limits: a {@link RenderGate} slot, the time budget ({@code --budget-ms}, 422 past
 * it) and the {@link MemoryBudget}. Meshes are not cached: each is large and rarely asked twice.
 * Thread-safe.
 */
final class MeshRenders {
    /**
     * Working memory per cell of one face of the grid, estimated: a surface about as large as one
     * face has some 4^depth surface cells, each with its corners, crossings, vertices and about
     * six triangles in the octree's maps and the mesh, and its share of the encoded file.
     */
    static final long BYTES_PER_FACE_CELL = 1_800;

    private static final Map<String, MeshFormat> FORMATS = Map.of("stl", MeshFormat.STL, "obj", MeshFormat.OBJ, "ply",
            MeshFormat.PLY);

    private final ServeConfig config;
    private final ModelStore store;
    private final RenderGate gate;
    private final MemoryBudget budget;
    private final ImageRenders renders;
    private final ServiceMetrics metrics;
    private final RenderEngine engine;

    MeshRenders(ServeConfig config, ModelStore store, RenderGate gate, MemoryBudget budget, ImageRenders renders,
            ServiceMetrics metrics, RenderEngine engine) {
        this.engine = engine;
        this.config = config;
        this.store = store;
        this.gate = gate;
        this.budget = budget;
        this.renders = renders;
        this.metrics = metrics;
    }

    /** The route's handler. */
    int mesh(Route.Call c) throws IOException {
        ServedModel model = store.get(c.path().getFirst());
        Params q = c.params().known("depth", "format");
        int depth = depth(q.integer("depth", MeshSettings.DEFAULT_LEVEL));
        MeshFormat format = q.choice("format", "stl", FORMATS, List.of("stl", "obj", "ply"));
        MeshSettings settings = MeshSettings.defaults().withLevel(depth).withThreads(Math.max(1, config.renderThreads()));
        byte[] body = encode(model, settings, format);
        String ext = format == MeshFormat.STL ? "stl" : format == MeshFormat.OBJ ? "obj" : "ply";
        String type = format == MeshFormat.STL ? "model/stl" : format == MeshFormat.OBJ ? "model/obj" : "application/octet-stream";
        return Responses.send(c.exchange(), 200, type, body, Map.of("Cache-Control", "no-store", "Content-Disposition",
                "attachment; filename=\"" + baseName(model.name) + "." + ext + "\""));
    }

    // The one place a request meshes: a gate slot, the memory it may need, and the time budget.
    private byte[] encode(ServedModel model, MeshSettings settings, MeshFormat format) {
        Deadline deadline = renders.deadline();
        long queued = System.nanoTime();
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos());
                MemoryBudget.Hold held = budget.reserve(memoryBytes(settings.level()), "a depth-" + settings.level() + " mesh")) {
            long waited = System.nanoTime() - queued;
            gate.admitted(deadline);
            Mesh mesh;
            try {
                mesh = Meshes.mesh(engine, model.model, settings, deadline).mesh();
            } catch (RenderTimeoutException e) {
                if (gate.closed()) throw e; // the service's handler answers that it is stopping
                if (waited * 2 > deadline.budgetNanos()) throw RenderGate.queueTimeout();
                metrics.renderTimedOut();
                throw ApiException.unprocessable(e.getMessage() + " (--budget-ms): ask for a smaller depth");
            }
            return MeshFiles.encode(mesh, format);
        }
    }

    /** The working memory a mesh at {@code depth} is admitted with. */
    static long memoryBytes(int depth) {
        return BYTES_PER_FACE_CELL << (2 * depth);
    }

    // As /render3d's depth: below the least a usage error (400), past the deepest a limit (422).
    static int depth(int d) {
        if (d < 1) throw ApiException.badRequest("depth must be at least 1, not " + d);
        if (d > MeshSettings.MAX_LEVEL) {
            throw ApiException.unprocessable("depth " + d + " is deeper than the limit of " + MeshSettings.MAX_LEVEL
                    + " (4,096 cells a side)");
        }
        return d;
    }

    // The model's file name without its folders and extension, safe inside a quoted header value.
    private static String baseName(String name) {
        String s = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        int dot = s.lastIndexOf('.');
        return (dot > 0 ? s.substring(0, dot) : s).toLowerCase(Locale.ROOT);
    }
}
