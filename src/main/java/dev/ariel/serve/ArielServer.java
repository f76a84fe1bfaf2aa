package dev.ariel.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ariel.Model;
import dev.ariel.io.JsonWriter;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ReadLimits;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.Deadline;
import dev.ariel.render.Frame;
import dev.ariel.render.FrameStats;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.IrListing;
import dev.ariel.wiring.RenderEngine;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The render service: an HTTP server over the tile scheduler, with one compiled tier shared by
 * every request. See {@code docs/serve.md} for the API. Start it with {@link #start}; {@link #close}
 * stops it gracefully (requests in flight finish, new ones are refused).
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a virtual thread per exchange: it
 * ships with every JDK, so the service adds no dependency to keep up to date, and virtual threads
 * make a request that waits (for the render queue, or for a tile another request is rendering)
 * cost a few kilobytes, not a platform thread. Rendering itself runs on the scheduler's fork/join
 * pool, entered through a bounded {@link RenderGate}.
 */
public final class ArielServer implements AutoCloseable {
    private static final Pattern MODEL_PATH = Pattern.compile("/models/([0-9a-f]{16})(/.*)?");
    private static final Pattern TILE_PATH = Pattern.compile("/tiles/(-?[0-9]{1,10})/(-?[0-9]{1,10})/(-?[0-9]{1,10})\\.png");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern VIEWER_FILE = Pattern.compile("/viewer/([a-z0-9-]{1,40}\\.(html|js|css|png|svg|ico))");
    private static final String VIEWER_RESOURCES = "/dev/ariel/serve/viewer/";
    // Tier 1's memo of tile tapes, per model: prospero's 128-px tapes average a few hundred
    // instructions (some kilobytes each), so 1,024 of them bound a model's share to a few MB.
    private static final int TAPES_PER_MODEL = 1024;

    private final ServeConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final RenderEngine engine; // shared by every model's renderer
    private final ModelStore store;
    private final TileCache tiles;
    private final RenderGate gate;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final ConcurrentHashMap<String, CompletableFuture<Rendered>> inFlight = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private final Thread sweeper;
    private final PrintStream log;
    private volatile boolean stopping;
    // Exchanges in our handler. The JDK server's own count never drops for an exchange whose
    // client vanished mid-response, so its stop(delay) can wait the whole delay for nothing.
    private final java.util.concurrent.atomic.AtomicInteger handling = new java.util.concurrent.atomic.AtomicInteger();

    private ArielServer(ServeConfig config, PrintStream log) throws IOException {
        this.config = config;
        this.log = log;
        this.engine = RenderEngine.open(RenderSettings.of(config.engine(), Strategy.PRUNED).withCompile(config.compile())
                .withTiles(config.tiles(), config.compileTile()).withThreads(config.renderThreads())
                .withFramesExpected(RenderSettings.UNKNOWN_FRAMES).withDiskCache(config.diskCache())
                .withMaxCodeBytes(config.codeBytes()));
        this.store = new ModelStore(config.maxModels(), config.modelTtlSeconds(),
                ReadLimits.defaults().withMaxOps(config.maxOps()).withMaxFileBytes(config.maxBodyBytes()),
                (id, model) -> {
                    TileRenderer renderer = engine.tileRenderer(TAPES_PER_MODEL);
                    return new ServedModel.Parts(renderer, renderer.tier());
                });
        this.tiles = new TileCache(config.tileCacheBytes());
        this.gate = new RenderGate(config.maxRenders(), config.maxQueue());
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bind()), config.port()), 256);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ariel-http-", 0).factory());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        this.sweeper = Thread.ofVirtual().name("ariel-model-expiry").unstarted(this::sweep);
    }

    /**
     * Loads the configured models and starts listening.
     *
     * @param log where the service reports what it does not answer to a client (internal errors)
     * @throws ModelException if a configured model does not parse
     * @throws IOException if a model cannot be read or the address cannot be bound
     */
    public static ArielServer start(ServeConfig config, PrintStream log) throws IOException, ModelException {
        ArielServer s = new ArielServer(config, log);
        try {
            for (Path p : config.models()) {
                long size = Files.size(p);
                if (size > config.maxBodyBytes()) {
                    throw ModelException.overLimit(p.toString(), 0, "file is " + size + " bytes, over the limit of "
                            + config.maxBodyBytes() + " bytes");
                }
                s.store.add(Files.readAllBytes(p), p.toString(), true);
            }
            s.http.start();
            s.sweeper.start();
            return s;
        } catch (IOException | ModelException | RuntimeException e) {
            s.shutDown(0);
            throw e;
        }
    }

    /** {@link #start(ServeConfig, PrintStream)}, reporting to stderr. */
    public static ArielServer start(ServeConfig config) throws IOException, ModelException {
        return start(config, System.err);
    }

    /** The configuration. */
    public ServeConfig config() {
        return config;
    }

    /** The port the service listens on (the chosen one, for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The service's base URI, such as {@code http://127.0.0.1:8642/}. */
    public URI uri() {
        String host = http.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The ids of the models held now, sorted by name. */
    public List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        for (ServedModel m : store.all()) ids.add(m.id);
        return ids;
    }

    /** Stops gracefully: refuses new requests, lets those in flight finish, and frees compiled code. */
    @Override
    public void close() {
        shutDown(config.graceSeconds());
    }

    /** Waits until the service has stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private synchronized void shutDown(int graceSeconds) {
        if (stopped.getCount() == 0) return;
        // New requests get 503 from now on; those under way finish, up to the grace period; then
        // the listening socket and every connection close.
        stopping = true;
        long deadline = System.nanoTime() + graceSeconds * 1_000_000_000L;
        while (handling.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        sweeper.interrupt();
        executor.shutdown();
        try {
            executor.awaitTermination(graceSeconds + 1L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (engine.tiered()) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                log.println("ariel: while stopping: " + e.getMessage());
            }
        }
        stopped.countDown();
    }

    // Drops uploaded models that went unused for their lifetime, with their cached images.
    private void sweep() {
        long period = Math.max(1, Math.min(60, config.modelTtlSeconds() / 4));
        while (!stopping) {
            try {
                Thread.sleep(period * 1000);
            } catch (InterruptedException e) {
                return;
            }
            List<ServedModel> gone = store.expire();
            for (ServedModel m : gone) tiles.dropModel(m.id);
            metrics.modelsExpired(gone.size());
        }
    }

    // ---- requests ----

    private void handle(HttpExchange ex) {
        handling.incrementAndGet();
        try {
            handleCounted(ex);
        } finally {
            handling.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange ex) {
        long t0 = System.nanoTime();
        String route = "other";
        int status = 500;
        try {
            String path = ex.getRequestURI().getRawPath();
            route = route(path);
            if (stopping) {
                ex.getResponseHeaders().set("Connection", "close");
                throw ApiException.unavailable("the service is shutting down", 5, "shutting_down");
            }
            status = dispatch(ex, path, route);
        } catch (ApiException e) {
            status = e.status();
            if (e.reason() != null) metrics.rejected(e.reason());
            e.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            sendError(ex, status, e.getMessage());
        } catch (RenderTimeoutException e) {
            status = 422;
            metrics.renderTimedOut();
            sendError(ex, status, e.getMessage() + " (--budget-ms): ask for a smaller image or view");
        } catch (IOException e) {
            status = 499; // the client went away; nothing to answer
        } catch (Throwable e) {
            // A failed render answers 500 to its own request and leaves every other one alone.
            status = 500;
            metrics.renderFailed();
            log.println("ariel: internal error answering " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            if (System.getenv("ARIEL_DEBUG") != null) e.printStackTrace(log);
            sendError(ex, status, "internal error: " + e.getClass().getSimpleName() + " (the service logged it)");
        } finally {
            metrics.request(route, status, System.nanoTime() - t0);
            ex.close();
        }
    }

    private static String route(String path) {
        if (path.equals("/") || path.startsWith("/viewer/")) return "viewer";
        if (path.equals("/health")) return "health";
        if (path.equals("/metrics")) return "metrics";
        if (path.equals("/models")) return "models";
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) return "other";
        String rest = m.group(2);
        if (rest == null) return "model";
        if (rest.equals("/render")) return "render";
        if (rest.equals("/ir")) return "ir";
        if (rest.startsWith("/tiles/")) return "tile";
        return "other";
    }

    private int dispatch(HttpExchange ex, String path, String route) throws IOException {
        String method = ex.getRequestMethod();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        switch (route) {
            case "viewer" -> {
                allow(method, "GET");
                return viewer(ex, path.equals("/") ? "/viewer/index.html" : path);
            }
            case "health" -> {
                allow(method, "GET");
                known(q);
                return sendJson(ex, 200, JsonWriter.spaced().beginObject().field("status", "ok").field("models", store.size())
                        .field("uptime_seconds", (System.nanoTime() - startNanos) / 1e9).endObject().text());
            }
            case "metrics" -> {
                allow(method, "GET");
                known(q);
                return send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.text(gauges()).getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-store"));
            }
            case "models" -> {
                if (method.equals("POST")) return postModel(ex, q);
                allow(method, "GET, POST");
                known(q);
                JsonWriter list = JsonWriter.spaced().beginObject().name("models").beginArray();
                for (ServedModel m : store.all()) m.writeFields(list.beginObject()).endObject();
                return sendJson(ex, 200, list.endArray().endObject().text());
            }
            default -> { }
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) throw ApiException.notFound("no such path: " + path + " (see docs/serve.md)");
        String rest = m.group(2) == null ? "" : m.group(2);
        allow(method, "GET");
        ServedModel model = store.get(m.group(1));
        return switch (route) {
            case "model" -> {
                known(q);
                yield sendJson(ex, 200, model.json());
            }
            case "render" -> render(ex, model, q);
            case "tile" -> tile(ex, model, rest, q);
            case "ir" -> ir(ex, model, q);
            default -> throw ApiException.notFound("no such path: " + path + " (see docs/serve.md)");
        };
    }

    private int postModel(HttpExchange ex, Map<String, String> q) throws IOException {
        known(q, "name");
        String name = q.getOrDefault("name", "upload.vm");
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be 1 to 100 letters, digits, '.', '_' or '-', not '" + name + "'");
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > config.maxBodyBytes()) throw bodyTooLarge();
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length is not a number: '" + length + "'");
            }
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes() + 1));
        }
        if (body.length > config.maxBodyBytes()) throw bodyTooLarge();
        if (body.length == 0) throw ApiException.badRequest("the body is empty: post the text of a .vm model");
        ModelStore.Added added;
        try {
            added = store.add(body, name, false);
        } catch (ModelException e) {
            throw e.overLimit() ? ApiException.tooLarge(e.getMessage()) : ApiException.unprocessable(e.getMessage());
        }
        for (ServedModel gone : store.drainEvicted()) tiles.dropModel(gone.id);
        String json = added.model().writeFields(JsonWriter.spaced().beginObject()).field("created", added.created())
                .endObject().text();
        ex.getResponseHeaders().set("Location", "/models/" + added.model().id);
        return sendJson(ex, added.created() ? 201 : 200, json);
    }

    private ApiException bodyTooLarge() {
        return ApiException.tooLarge("the body is over the limit of " + config.maxBodyBytes() + " bytes (--max-body-mb)");
    }

    private int render(HttpExchange ex, ServedModel model, Map<String, String> q) throws IOException {
        known(q, "w", "h", "cx", "cy", "scale", "z", "mode", "format");
        int w = intParam(q, "w", 1024), h = intParam(q, "h", 1024);
        if (w < 1 || h < 1) throw ApiException.badRequest("w and h must be at least 1, not " + w + "x" + h);
        if (w > config.maxImageSide() || h > config.maxImageSide()) {
            throw ApiException.unprocessable("the image " + w + "x" + h + " is larger than the limit of "
                    + config.maxImageSide() + " pixels a side (--max-image)");
        }
        double cx = doubleParam(q, "cx", 0), cy = doubleParam(q, "cy", 0), z = doubleParam(q, "z", 0);
        double scale = doubleParam(q, "scale", 1);
        if (!(scale > 0)) throw ApiException.badRequest("scale must be > 0, not " + q.get("scale"));
        RenderMode mode = mode(q);
        ImageFormat format = format(q);
        View view = new View(w, h, cx, cy, scale, z);
        String key = model.id + "/render/" + w + "x" + h + "/" + cx + "," + cy + "/" + scale + "/" + z + "/" + mode + "/"
                + format;
        return sendImage(ex, image(model, key, view, mode, format));
    }

    private int tile(HttpExchange ex, ServedModel model, String rest, Map<String, String> q) throws IOException {
        known(q, "mode");
        Matcher m = TILE_PATH.matcher(rest);
        if (!m.matches()) throw ApiException.notFound("no such tile: " + rest + " (tiles are /tiles/Z/X/Y.png)");
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
        String key = model.id + "/tile/" + z + "/" + x + "/" + y + "/" + mode;
        return sendImage(ex, image(model, key, TileGeometry.view(z, x, y), mode, ImageFormat.PNG));
    }

    private int ir(HttpExchange ex, ServedModel model, Map<String, String> q) throws IOException {
        known(q, "stage");
        IrListing.Stage stage;
        try {
            stage = IrListing.Stage.parse(q.getOrDefault("stage", "before"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("stage must be before or after, not '" + q.get("stage") + "'");
        }
        Deadline deadline = Deadline.after(config.budgetMillis() * 1_000_000);
        String text;
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos())) {
            int ops = model.model.tape().length();
            List<IrListing.Kernel> kernels = IrListing.tiles(model.tier, ops);
            String preamble = "";
            if (kernels.isEmpty()) {
                String over = IrListing.overBudget(model.name, model.model.tape(), config.compile());
                if (over != null) throw ApiException.unprocessable(over);
                preamble = "; the service compiled nothing for this model yet ("
                        + (config.engine() == EngineKind.INTERP ? "--engine interp" : "the cost model kept every tile in the interpreter")
                        + "): the whole model's kernel over [-1, 1]^2 follows\n";
                kernels = List.of(IrListing.wholeModel(model.model.tape(), TileGeometry.view(0, 0, 0).box()));
            }
            text = IrListing.ir(preamble, kernels, config.compile(), stage, deadline::check);
        }
        return send(ex, 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    // ---- rendering ----

    private record Answer(Rendered rendered, boolean fromCache) {}

    private Answer image(ServedModel model, String key, View view, RenderMode mode, ImageFormat format) {
        Deadline deadline = Deadline.after(config.budgetMillis() * 1_000_000);
        boolean cacheable = mode != RenderMode.DEBUG;
        if (cacheable) {
            Rendered hit = tiles.get(key);
            if (hit != null) {
                metrics.rendered(hit, true);
                return new Answer(hit, true);
            }
        }
        // One render per key at a time: clients that ask for a tile being rendered wait for it.
        CompletableFuture<Rendered> mine = new CompletableFuture<>();
        CompletableFuture<Rendered> theirs = cacheable ? inFlight.putIfAbsent(key, mine) : null;
        if (theirs != null) {
            // Another request rendered it: to this one it is as good as a cache hit.
            Rendered r = await(theirs, deadline);
            metrics.rendered(r, true);
            return new Answer(r, true);
        }
        try {
            Rendered r = renderNow(model, view, mode, format, deadline);
            if (cacheable) tiles.put(key, r);
            metrics.rendered(r, false);
            mine.complete(r);
            return new Answer(r, false);
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            if (cacheable) inFlight.remove(key, mine);
        }
    }

    private static Rendered await(CompletableFuture<Rendered> f, Deadline deadline) {
        try {
            return f.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("the tile is still being rendered for another request: try again shortly", 1,
                    "queue_timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for a render", 1, "shutting_down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    private Rendered renderNow(ServedModel model, View view, RenderMode mode, ImageFormat format, Deadline deadline) {
        Frame frame;
        try (RenderGate.Slot slot = gate.enter(deadline.remainingNanos())) {
            frame = model.renderer.render(model.model, view, mode, 1, deadline);
        }
        byte[] bytes = ImageFiles.encode(frame.image(), format);
        FrameStats s = frame.stats();
        long all = (long) view.width() * view.height();
        String tier = s.pixelsCompiled() > 0 ? "jit" : s.pixelsInterpreted() > 0 ? "interp" : "interval";
        String type = switch (format) {
            case PNG -> "image/png";
            case PGM -> "image/x-portable-graymap";
            case PPM -> "image/x-portable-pixmap";
        };
        return new Rendered(bytes, type, tier, s.wallNanos(), all - s.pixelsInterpreted() - s.pixelsCompiled(),
                s.pixelsInterpreted(), s.pixelsCompiled(), mode != RenderMode.DEBUG);
    }

    private ServiceMetrics.Gauges gauges() {
        long compiled = 0, loaded = 0, entries = 0, bytes = 0, evictions = 0;
        double seconds = 0;
        if (engine.tiered()) {
            var c = engine.counters();
            compiled = c.tapesCompiled();
            loaded = c.tapesLoaded();
            seconds = c.compileNanos() / 1e9;
            entries = engine.loadedFunctions();
            bytes = c.codeBytes();
            evictions = c.evictions();
        }
        return new ServiceMetrics.Gauges(compiled, loaded, seconds, entries, bytes, evictions, tiles.entries(),
                tiles.bytes(), tiles.evictions(), store.size(), gate.waiting(), gate.running());
    }

    // ---- responses ----

    private int sendImage(HttpExchange ex, Answer a) throws IOException {
        Rendered r = a.rendered();
        Map<String, String> h = new HashMap<>();
        h.put("X-Ariel-Tier", a.fromCache() ? "cache" : r.tier());
        double ms = a.fromCache() ? 0 : r.renderNanos() / 1e6;
        h.put("X-Ariel-Render-Ms", String.format(Locale.ROOT, "%.3f", ms));
        h.put("Server-Timing", String.format(Locale.ROOT, "render;dur=%.3f", ms));
        if (!a.fromCache()) {
            h.put("X-Ariel-Pixels", "interval=" + r.intervalPixels() + ",interp=" + r.interpPixels() + ",jit=" + r.jitPixels());
        }
        if (r.immutable()) {
            String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(r.body())) + "-" + r.body().length + "\"";
            h.put("Cache-Control", "public, max-age=31536000, immutable");
            h.put("ETag", etag);
            String match = ex.getRequestHeaders().getFirst("If-None-Match");
            if (etag.equals(match)) {
                h.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(304, -1);
                return 304;
            }
        } else {
            h.put("Cache-Control", "no-store");
        }
        return send(ex, 200, r.contentType(), r.body(), h);
    }

    private int viewer(HttpExchange ex, String path) throws IOException {
        Matcher m = VIEWER_FILE.matcher(path);
        if (!m.matches()) throw ApiException.notFound("no such viewer file: " + path);
        byte[] bytes;
        try (InputStream in = ArielServer.class.getResourceAsStream(VIEWER_RESOURCES + m.group(1))) {
            if (in == null) throw ApiException.notFound("no such viewer file: " + path);
            bytes = in.readAllBytes();
        }
        String type = switch (m.group(2)) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            default -> "image/x-icon";
        };
        // The viewer ships in the jar: a new jar may change it, so browsers revalidate.
        return send(ex, 200, type, bytes, Map.of("Cache-Control", "no-cache"));
    }

    private int sendJson(HttpExchange ex, int status, String json) throws IOException {
        return send(ex, status, "application/json", (json + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    private void sendError(HttpExchange ex, int status, String message) {
        try {
            sendJson(ex, status, JsonWriter.spaced().beginObject().field("status", status).field("error", message).endObject()
                    .text());
        } catch (IOException | RuntimeException e) {
            // the client went away, or the headers were sent already: nothing more to tell it
        }
    }

    private static int send(HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("X-Content-Type-Options", "nosniff");
        headers.forEach(h::set);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    // ---- parameters ----

    private static void allow(String method, String allowed) {
        for (String a : allowed.split(", ")) {
            if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) return;
        }
        throw new ApiException(405, method + " is not allowed here; use " + allowed, Map.of("Allow", allowed), null);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String part : raw.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k, v;
            try {
                k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the query is not valid URL encoding: " + e.getMessage());
            }
            if (q.put(k, v) != null) throw ApiException.badRequest("parameter '" + k + "' is given twice");
        }
        return q;
    }

    private static void known(Map<String, String> q, String... names) {
        Set<String> allowed = Set.of(names);
        for (String k : q.keySet()) {
            if (!allowed.contains(k)) {
                throw ApiException.badRequest("unknown parameter '" + k + "'"
                        + (names.length == 0 ? ": this path takes none" : "; this path takes " + String.join(", ", names)));
            }
        }
    }

    private static int intParam(Map<String, String> q, String name, int otherwise) {
        String v = q.get(name);
        if (v == null) return otherwise;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, not '" + v + "'");
        }
    }

    private static double doubleParam(Map<String, String> q, String name, double otherwise) {
        String v = q.get(name);
        if (v == null) return otherwise;
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isFinite(d) && !v.strip().matches(".*[a-zA-Z&&[^eE]].*")) return d;
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest(name + " must be a finite number, not '" + v + "'");
    }

    private static RenderMode mode(Map<String, String> q) {
        String v = q.getOrDefault("mode", "mono");
        return switch (v) {
            case "mono" -> RenderMode.MONO;
            case "sdf" -> RenderMode.SDF;
            case "debug" -> RenderMode.DEBUG;
            default -> throw ApiException.badRequest("mode must be mono, sdf or debug, not '" + v + "'");
        };
    }

    private static ImageFormat format(Map<String, String> q) {
        String v = q.getOrDefault("format", "png");
        for (ImageFormat f : ImageFormat.values()) {
            if (f.extension().equals(v)) return f;
        }
        throw ApiException.badRequest("format must be png, pgm or ppm, not '" + v + "'");
    }
}
