package dev.ariel.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ariel.Model;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ReadLimits;
import dev.ariel.render.RenderTimeoutException;
import dev.ariel.render.TileRenderer;
import dev.ariel.wiring.RenderEngine;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The render service: an HTTP server over the tile scheduler, with one compiled tier shared by
 * every request. See {@code docs/serve.md} for the API. Start it with {@link #start}; {@link #close}
 * stops it gracefully (requests in flight finish, new ones are refused).
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a virtual thread per exchange: it
 * ships with every JDK, so the service adds no dependency to keep up to date, and virtual threads
 * make a request that waits (for the render queue, or for a tile another request is rendering)
 * cost a few kilobytes, not a platform thread. Rendering itself runs on the scheduler's fork/join
 * pool, entered through a bounded {@link RenderGate}. The JDK's server listens on loopback only,
 * behind an {@link HttpFront} that owns the public socket and admits connections and requests
 * (caps, time limits, request lines the JDK would answer in HTML); the handler then checks
 * {@code Host} and {@code Origin} ({@link RequestGuard}) and dispatches through the route table
 * of {@link ServiceRoutes}.
 */
public final class ArielServer implements AutoCloseable {
    // Tier 1's memo of tile tapes, per model: prospero's 128-px tapes average a few hundred
    // instructions (some kilobytes each), so 1,024 of them bound a model's share to a few MB.
    private static final int TAPES_PER_MODEL = 1024;
    // A 4096^2 PGM (16 MB, the largest answer) crosses loopback in well under this.
    private static final long DRAIN_MILLIS = 5000;
    // How long a stop waits, after the grace period, for cancelled requests to answer: a render
    // stops within one tile, so this is only reached by a client that stopped reading.
    private static final long CANCEL_WAIT_NANOS = 5_000_000_000L;

    private final ServeConfig config;
    private final HttpFront front;
    private final HttpServer http;
    private final ExecutorService executor;
    private final RenderEngine engine; // shared by every model's renderer
    private final ModelStore store;
    private final TileCache tiles;
    // Closed at the end of a stop's grace period: requests waiting for it answer 503, and renders
    // still running, whose deadlines ask it, stop at their next tile.
    private final RenderGate gate;
    private final MemoryBudget budget;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Route.Table routes;
    private final RequestGuard guard;
    private final CrossOrigin cors;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread sweeper;
    private final PrintStream log;
    private volatile boolean stopping;
    // Exchanges in our handler. The JDK server's own count never drops for an exchange whose
    // client vanished mid-response, so its stop(delay) can wait the whole delay for nothing.
    private final AtomicInteger handling = new AtomicInteger();

    private ArielServer(ServeConfig config, PrintStream log) throws IOException {
        this.config = config;
        this.log = log;
        this.engine = newEngine(config);
        this.budget = MemoryBudget.ofThisJvm(config.tileCacheBytes());
        this.store = new ModelStore(config.maxModels(), budget.modelBytes(), config.modelTtlSeconds(),
                ReadLimits.defaults().withMaxOps(config.maxOps()).withMaxFileBytes(config.maxBodyBytes()),
                (id, model) -> {
                    // A model whose buffers would not fit the budget on every thread gets fewer.
                    int threads = Math.max(1, budget.renderThreads(model.tape(), config.tiles(), config.renderThreads()));
                    TileRenderer renderer = engine.tileRenderer(TAPES_PER_MODEL, threads);
                    return new ServedModel.Parts(renderer, renderer.tier());
                }, config.modelsDir() == null ? null : new SharedModels(config.modelsDir(), config.maxBodyBytes(), log));
        this.tiles = new TileCache(budget.tileCacheBytes());
        this.gate = new RenderGate(config.maxRenders(), config.maxQueue());
        this.routes = new ServiceRoutes(config, store, tiles, gate, budget, metrics, this::gauges, engine).table();
        InetAddress bind = InetAddress.getByName(config.bind());
        jdkServerDefaults(config.clients());
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ariel-http-", 0).factory());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        try {
            this.front = new HttpFront(new InetSocketAddress(bind, config.port()), http.getAddress(), config.clients(), metrics);
        } catch (IOException e) {
            http.stop(0);
            executor.shutdown();
            engine.close();
            throw e;
        }
        // The name --bind gave counts as one the service answers to, as its address does.
        List<String> names = new ArrayList<>(config.clients().allowHosts());
        names.add(config.bind());
        this.guard = RequestGuard.of(bind, front.address().getPort(), names);
        this.cors = CrossOrigin.of(config.clients().corsOrigins());
        this.sweeper = Thread.ofVirtual().name("ariel-model-expiry").unstarted(this::sweep);
    }

    // ---- the engine: the library's one wiring, with one tile compiler shared by every model ----

    private static RenderEngine newEngine(ServeConfig config) {
        return RenderEngine.open(RenderSettings.of(config.engine(), Strategy.PRUNED).withCompile(config.compile())
                .withTiles(config.tiles(), config.compileTile()).withThreads(config.renderThreads())
                .withFramesExpected(RenderSettings.UNKNOWN_FRAMES).withDiskCache(config.diskCache())
                .withMaxCodeBytes(config.codeBytes()));
    }

    // ---- the JDK's server ----

    // The JDK's server reads these once per process, when its first server starts: its idle
    // keep-alive timeout is the one the front relies on (measured in docs/serve.md), checked each
    // second rather than each 10 s. A value the user set with -D stays.
    private static void jdkServerDefaults(ServeConfig.Clients clients) {
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", String.valueOf(clients.idleSeconds()));
        }
        if (System.getProperty("sun.net.httpserver.clockTick") == null) {
            System.setProperty("sun.net.httpserver.clockTick", "1000");
        }
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
            s.front.start();
            s.sweeper.start();
            if (!s.front.address().getAddress().isLoopbackAddress()) {
                log.println("ariel: warning: listening on " + config.bind() + ", beyond this machine: anyone who can "
                        + "reach it may upload models and read them, without authentication");
            }
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
        return front.address().getPort();
    }

    /** The loopback port of the JDK's server behind the front, which answers only the front's relays. */
    int internalPort() {
        return http.getAddress().getPort();
    }

    /** The service's base URI, such as {@code http://127.0.0.1:8642/}. */
    public URI uri() {
        String host = front.address().getAddress().getHostAddress();
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
        awaitIdle(graceSeconds * 1_000_000_000L);
        // The grace period is over. Renders still running stop at their next tile and requests
        // waiting for a render answer 503, so no client is left with a closed connection, and
        // the compiler below unloads its code only once no render holds a lease on it.
        gate.close();
        awaitIdle(CANCEL_WAIT_NANOS);
        http.stop(0);
        // Answers already written are still on their way through the front: let them arrive.
        front.close(DRAIN_MILLIS);
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

    // Waits up to `nanos` for the exchanges in our handler to finish.
    private void awaitIdle(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (handling.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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

    // Catches everything, so that each exchange ends with an answer in the documented form.
    private void handleCounted(HttpExchange ex) {
        long t0 = System.nanoTime();
        String route = "other";
        int status = 500;
        try {
            String path = withinBase(ex.getRequestURI().getRawPath());
            route = routes.nameOf(path);
            if (!front.relayed(ex.getRemoteAddress())) {
                throw new ApiException(403, "connect to the service at " + uri() + ", not to its internal port");
            }
            guard.check(ex.getRequestMethod(), ex.getRequestHeaders());
            if (stopping) throw RenderGate.shuttingDown();
            if (cors.apply(ex)) {
                ex.sendResponseHeaders(204, -1); // a listed origin's preflight
                status = 204;
            } else {
                status = routes.dispatch(ex, path);
            }
        } catch (ApiException e) {
            status = answer(ex, e);
        } catch (RenderTimeoutException e) {
            if (gate.closed()) {
                // Stopped by the end of the grace period, not by its own budget.
                status = answer(ex, RenderGate.shuttingDown());
            } else {
                status = 422;
                metrics.renderTimedOut();
                Responses.error(ex, status, e.getMessage() + " (--budget-ms): ask for a smaller image or view");
            }
        } catch (IOException e) {
            status = 499; // the client went away; nothing to answer
        } catch (Throwable e) {
            // A failed render answers 500 to its own request and leaves every other one alone.
            status = 500;
            metrics.renderFailed();
            if (e instanceof OutOfMemoryError) tiles.clear(); // what the heap can give back at once
            log.println("ariel: internal error answering " + ex.getRequestMethod() + " "
                    + Params.displayPath(String.valueOf(ex.getRequestURI())) + ": " + e);
            if (System.getenv("ARIEL_DEBUG") != null) e.printStackTrace(log);
            Responses.error(ex, status, "internal error: " + e.getClass().getSimpleName() + " (the service logged it)");
        } finally {
            metrics.request(route, status, System.nanoTime() - t0);
            ex.close();
        }
    }

    // The path below --base-path; the prefix alone is the viewer's page, redirected to "prefix/" so
    // that its relative links resolve under it.
    private String withinBase(String raw) {
        String base = config.basePath();
        if (base.isEmpty()) return raw;
        if (raw.equals(base)) {
            throw new ApiException(308, "the viewer is at " + base + "/", java.util.Map.of("Location", base + "/"), null);
        }
        if (!raw.startsWith(base + "/")) {
            throw ApiException.notFound("no such path: " + Params.displayPath(raw) + " (this service is served under " + base + "/)");
        }
        return raw.substring(base.length());
    }

    private int answer(HttpExchange ex, ApiException e) {
        if (e.reason() != null) metrics.rejected(e.reason());
        if (stopping) ex.getResponseHeaders().set("Connection", "close");
        e.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        Responses.error(ex, e.status(), e.getMessage());
        return e.status();
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
}
