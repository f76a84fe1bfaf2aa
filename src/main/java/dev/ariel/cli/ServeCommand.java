package dev.ariel.cli;

import dev.ariel.parse.ModelException;
import dev.ariel.render.TileSizes;
import dev.ariel.serve.ArielServer;
import dev.ariel.serve.ServeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ariel serve}: the HTTP render service and its viewer. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Serves models over HTTP: images, map tiles, IR, metrics and a pan-and-zoom viewer at /.",
            "The API is in docs/serve.md. One JIT and code cache serve every request; tile tapes that keep "
                + "recurring are compiled. SIGTERM or Ctrl-C stops the service after the requests in flight."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "MODEL", description = "Models to load at start; they never expire.")
    List<Path> models = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "P", description = "TCP port, 0 for any free one (default: "
            + ServeConfig.DEFAULT_PORT + ").")
    int port = ServeConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: 127.0.0.1, this machine "
            + "only; 0.0.0.0 for every interface, with a warning: the service has no authentication).")
    String bind = "127.0.0.1";

    @Option(names = "--threads", paramLabel = "N", description = "Render threads (default: all cores).")
    Integer threads;

    @Option(names = "--max-renders", paramLabel = "N", description = "Renders at once (default: all cores).")
    Integer maxRenders;

    @Option(names = "--max-queue", paramLabel = "N", description = "Renders that may wait; past that, 503 (default: 64).")
    Integer maxQueue;

    @Option(names = "--budget-ms", paramLabel = "MS", description = "A request's time budget (default: 10000).")
    Long budgetMillis;

    @Option(names = "--max-body-mb", paramLabel = "MB", description = "The largest model upload (default: 16).")
    Long maxBodyMb;

    @Option(names = "--max-ops", paramLabel = "N", description = "The most ops a model may have (default: 1000000).")
    Integer maxOps;

    @Option(names = "--max-image", paramLabel = "PX", description = "The longest image side allowed "
            + "(default: 4096).")
    Integer maxImage;

    @Option(names = "--max-zoom", paramLabel = "Z", description = "The deepest tile level (default: 20).")
    Integer maxZoom;

    @Option(names = "--max-models", paramLabel = "N", description = "Models held at once (default: 64).")
    Integer maxModels;

    @Option(names = "--model-ttl", paramLabel = "S", description = "Seconds an uploaded model may go unused before "
            + "it is dropped (default: 3600).")
    Long modelTtl;

    @Option(names = "--tile-cache-mb", paramLabel = "MB", description = "Rendered images kept for repeat requests, "
            + "0 for none (default: 64).")
    Long tileCacheMb;

    @Option(names = "--code-mb", paramLabel = "MB", description = "Compiled code kept loaded (default: 64).")
    Long codeMb;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.AUTO,
            completionCandidates = Engines.class, converter = Engines.Converter.class,
            description = "auto: compile tile tapes that keep recurring; interp: never load LLVM; jit: compile every "
                    + "tile tape first (default: ${DEFAULT-VALUE}).")
    dev.ariel.wiring.EngineKind engine;

    @Mixin
    JitOptions jit;

    @Option(names = "--no-cache", description = "Neither read nor write the on-disk code cache.")
    boolean noCache;

    @Option(names = "--tiles", paramLabel = "SIZES", converter = Converters.TileSizesConverter.class,
            description = "Quadtree tile sizes, coarse to leaf, each dividing the one before (default: 512,128,32).")
    TileSizes tiles;

    @Option(names = "--compile-tile", paramLabel = "PX", description = "The tile size whose tapes compile "
            + "(default: 128).")
    Integer compileTile;

    @Option(names = "--grace", paramLabel = "S", description = "Seconds a stop waits for requests (default: 10).")
    Integer grace;

    @Option(names = "--allow-host", paramLabel = "NAME", split = ",", description = "Host names requests may use beside "
            + "localhost and the bound address (a request naming another host gets a 403).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--cors", paramLabel = "ORIGIN", split = ",", description = "Origins whose pages may read the "
            + "service's answers, such as https://maps.example.org, or * for any (default: none). Reads only: uploads "
            + "from another site stay refused.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Keep uploaded models in DIR by content address, "
            + "so that replicas sharing it serve any model one of them received and a restart keeps them.")
    java.nio.file.Path modelsDir;

    @Option(names = "--base-path", paramLabel = "PATH", description = "Serve under this path prefix, such as /ariel, "
            + "for a proxy that passes it on: the viewer and every link work under it.")
    String basePath = "";

    @Option(names = "--read-only", description = "Refuse uploads (403): the models are those given on the command line.")
    boolean readOnly;

    @Option(names = "--upload-token-file", paramLabel = "FILE", description = "Uploads need 'Authorization: Bearer TOKEN', "
            + "with TOKEN the file's first line (401 otherwise).")
    java.nio.file.Path uploadTokenFile;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections open at once (default: 512), "
            + "past which new ones get 503.")
    Integer maxConnections;

    @Option(names = "--max-client-connections", paramLabel = "N", description = "Connections one client address may have "
            + "open at once (default: 64).")
    Integer maxClientConnections;

    @Option(names = "--header-timeout-ms", paramLabel = "MS", description = "The most milliseconds a request's line and "
            + "headers may take (default: 10000).")
    Integer headerMillis;

    @Option(names = "--min-body-rate", paramLabel = "B/S", description = "The slowest rate, in bytes a second, an upload "
            + "may arrive at (default: 16384).")
    Integer minBodyRate;

    @Option(names = "--idle-timeout", paramLabel = "S", description = "Seconds a kept-alive connection may wait for its "
            + "next request (default: 30).")
    Integer idleSeconds;

    @Override
    public Integer call() throws IOException, ModelException, InterruptedException {
        ServeConfig c = config();
        PrintWriter err = spec.commandLine().getErr();
        ArielServer server;
        try {
            server = ArielServer.start(c, new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                    System.err.charset()));
        } catch (BindException e) {
            throw new IOException("cannot listen on " + c.bind() + ":" + c.port() + ": " + e.getMessage()
                    + " (choose another --port)");
        }
        onStopSignal(server);
        List<String> ids = server.modelIds();
        err.printf("ariel: serving %s (%d model%s; Ctrl-C or SIGTERM stops it)%n", server.uri(), ids.size(),
                ids.size() == 1 ? "" : "s");
        for (String id : ids) err.printf("ariel: model %s at %smodels/%s%n", id, server.uri(), id);
        err.flush();
        server.awaitStop();
        err.println("ariel: stopped");
        err.flush();
        return ExitCodes.OK;
    }

    ServeConfig config() { // package-private: OptionExtremesTest configures a service as `serve` does
        ServeConfig d = ServeConfig.defaults();
        ServeConfig.Clients dc = d.clients();
        // Each flag is checked here, named as the user typed it, as render and compare check theirs.
        checkAtLeast(1, "--threads", threads, "--max-renders", maxRenders, "--max-ops", maxOps, "--max-image", maxImage,
                "--max-models", maxModels, "--max-connections", maxConnections, "--max-client-connections",
                maxClientConnections, "--header-timeout-ms", headerMillis, "--min-body-rate", minBodyRate,
                "--idle-timeout", idleSeconds, "--budget-ms", budgetMillis, "--model-ttl", modelTtl, "--max-body-mb", maxBodyMb);
        checkAtLeast(0, "--max-queue", maxQueue, "--max-zoom", maxZoom, "--grace", grace, "--tile-cache-mb", tileCacheMb,
                "--code-mb", codeMb);
        try {
            TileSizes sizes = tiles != null ? tiles : d.tiles();
            int compile = compileTile != null ? compileTile : tiles == null ? d.compileTile()
                    : sizes.levelOf(128) >= 0 ? 128 : sizes.size(0);
            return d.withPort(port).withBind(bind).withModels(models)
                    .withConcurrency(or(threads, d.renderThreads()), or(maxRenders, d.maxRenders()), or(maxQueue, d.maxQueue()))
                    .withLimits(megabytes("--max-body-mb", maxBodyMb, d.maxBodyBytes()), or(maxOps, d.maxOps()),
                            or(maxImage, d.maxImageSide()), or(maxZoom, d.maxZoom()),
                            budgetMillis != null ? budgetMillis : d.budgetMillis())
                    .withMemory(or(maxModels, d.maxModels()), modelTtl != null ? modelTtl : d.modelTtlSeconds(),
                            megabytes("--tile-cache-mb", tileCacheMb, d.tileCacheBytes()),
                            megabytes("--code-mb", codeMb, d.codeBytes()))
                    .withEngine(engine, jit.compileSettings().options(), !noCache)
                    .withTiles(sizes, compile)
                    .withGraceSeconds(or(grace, d.graceSeconds()))
                    .withBasePath(basePath)
                    .withModelsDir(modelsDir == null ? null : dev.ariel.io.Invocation.current().resolve(modelsDir))
                    .withClients(dc.withAllowHosts(allowHosts).withCorsOrigins(corsOrigins).withUploads(uploads())
                            .withConnections(or(maxConnections, dc.maxConnections()), or(maxClientConnections, dc.maxPerClient()))
                            .withPace(or(headerMillis, dc.headerMillis()), or(minBodyRate, dc.minBodyBytesPerSecond()),
                                    or(idleSeconds, dc.idleSeconds())));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ServeConfig.Uploads uploads() {
        if (readOnly && uploadTokenFile != null) {
            throw new ParameterException(spec.commandLine(), "--read-only and --upload-token-file exclude each other: give one");
        }
        if (readOnly) return ServeConfig.Uploads.READ_ONLY;
        if (uploadTokenFile == null) return ServeConfig.Uploads.OPEN;
        String token;
        try {
            // The first line, so that a file written by echo (with its newline) works.
            token = java.nio.file.Files.readString(dev.ariel.io.Invocation.current().resolve(uploadTokenFile)).lines()
                    .findFirst().orElse("").strip();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), uploadTokenFile + ": cannot read the upload token ("
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")");
        }
        if (token.isEmpty()) throw new ParameterException(spec.commandLine(), uploadTokenFile + ":1: the upload token is empty");
        try {
            return ServeConfig.Uploads.withToken(token);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), uploadTokenFile + ":1: " + e.getMessage());
        }
    }

    // Pairs of a flag's name and its value (null: not given).
    private void checkAtLeast(long min, Object... flagsAndValues) {
        for (int i = 0; i < flagsAndValues.length; i += 2) {
            if (flagsAndValues[i + 1] instanceof Number n && n.longValue() < min) {
                throw new ParameterException(spec.commandLine(), flagsAndValues[i] + " must be at least " + min + ", not " + n);
            }
        }
    }

    private long megabytes(String flag, Long mb, long otherwise) {
        if (mb == null) return otherwise;
        if (mb > Long.MAX_VALUE >> 20) {
            throw new ParameterException(spec.commandLine(), flag + " must be at most " + (Long.MAX_VALUE >> 20) + ", not " + mb);
        }
        return mb << 20;
    }

    private static int or(Integer v, int otherwise) {
        return v != null ? v : otherwise;
    }

    // SIGTERM and SIGINT stop the service gracefully, and `serve` then exits 0: stopping is what
    // was asked for, not a failure. A shutdown hook alone would exit 143.
    @SuppressWarnings("removal")
    private static void onStopSignal(ArielServer server) {
        Runnable stop = () -> Thread.ofPlatform().name("ariel-stop").start(server::close);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.run());
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
    }
}
