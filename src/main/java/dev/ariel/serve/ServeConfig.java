package dev.ariel.serve;

import dev.ariel.jit.CompileOptions;
import dev.ariel.render.TileSizes;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.RenderSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * How a render service runs: where it listens, its limits and its memory bounds. Immutable; start
 * from {@link #defaults()} and change fields with the {@code with...} copies.
 *
 * @param bind the address to listen on (127.0.0.1: only this machine)
 * @param port the TCP port, or 0 for any free one
 * @param models model files loaded at start; they never expire
 * @param renderThreads threads of the tile scheduler, shared by every render
 * @param maxRenders renders that run at once; the rest wait in the queue
 * @param maxQueue renders that may wait; past that a request gets 503
 * @param budgetMillis a request's time budget, waiting included: a render past it is stopped (422)
 *     and a wait past it gets 503
 * @param maxBodyBytes the largest model upload
 * @param maxOps the most ops a model may have
 * @param maxImageSide the widest or tallest image a render may ask for
 * @param maxZoom the deepest tile level (f32 coordinates run out of precision near 2^-24)
 * @param maxModels models held at once; past that the least recently used uploaded one goes
 * @param modelTtlSeconds an uploaded model unused this long is dropped
 * @param tileCacheBytes the bound on rendered images kept for repeat requests
 * @param codeBytes the bound on loaded compiled code; past it the least recently used is unloaded
 * @param engine tiered ({@code auto}: compiles what keeps recurring), {@code interp} (never compiles) or
 *     {@code jit} (compiles every tile tape)
 * @param compile how tier 1 compiles
 * @param diskCache whether compiled code is also kept on disk, across restarts
 * @param tiles the quadtree's tile sizes for renders
 * @param compileTile the tile size whose tapes tier 1 compiles, one of {@code tiles}
 * @param graceSeconds how long shutdown waits for requests in flight
 * @param clients what the service accepts from clients: host names, connections and their pace
 * @param modelsDir a folder where uploaded models are kept by content address, shared by replicas
 *     and kept across restarts, or null for memory alone
 * @param basePath the path prefix the service is served under behind a proxy ({@code /ariel}),
 *     or empty for the root
 */
public record ServeConfig(String bind, int port, List<Path> models, int renderThreads, int maxRenders, int maxQueue,
        long budgetMillis, long maxBodyBytes, int maxOps, int maxImageSide, int maxZoom, int maxModels,
        long modelTtlSeconds, long tileCacheBytes, long codeBytes, EngineKind engine, CompileOptions compile,
        boolean diskCache, TileSizes tiles, int compileTile, int graceSeconds, Clients clients,
        Path modelsDir, String basePath) {

    /** The default port: {@code ariel serve} listens on http://127.0.0.1:8642/. */
    public static final int DEFAULT_PORT = 8642;

    public ServeConfig {
        models = List.copyOf(models);
        if (!basePath.isEmpty() && !basePath.matches("(/[A-Za-z0-9._~-]+)+") || basePath.matches(".*/\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException("--base-path takes a path such as /ariel (letters, digits and . _ ~ -, "
                    + "no trailing slash), not '" + basePath + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("the port must be 0 to 65535, not " + port);
        dev.ariel.render.TileRenderer.checkThreads(renderThreads);
        positive("concurrent renders", maxRenders);
        if (maxQueue < 0) throw new IllegalArgumentException("the queue length must not be negative, not " + maxQueue);
        // Each bound is what the code behind it can do: budgets and lifetimes become nanoseconds
        // in a long, bodies and models are read under the reader's own limits, and images are Views.
        within("time budget", budgetMillis, Long.MAX_VALUE / 1_000_000);
        within("body limit", maxBodyBytes, dev.ariel.parse.ReadLimits.DEFAULT_MAX_FILE_BYTES);
        within("op limit", maxOps, dev.ariel.parse.ReadLimits.DEFAULT_MAX_OPS);
        within("image side limit", maxImageSide, dev.ariel.render.View.MAX_SIDE);
        if (maxZoom < 0 || maxZoom > 30) throw new IllegalArgumentException("the zoom limit must be 0 to 30, not " + maxZoom);
        positive("model limit", maxModels);
        within("model lifetime", modelTtlSeconds, Long.MAX_VALUE / 1_000_000_000);
        if (tileCacheBytes < 0 || codeBytes < 0) throw new IllegalArgumentException("cache bounds must not be negative");
        java.util.Objects.requireNonNull(engine, "engine");
        if (tiles.levelOf(compileTile) < 0) {
            throw new IllegalArgumentException("the compile tile " + compileTile + " is not one of the tile sizes " + tiles);
        }
        if (graceSeconds < 0) throw new IllegalArgumentException("the grace period must not be negative");
        java.util.Objects.requireNonNull(clients, "clients");
    }

    /**
     * What the service accepts from clients, so that neither a slow or idle client nor a web page
     * in the user's browser can take the service from others.
     *
     * @param allowHosts names a request's {@code Host} may give beside the loopback names and the bound address
     * @param maxConnections connections open at once; past it a new one gets 503 and is closed
     * @param maxPerClient connections open at once from one client address
     * @param headerMillis the time a request's line and headers may take to arrive
     * @param minBodyBytesPerSecond the slowest average rate a request body may arrive at (after the header time)
     * @param idleSeconds how long a kept-alive connection may wait for its next request
     */
    public record Clients(List<String> allowHosts, int maxConnections, int maxPerClient, int headerMillis,
            int minBodyBytesPerSecond, int idleSeconds, List<String> corsOrigins, Uploads uploads) {
        public Clients {
            java.util.Objects.requireNonNull(uploads, "uploads");
            allowHosts = List.copyOf(allowHosts);
            corsOrigins = List.copyOf(corsOrigins);
            corsOrigins.forEach(o -> {
                if (!o.equals("*")) CrossOrigin.normalize(o); // throws, naming a bad one
            });
            positive("connection limit", maxConnections);
            positive("per-client connection limit", maxPerClient);
            positive("header time", headerMillis);
            positive("minimum body rate", minBodyBytesPerSecond);
            positive("idle time", idleSeconds);
        }

        /** 512 connections, 64 from one address, 10 s for headers, 16 KB/s for bodies, 30 s idle. */
        public static Clients defaults() {
            return new Clients(List.of(), 512, 64, 10_000, 16 << 10, 30, List.of(), Uploads.OPEN);
        }

        /** A copy that also answers to {@code names}. */
        public Clients withAllowHosts(List<String> names) {
            return new Clients(names, maxConnections, maxPerClient, headerMillis, minBodyBytesPerSecond, idleSeconds, corsOrigins, uploads);
        }

        /** A copy with other connection caps. */
        public Clients withConnections(int total, int perClient) {
            return new Clients(allowHosts, total, perClient, headerMillis, minBodyBytesPerSecond, idleSeconds, corsOrigins, uploads);
        }

        /** A copy with another pace: header time, minimum body rate and idle time. */
        public Clients withPace(int headerMs, int minBodyRate, int idleS) {
            return new Clients(allowHosts, maxConnections, maxPerClient, headerMs, minBodyRate, idleS, corsOrigins, uploads);
        }

        /** A copy whose answers pages of {@code origins} may read ({@code *}: any page). */
        public Clients withCorsOrigins(List<String> origins) {
            return new Clients(allowHosts, maxConnections, maxPerClient, headerMillis, minBodyBytesPerSecond, idleSeconds, origins, uploads);
        }

        /** A copy with another upload policy. */
        public Clients withUploads(Uploads u) {
            return new Clients(allowHosts, maxConnections, maxPerClient, headerMillis, minBodyBytesPerSecond, idleSeconds,
                    corsOrigins, u);
        }
    }

    /**
     * Who may post models: anyone who reaches the service (the default, for a service on this
     * machine), nobody ({@code --read-only}: models come from the command line), or a client that
     * shows a bearer token ({@code --upload-token-file}).
     *
     * @param open whether uploads are allowed at all
     * @param token the bearer token uploads must carry, or null for none
     */
    public record Uploads(boolean open, String token) {
        /** Anyone may upload. */
        public static final Uploads OPEN = new Uploads(true, null);
        /** Nobody may upload. */
        public static final Uploads READ_ONLY = new Uploads(false, null);

        public Uploads {
            if (token != null && (token.isEmpty() || !token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f))) {
                throw new IllegalArgumentException("the upload token must be printable ASCII without spaces, and not empty");
            }
            if (!open && token != null) throw new IllegalArgumentException("--read-only and --upload-token-file exclude each other");
        }

        /** Uploads that carry {@code Authorization: Bearer token}. */
        public static Uploads withToken(String token) {
            return new Uploads(true, token);
        }
    }

    private static void within(String what, long v, long max) {
        positive(what, v);
        if (v > max) throw new IllegalArgumentException("the " + what + " must be at most " + max + ", not " + v);
    }

    private static void positive(String what, long v) {
        if (v < 1) throw new IllegalArgumentException("the " + what + " must be at least 1, not " + v);
    }

    /** The documented defaults: 127.0.0.1:8642, every core, the tiered engine. */
    public static ServeConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServeConfig("127.0.0.1", DEFAULT_PORT, List.of(), cores, cores, 64, 10_000, 16L << 20, 1_000_000,
                4096, 20, 64, 3600, 64L << 20, 64L << 20, EngineKind.AUTO, RenderSettings.DEFAULT_COMPILE, true,
                TileSizes.defaults(), 128, 10, Clients.defaults(), null, "");
    }

    /** A copy listening on {@code p} (0: any free port). */
    public ServeConfig withPort(int p) {
        return new ServeConfig(bind, p, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy listening on {@code address}. */
    public ServeConfig withBind(String address) {
        return new ServeConfig(address, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes,
                maxOps, maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile,
                diskCache, tiles, compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy that loads {@code files} at start. */
    public ServeConfig withModels(List<Path> files) {
        return new ServeConfig(bind, port, files, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy with other request limits. */
    public ServeConfig withLimits(long bodyBytes, int ops, int imageSide, int zoom, long budgetMs) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMs, bodyBytes, ops,
                imageSide, zoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy with another concurrency: render threads, renders at once and queue length. */
    public ServeConfig withConcurrency(int threads, int renders, int queue) {
        return new ServeConfig(bind, port, models, threads, renders, queue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy with other memory bounds: models held, their lifetime, and the two caches. */
    public ServeConfig withMemory(int modelsHeld, long ttlSeconds, long tileCache, long code) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, modelsHeld, ttlSeconds, tileCache, code, engine, compile, diskCache, tiles,
                compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy with another engine, compile options and disk cache. */
    public ServeConfig withEngine(EngineKind name, CompileOptions options, boolean disk) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, name, options, disk, tiles,
                compileTile, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy with other tile sizes for the scheduler. */
    public ServeConfig withTiles(TileSizes sizes, int compileSize) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                sizes, compileSize, graceSeconds, clients, modelsDir, basePath);
    }

    /** A copy that waits {@code seconds} for requests in flight when it stops. */
    public ServeConfig withGraceSeconds(int seconds) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, seconds, clients, modelsDir, basePath);
    }

    /** A copy that keeps uploaded models in {@code dir} (null: in memory alone). */
    public ServeConfig withModelsDir(Path dir) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, dir, basePath);
    }

    /** A copy served under {@code prefix} ({@code /ariel}; empty: the root). */
    public ServeConfig withBasePath(String prefix) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, clients, modelsDir, prefix);
    }

    /** A copy with other client rules. */
    public ServeConfig withClients(Clients rules) {
        return new ServeConfig(bind, port, models, renderThreads, maxRenders, maxQueue, budgetMillis, maxBodyBytes, maxOps,
                maxImageSide, maxZoom, maxModels, modelTtlSeconds, tileCacheBytes, codeBytes, engine, compile, diskCache,
                tiles, compileTile, graceSeconds, rules, modelsDir, basePath);
    }
}
