package dev.ariel.serve;

import dev.ariel.io.JsonWriter;
import dev.ariel.wiring.IrListing;
import dev.ariel.parse.ModelException;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.Deadline;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.View;
import dev.ariel.tape.Box;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeView;
import dev.ariel.wiring.RenderEngine;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's route table and the handlers behind it (see {@code docs/serve.md}). */
final class ServiceRoutes {
    private static final String ID = "([0-9a-f]{32})";
    private static final Pattern TILE_PATH = Pattern.compile("/tiles/(-?[0-9]{1,10})/(-?[0-9]{1,10})/(-?[0-9]{1,10})\\.png");
    private static final Map<String, RenderMode> MODES =
            Map.of("mono", RenderMode.MONO, "sdf", RenderMode.SDF, "debug", RenderMode.DEBUG);
    private static final Map<String, ImageFormat> FORMATS =
            Map.of("png", ImageFormat.PNG, "pgm", ImageFormat.PGM, "ppm", ImageFormat.PPM);
    private static final Map<String, VolumeMode> VOLUME_MODES =
            Map.of("heightmap", VolumeMode.HEIGHTMAP, "normals", VolumeMode.NORMALS, "shaded", VolumeMode.SHADED);
    private static final Map<String, Boolean> FLAGS = Map.of("true", true, "false", false, "1", true, "0", false);
    private static final Map<String, IrListing.Stage> STAGES =
            Map.of("before", IrListing.Stage.BEFORE, "after", IrListing.Stage.AFTER);

    private final ServeConfig config;
    private final ModelStore store;
    private final TileCache tiles;
    private final RenderGate gate;
    private final MemoryBudget budget;
    private final ImageRenders renders;
    private final MeshRenders meshes;
    private final ServiceMetrics metrics;
    private final Supplier<ServiceMetrics.Gauges> gauges;
    private final boolean compiles;
    private final long startNanos = System.nanoTime();

    ServiceRoutes(ServeConfig config, ModelStore store, TileCache tiles, RenderGate gate, MemoryBudget budget,
            ServiceMetrics metrics, Supplier<ServiceMetrics.Gauges> gauges, RenderEngine engine) {
        this.config = config;
        this.store = store;
        this.tiles = tiles;
        this.gate = gate;
        this.budget = budget;
        this.metrics = metrics;
        this.gauges = gauges;
        this.compiles = engine.tiered();
        this.renders = new ImageRenders(config.budgetMillis(), tiles, gate, budget, config.renderThreads(), config.tiles(),
                metrics, engine);
        this.meshes = new MeshRenders(config, store, gate, budget, renders, metrics, engine);
    }

    /** The table: method, raw path pattern, handler; a path that matches with another method gets 405. */
    Route.Table table() {
        return new Route.Table(List.of(
                Route.of("viewer", "GET", "/", c -> Responses.viewer(c.exchange(), "/viewer/index.html")),
                Route.of("viewer", "GET", "/(viewer/.*)", c -> Responses.viewer(c.exchange(), "/" + c.path().getFirst())),
                Route.of("health", "GET", "/health", this::health),
                Route.of("ready", "GET", "/ready", this::ready),
                Route.of("metrics", "GET", "/metrics", this::metrics),
                Route.of("models", "GET", "/models", this::listModels),
                Route.of("models", "POST", "/models", this::postModel),
                Route.of("model", "GET", "/models/" + ID, this::modelJson),
                Route.of("render", "GET", "/models/" + ID + "/render", this::render),
                Route.of("render3d", "GET", "/models/" + ID + "/render3d", this::render3d),
                Route.of("tile", "GET", "/models/" + ID + "(/tiles/.*)", this::tile),
                Route.of("ir", "GET", "/models/" + ID + "/ir", this::ir),
                Route.of("mesh", "GET", "/models/" + ID + "/mesh", meshes::mesh)));
    }

    private ServedModel model(Route.Call c) {
        return store.get(c.path().getFirst());
    }

    private int modelJson(Route.Call c) throws IOException {
        ServedModel model = model(c);
        c.params().known();
        return Responses.json(c.exchange(), 200, model.json());
    }

    private int health(Route.Call c) throws IOException {
        c.params().known();
        return Responses.json(c.exchange(), 200, JsonWriter.spaced().beginObject().field("status", "ok").field("models", store.size())
                .field("uptime_seconds", (System.nanoTime() - startNanos) / 1e9).endObject().text());
    }

    // Readiness, apart from liveness (/health): a load balancer stops sending renders to a
    // replica whose slots and queue are all taken, and to one that is stopping (which answers
    // every request 503 anyway), without restarting it.
    private int ready(Route.Call c) throws IOException {
        c.params().known();
        String busy = gate.busyReason();
        if (busy != null) {
            c.exchange().getResponseHeaders().set("Retry-After", "1");
            return Responses.json(c.exchange(), 503, Responses.errorJson(503, busy));
        }
        return Responses.json(c.exchange(), 200, JsonWriter.spaced().beginObject().field("status", "ready")
                .field("renders_running", gate.running()).field("renders_waiting", gate.waiting()).endObject().text());
    }

    private int metrics(Route.Call c) throws IOException {
        c.params().known();
        return Responses.send(c.exchange(), 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.text(gauges.get()).getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-store"));
    }

    private int listModels(Route.Call c) throws IOException {
        c.params().known();
        JsonWriter list = JsonWriter.spaced().beginObject().name("models").beginArray();
        for (ServedModel m : store.all()) m.writeFields(list.beginObject()).endObject();
        return Responses.json(c.exchange(), 200, list.endArray().endObject().text());
    }

    private int postModel(Route.Call c) throws IOException {
        checkUploader(c.exchange());
        String name = UploadName.check(c.params().known("name").text("name", "upload.vm"));
        ModelStore.Added added;
        // The body is read and parsed only within the memory budget: slow uploads cannot pile up.
        try (MemoryBudget.Hold held = budget.admitUpload(declaredLength(c.exchange()), config.maxBodyBytes())) {
            added = store.add(readBody(c.exchange()), name, false);
        } catch (ModelException e) {
            throw e.overLimit() ? ApiException.tooLarge(e.getMessage()) : ApiException.unprocessable(e.getMessage());
        }
        for (ServedModel gone : store.drainEvicted()) tiles.dropModel(gone.id);
        String json = added.model().writeFields(JsonWriter.spaced().beginObject()).field("created", added.created())
                .endObject().text();
        c.exchange().getResponseHeaders().set("Location", config.basePath() + "/models/" + added.model().id);
        return Responses.json(c.exchange(), added.created() ? 201 : 200, json);
    }

    // Before the body is read: a refused client sends nothing the service keeps or parses.
    private void checkUploader(com.sun.net.httpserver.HttpExchange ex) {
        ServeConfig.Uploads u = config.clients().uploads();
        if (!u.open()) {
            throw new ApiException(403, "this service is read-only (--read-only): its models come from its command line");
        }
        if (u.token() == null) return;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        // Compared in constant time, so that the answer's timing tells nothing about the token.
        if (!java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), u.token().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, auth == null ? "uploads need a token: send Authorization: Bearer TOKEN"
                    : "the upload token is wrong", Map.of("WWW-Authenticate", "Bearer realm=\"ariel\""), null);
        }
    }

    // The body's declared length, -1 if none; one over the limit is refused before it is read.
    private long declaredLength(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length == null) return -1;
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Content-Length is not a number: '" + length + "'");
        }
        if (declared > config.maxBodyBytes()) throw bodyTooLarge();
        return declared;
    }

    // The one place an upload's body is read, within the budget postModel holds for it.
    private byte[] readBody(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes() + 1));
        }
        if (body.length > config.maxBodyBytes()) throw bodyTooLarge();
        if (body.length == 0) throw ApiException.badRequest("the body is empty: post the text of a .vm model");
        return body;
    }

    private ApiException bodyTooLarge() {
        return ApiException.tooLarge("the body is over the limit of " + config.maxBodyBytes() + " bytes (--max-body-mb)");
    }

    private int render(Route.Call c) throws IOException {
        ServedModel model = model(c);
        Params q = c.params().known("w", "h", "cx", "cy", "scale", "z", "mode", "format");
        int w = q.integer("w", 1024), h = q.integer("h", 1024);
        checkSize(w, h);
        double cx = q.real("cx", 0), cy = q.real("cy", 0), z = q.real("z", 0);
        double scale = q.real("scale", 1);
        if (!(scale > 0)) throw ApiException.badRequest("scale must be > 0, not " + q.text("scale", ""));
        RenderMode mode = mode(q);
        ImageFormat format = q.choice("format", "png", FORMATS, List.of("png", "pgm", "ppm"));
        View view = new View(w, h, cx, cy, scale, z);
        String key = model.id + "/render/" + w + "x" + h + "/" + cx + "," + cy + "/" + scale + "/" + z + "/" + mode + "/"
                + format;
        return Responses.image(c.exchange(), renders.image(model, key, view, mode, format));
    }

    private void checkSize(int w, int h) {
        if (w < 1 || h < 1) throw ApiException.badRequest("w and h must be at least 1, not " + w + "x" + h);
        if (w > config.maxImageSide() || h > config.maxImageSide()) {
            throw ApiException.unprocessable("the image " + w + "x" + h + " is larger than the limit of "
                    + config.maxImageSide() + " pixels a side (--max-image)");
        }
    }

    // The CLI's render3d over HTTP: the same defaults (512², depth the shorter side, shaded), the same bytes.
    private int render3d(Route.Call c) throws IOException {
        ServedModel model = model(c);
        Params q = c.params().known("w", "h", "depth", "mode", "ssao", "yaw", "pitch", "cx", "cy", "cz", "scale", "format");
        int w = q.integer("w", 512), h = q.integer("h", 512);
        checkSize(w, h);
        int depth = q.integer("depth", Math.max(VolumeView.MIN_DEPTH, Math.min(w, h)));
        if (depth < VolumeView.MIN_DEPTH) {
            throw ApiException.badRequest("depth must be at least " + VolumeView.MIN_DEPTH + ", not " + depth);
        }
        if (depth > VolumeView.MAX_DEPTH) {
            throw ApiException.unprocessable("depth " + depth + " is more than the limit of " + VolumeView.MAX_DEPTH
                    + " z samples");
        }
        // + 0.0 turns −0 into 0: the same image, so the same cache key.
        double cx = q.real("cx", 0) + 0.0, cy = q.real("cy", 0) + 0.0, cz = q.real("cz", 0) + 0.0;
        double yaw = q.real("yaw", 0) + 0.0, pitch = q.real("pitch", 0) + 0.0;
        double scale = q.real("scale", 1);
        if (!(scale > 0)) throw ApiException.badRequest("scale must be > 0, not " + q.text("scale", ""));
        VolumeMode mode = q.choice("mode", "shaded", VOLUME_MODES, List.of("heightmap", "normals", "shaded"));
        boolean ssao = q.choice("ssao", "false", FLAGS, List.of("true", "false", "1", "0"));
        ImageFormat format = q.choice("format", "png", FORMATS, List.of("png", "pgm", "ppm"));
        VolumeView view = new VolumeView(w, h, depth, cx, cy, cz, scale, yaw, pitch);
        String key = model.id + "/render3d/" + w + "x" + h + "x" + depth + "/" + cx + "," + cy + "," + cz + "/" + scale + "/"
                + yaw + "," + pitch + "/" + mode.label() + "/" + ssao + "/" + format;
        return Responses.image(c.exchange(), renders.volume(model, key, view, mode, ssao, format));
    }

    private static RenderMode mode(Params q) {
        return q.choice("mode", "mono", MODES, List.of("mono", "sdf", "debug"));
    }

    private int tile(Route.Call c) throws IOException {
        ServedModel model = model(c);
        Params q = c.params().known("mode", "z");
        // The slice of a solid the tile shows; the path's first number is the zoom level.
        double slice = q.real("z", 0) + 0.0;
        String rest = c.path().get(1);
        Matcher m = TILE_PATH.matcher(rest);
        if (!m.matches()) {
            throw ApiException.notFound("no such tile: " + Params.displayPath(rest) + " (tiles are /tiles/Z/X/Y.png)");
        }
        long zl = Long.parseLong(m.group(1)), x = Long.parseLong(m.group(2)), y = Long.parseLong(m.group(3));
        if (zl < 0) throw ApiException.badRequest("the zoom level must be at least 0, not " + zl);
        if (zl > config.maxZoom()) {
            throw ApiException.unprocessable("zoom " + zl + " is deeper than the limit of " + config.maxZoom()
                    + " (--max-zoom): f32 pixel coordinates run out of precision near 2^-24");
        }
        int z = (int) zl;
        // Tiles further out than 2^20 model units from the origin show nothing of any model worth a request.
        long reach = (1L << z) << 20;
        if (Math.abs(x) > reach || Math.abs(y) > reach) {
            throw ApiException.notFound("tile " + z + "/" + x + "/" + y + " is outside the plane the service renders");
        }
        RenderMode mode = mode(q);
        String key = model.id + "/tile/" + z + "/" + x + "/" + y + "/" + mode + (slice == 0 ? "" : "/z=" + slice);
        return Responses.image(c.exchange(), renders.image(model, key, TileGeometry.view(z, x, y, slice), mode,
                ImageFormat.PNG));
    }

    private int ir(Route.Call c) throws IOException {
        ServedModel model = model(c);
        Params q = c.params().known("stage");
        IrListing.Stage stage = q.choice("stage", "before", STAGES, List.of("before", "after"));
        Deadline deadline = renders.deadline();
        String text;
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos())) {
            gate.admitted(deadline);
            text = irListing(model, stage, deadline);
        }
        return Responses.send(c.exchange(), 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    // The service's side of the library's one IR listing: what this model's tier compiled, else the whole model.
    private String irListing(ServedModel model, IrListing.Stage stage, Deadline deadline) {
        int ops = model.model.tape().length();
        List<IrListing.Kernel> kernels = IrListing.tiles(model.tier, ops);
        String preamble = "";
        if (kernels.isEmpty()) {
            String over = IrListing.overBudget(model.name, model.model.tape(), config.compile());
            if (over != null) throw ApiException.unprocessable(over);
            preamble = "; the service compiled nothing for this model yet ("
                    + (compiles ? "the cost model kept every tile in the interpreter" : "--engine interp")
                    + "): the whole model's kernel over [-1, 1]^2 follows\n";
            kernels = List.of(IrListing.wholeModel(model.model.tape(), TileGeometry.view(0, 0, 0).box()));
        }
        return IrListing.ir(preamble, kernels, config.compile(), stage, deadline::check);
    }
}
