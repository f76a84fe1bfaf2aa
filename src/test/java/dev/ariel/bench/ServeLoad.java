package dev.ariel.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load test of {@code ariel serve} (docs/serve.md): C simulated map viewers pan and zoom over
 * one model's tiles until N requests or T seconds, and the run is reported as a markdown table:
 * throughput, latency percentiles (all, and by whether the tile or its region was requested
 * before), the X-Ariel-Tier mix, the tier-1 hit rate, compile work and the server's resident memory.
 *
 * <p>Each viewer has a 1024×768 viewport and its own tile cache, as a browser has: after each move
 * it requests the tiles in view that it has not yet received, nearest the centre first, six at a
 * time (a browser's connections per host); a tile refused with 503 is asked again after its
 * Retry-After (at most 5 s), up to three tries, and then left for a later move that still shows it.
 * Moves are pans of 10–50% of the viewport, zooms of one level towards a point (z 0..10), rare
 * jumps to another point of interest and mode switches (mostly mono, some sdf, rarely debug). Viewers start, and zoom, near a few points of interest shared by
 * all of them and popular in a Zipf way, so that some regions are seen by many, as on a real map.
 * Every viewer's moves come from the seed alone; which tiles it requests also depends on which of
 * its requests got 503, and where the run stops on the timing of the others.
 *
 * <p>Usage (see scripts/loadtest, which starts the server): {@code ServeLoad --url URL --model PATH
 * [--requests N] [--clients C] [--max-seconds T] [--seed S] [--pid PID] [--csv FILE]}. With
 * {@code --pid}, the server's VmRSS is sampled once a second and its CPU time is read from /proc.
 * Exit code: 0, 1 if any response was an error (a status other than 200 or 503, a transport
 * failure, a 200 that is not a 256×256 PNG with a known tier, a 503 without Retry-After), 2 on a
 * usage error or a missing model.
 */
public final class ServeLoad {
    static final int VIEW_W = 1024, VIEW_H = 768, TILE = 256, MAX_Z = 10;
    /** Requests in flight per viewer: browsers open six connections per host. */
    static final int LANES = 6;
    /** Tries per tile and move: a refused tile (503) is asked again after its Retry-After, twice. */
    static final int ATTEMPTS = 3;
    /** The longest Retry-After a viewer honours, in seconds. */
    static final int MAX_RETRY_AFTER = 5;
    static final int POINTS_OF_INTEREST = 8;
    static final int ERRORS_SHOWN = 5;

    enum Mode {
        MONO, SDF, DEBUG;

        String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Whether a tile was requested before, by any viewer, when this request was sent. Requests that
     * were refused (503) or failed do not count: viewers ask for those tiles again, and the server
     * holds nothing of them.
     */
    enum Seen {
        /** The same z/x/y/mode. */
        TILE("seen tile (same z/x/y/mode before)"),
        /** Not the tile, but the same z/x/y in another mode, its parent or one of its 4 children. */
        REGION("seen region only (other mode, parent or child)"),
        NEW("new (none of those)");

        final String label;

        Seen(String label) {
            this.label = label;
        }
    }

    record Tile(int z, int x, int y, Mode mode) {
        /** One long per place (z/x/y, no mode): |x|, |y| stay far below 2^26 at z ≤ 10 in a clamped view. */
        long place() {
            return ((long) z << 56) | ((long) (x + (1 << 26)) << 28) | (y + (1 << 26));
        }

        long key() {
            return place() | ((long) mode.ordinal() << 60);
        }
    }

    /**
     * One response; status -1 is a transport failure. renderMs is NaN without the header, retryAfter
     * -1 (seconds). attempt counts from 1: a 503 is retried (see {@link #ATTEMPTS}).
     */
    record Sample(int seq, int client, long startNs, long latencyNs, Tile tile, int status, String tier, double renderMs,
            long pxInterval, long pxInterp, long pxJit, int bytes, Seen seen, int retryAfter, int attempt) {}

    record Options(URI url, Path model, int requests, int clients, int maxSeconds, long seed, long pid, Path csv) {
        static Options parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                String key = a.substring(2);
                if (!Set.of("url", "model", "requests", "clients", "max-seconds", "seed", "pid", "csv").contains(key)) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                m.put(key, args[++i]);
            }
            if (!m.containsKey("url")) throw new IllegalArgumentException("--url is required");
            if (!m.containsKey("model")) throw new IllegalArgumentException("--model is required");
            String url = m.get("url");
            if (!url.endsWith("/")) url += "/";
            Options o = new Options(URI.create(url), Path.of(m.get("model")), positive(m, "requests", 10_000),
                    positive(m, "clients", 32), positive(m, "max-seconds", 600), Long.parseLong(m.getOrDefault("seed", "1")),
                    Long.parseLong(m.getOrDefault("pid", "0")), m.containsKey("csv") ? Path.of(m.get("csv")) : null);
            return o;
        }

        private static int positive(Map<String, String> m, String key, int dflt) {
            int v = Integer.parseInt(m.getOrDefault(key, Integer.toString(dflt)));
            if (v <= 0) throw new IllegalArgumentException("--" + key + " must be positive");
            return v;
        }
    }

    private final Options o;
    private final HttpClient http;
    private final String base;
    private String modelId;
    private final Sample[] samples;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** Requests sent per tile key and per place, less those refused or failed (see {@link Seen}). */
    private final Map<Long, Integer> tilesRequested = new ConcurrentHashMap<>();
    private final Map<Long, Integer> placesRequested = new ConcurrentHashMap<>();
    private final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong lastEndNs = new AtomicLong();
    private final AtomicLong rssMaxKb = new AtomicLong(-1);
    private volatile long rssWarmKb = -1;
    private volatile double warmAtSeconds = Double.NaN;
    private final double[][] pointsOfInterest = new double[POINTS_OF_INTEREST][];
    private final double[] poiWeights = new double[POINTS_OF_INTEREST];
    private long t0, deadline;

    ServeLoad(Options o) {
        this.o = o;
        this.base = o.url().toString();
        this.samples = new Sample[o.requests()];
        // HTTP/1.1 as a browser talks to a plain-HTTP server; the pool keeps one connection per
        // request in flight, at most clients × LANES.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        SplittableRandom r = new SplittableRandom(o.seed());
        for (int i = 0; i < POINTS_OF_INTEREST; i++) {
            pointsOfInterest[i] = new double[] {-0.85 + 1.7 * r.nextDouble(), -0.85 + 1.7 * r.nextDouble()};
            poiWeights[i] = 1.0 / (i + 1);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ServeLoad: " + e.getMessage());
            System.err.println("usage: ServeLoad --url URL --model PATH [--requests N] [--clients C] [--max-seconds T] [--seed S] [--pid PID] [--csv FILE]");
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.model())) {
            System.err.println("ServeLoad: the model " + o.model() + " is absent");
            System.exit(2);
        }
        try {
            System.exit(new ServeLoad(o).run(System.out));
        } catch (IOException e) {
            System.err.println("ServeLoad: " + o.url() + ": " + e);
            System.exit(1);
        }
    }

    int run(PrintStream out) throws Exception {
        byte[] vm = Files.readAllBytes(o.model());
        modelId = upload(vm);
        long pid = o.pid();
        Map<String, Double> m0 = metrics();
        long rssStart = statusKb(pid, "VmRSS:");
        double cpu0 = cpuSeconds(pid), clientCpu0 = clientCpuSeconds();
        noteRss(rssStart);
        System.err.printf(Locale.ROOT, "loadtest: model %s, %d clients, up to %d requests or %d s, seed %d%n", modelId, o.clients(),
                o.requests(), o.maxSeconds(), o.seed());

        AtomicBoolean sampling = new AtomicBoolean(pid > 0);
        Thread sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (sampling.get()) {
                noteRss(statusKb(pid, "VmRSS:"));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        t0 = System.nanoTime();
        deadline = t0 + o.maxSeconds() * 1_000_000_000L;
        SplittableRandom seeds = new SplittableRandom(o.seed() ^ 0x5eedL);
        List<Thread> viewers = new ArrayList<>();
        for (int c = 0; c < o.clients(); c++) {
            Viewer v = new Viewer(c, seeds.split());
            viewers.add(Thread.ofVirtual().name("viewer-" + c).start(v::run));
        }
        boolean hung = false;
        for (Thread v : viewers) {
            long left = deadline - System.nanoTime();
            if (left > 0 && !v.join(Duration.ofNanos(left))) stop.set(true);
        }
        stop.set(true);
        // Requests in flight at the deadline time out on their own (their timeout is the time left).
        for (Thread v : viewers) {
            if (!v.join(Duration.ofSeconds(30))) hung = true;
        }
        long end = lastEndNs.get() > 0 ? lastEndNs.get() : System.nanoTime();
        long rssEnd = statusKb(pid, "VmRSS:");
        noteRss(rssEnd);
        long hwm = statusKb(pid, "VmHWM:");
        double cpu1 = cpuSeconds(pid), clientCpu1 = clientCpuSeconds();
        sampling.set(false);
        sampler.interrupt();
        Map<String, Double> m1 = metrics();

        List<Sample> done = new ArrayList<>();
        for (Sample s : samples) if (s != null) done.add(s);
        int cut = Math.min(issued.get(), o.requests()) - done.size();
        report(out, done, cut, (end - t0) / 1e9, m0, m1, rssStart, rssEnd, hwm, cpu1 - cpu0, clientCpu1 - clientCpu0);
        if (o.csv() != null) writeCsv(o.csv(), done);
        if (hung) {
            System.err.println("loadtest: some viewers were still waiting 30 s after the end");
            errors.incrementAndGet();
        }
        if (errors.get() > 0) {
            out.printf(Locale.ROOT, "%n%d errors; the first %d:%n", errors.get(), firstErrors.size());
            for (String e : firstErrors) out.println("- " + e);
            return 1;
        }
        return done.isEmpty() ? 1 : 0;
    }

    // --- The server's API

    private String upload(byte[] vm) throws IOException, InterruptedException {
        String name = o.model().getFileName().toString();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "models?name=" + name))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(vm))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IOException("POST /models answered " + r.statusCode() + ": " + r.body());
        }
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(r.body());
        if (!m.find()) throw new IOException("POST /models answered without an id: " + r.body());
        String id = m.group(1);
        String expected = contentAddress(vm);
        if (!id.equals(expected)) error("POST /models: id " + id + " is not the content address " + expected);
        return id;
    }

    static String contentAddress(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The /metrics series, keyed as written ({@code name{labels}}); empty if the server does not answer. */
    private Map<String, Double> metrics() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "metrics")).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                System.err.println("loadtest: GET /metrics answered " + r.statusCode());
                return Map.of();
            }
            return parseMetrics(r.body());
        } catch (IOException | InterruptedException e) {
            System.err.println("loadtest: GET /metrics failed: " + e);
            return Map.of();
        }
    }

    static Map<String, Double> parseMetrics(String text) {
        Map<String, Double> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int split = brace >= 0 ? line.indexOf('}', brace) + 1 : line.indexOf(' ');
            if (split <= 0) continue;
            String[] rest = line.substring(split).strip().split("\\s+");
            try {
                m.put(line.substring(0, split), Double.parseDouble(rest[0].replace("Inf", "Infinity")));
            } catch (NumberFormatException e) {
                // Not a sample line we can read; the report shows such series as absent.
            }
        }
        return m;
    }

    /**
     * The sum of a metric's series whose labels contain {@code labels} (e.g. {@code tier="jit"}): 0 if
     * the metric has no such series yet (counters appear with their first count), NaN if it has none at all.
     */
    static double metric(Map<String, Double> m, String name, String labels) {
        double sum = 0;
        boolean any = false;
        for (var e : m.entrySet()) {
            String k = e.getKey();
            int brace = k.indexOf('{');
            String n = brace >= 0 ? k.substring(0, brace) : k;
            if (!n.equals(name)) continue;
            any = true;
            if (labels.isEmpty() || k.contains(labels)) sum += e.getValue();
        }
        return any ? sum : Double.NaN;
    }

    private Sample fetch(int client, Tile t, int attempt) throws InterruptedException {
        if (stop.get()) return null;
        int seq = issued.getAndIncrement();
        if (seq >= o.requests()) {
            stop.set(true);
            return null;
        }
        Seen seen = classify(t);
        String uri = base + "models/" + modelId + "/tiles/" + t.z() + "/" + t.x() + "/" + t.y() + ".png"
                + (t.mode() == Mode.MONO ? "" : "?mode=" + t.mode().param());
        long start = System.nanoTime();
        long left = deadline - start;
        if (left <= 0) {
            stop.set(true);
            return null;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofNanos(left)).build();
        Sample s;
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            long latency = System.nanoTime() - start;
            var h = r.headers();
            String tier = h.firstValue("X-Ariel-Tier").orElse("");
            double renderMs = h.firstValue("X-Ariel-Render-Ms").map(ServeLoad::parseDouble).orElse(Double.NaN);
            long[] px = pixels(h.firstValue("X-Ariel-Pixels").orElse(""));
            int retryAfter = (int) h.firstValue("Retry-After").map(ServeLoad::parseDouble).orElse(-1.0).doubleValue();
            s = new Sample(seq, client, start - t0, latency, t, r.statusCode(), tier, renderMs, px[0], px[1], px[2],
                    r.body().length, seen, retryAfter, attempt);
            check(s, uri, r);
        } catch (HttpTimeoutException e) {
            // Cut by the run's time bound, not slow on the server's part: not a sample.
            if (System.nanoTime() - deadline >= 0) return null;
            s = new Sample(seq, client, start - t0, System.nanoTime() - start, t, -1, "", Double.NaN, 0, 0, 0, 0, seen, -1, attempt);
            error("GET " + uri + ": " + e);
        } catch (IOException e) {
            s = new Sample(seq, client, start - t0, System.nanoTime() - start, t, -1, "", Double.NaN, 0, 0, 0, 0, seen, -1, attempt);
            error("GET " + uri + ": " + e);
        }
        if (s.status() != 200) forget(t);
        samples[seq] = s;
        lastEndNs.accumulateAndGet(System.nanoTime(), Math::max);
        int n = completed.incrementAndGet();
        int warmUp = Math.max(1, o.requests() / 10);
        if (n == warmUp) {
            long rss = statusKb(o.pid(), "VmRSS:");
            noteRss(rss);
            rssWarmKb = rss;
            warmAtSeconds = (System.nanoTime() - t0) / 1e9;
        }
        if (n % warmUp == 0) {
            System.err.printf(Locale.ROOT, "loadtest: %d requests, %.1f s%s%n", n, (System.nanoTime() - t0) / 1e9,
                    o.pid() > 0 ? String.format(Locale.ROOT, ", RSS %.0f MB", statusKb(o.pid(), "VmRSS:") / 1024.0) : "");
        }
        return s;
    }

    private Seen classify(Tile t) {
        // Counted when the request is sent, so a tile whose first request is still in flight counts as seen.
        boolean tileSeen = tilesRequested.merge(t.key(), 1, Integer::sum) > 1;
        boolean placeSeen = placesRequested.merge(t.place(), 1, Integer::sum) > 1;
        if (tileSeen) return Seen.TILE;
        if (placeSeen || requested(new Tile(t.z() - 1, Math.floorDiv(t.x(), 2), Math.floorDiv(t.y(), 2), t.mode()))) {
            return Seen.REGION;
        }
        for (int i = 0; i < 4; i++) {
            if (requested(new Tile(t.z() + 1, 2 * t.x() + (i & 1), 2 * t.y() + (i >> 1), t.mode()))) return Seen.REGION;
        }
        return Seen.NEW;
    }

    private boolean requested(Tile place) {
        return place.z() >= 0 && place.z() <= MAX_Z && placesRequested.getOrDefault(place.place(), 0) > 0;
    }

    private void forget(Tile t) {
        tilesRequested.merge(t.key(), -1, Integer::sum);
        placesRequested.merge(t.place(), -1, Integer::sum);
    }

    private void check(Sample s, String uri, HttpResponse<byte[]> r) {
        int status = s.status();
        if (status == 200) {
            String problem = null;
            byte[] b = r.body();
            if (!Set.of("cache", "interval", "interp", "jit").contains(s.tier())) problem = "X-Ariel-Tier is '" + s.tier() + "'";
            else if (!isPng(b, TILE, TILE)) problem = "the body is not a 256x256 PNG (" + b.length + " bytes)";
            if (problem != null) error("GET " + uri + ": 200 but " + problem);
        } else if (status == 503) {
            if (r.headers().firstValue("Retry-After").isEmpty()) error("GET " + uri + ": 503 without Retry-After");
        } else {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            if (body.length() > 300) body = body.substring(0, 300) + "...";
            error("GET " + uri + ": " + status + " " + body.strip());
        }
    }

    static boolean isPng(byte[] b, int w, int h) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (b.length < 24 || !Arrays.equals(b, 0, 8, magic, 0, 8)) return false;
        // The first chunk is IHDR: width and height, big-endian, at bytes 16 and 20.
        return readInt(b, 16) == w && readInt(b, 20) == h;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static long[] pixels(String header) {
        long[] px = new long[3];
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) continue;
            int i = switch (kv[0]) {
                case "interval" -> 0;
                case "interp" -> 1;
                case "jit" -> 2;
                default -> -1;
            };
            if (i >= 0) px[i] = (long) parseDouble(kv[1]);
        }
        return px;
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void error(String message) {
        errors.incrementAndGet();
        if (firstErrors.size() < ERRORS_SHOWN) firstErrors.add(message);
    }

    // --- The viewers

    private double[] pickPointOfInterest(SplittableRandom r) {
        double total = 0;
        for (double w : poiWeights) total += w;
        double u = r.nextDouble() * total;
        for (int i = 0; i < POINTS_OF_INTEREST; i++) {
            u -= poiWeights[i];
            if (u < 0) return pointsOfInterest[i];
        }
        return pointsOfInterest[POINTS_OF_INTEREST - 1];
    }

    final class Viewer {
        final int id;
        final SplittableRandom r;
        /** The tiles this viewer received, as a browser's cache holds them; a 503 is asked again when next in view. */
        final Set<Tile> received = ConcurrentHashMap.newKeySet();
        double cx, cy;
        int z;
        Mode mode = Mode.MONO;
        double[] home;

        Viewer(int id, SplittableRandom r) {
            this.id = id;
            this.r = r;
        }

        void run() {
            jump(3);
            try {
                while (!stop.get()) {
                    List<Tile> need = new ArrayList<>();
                    for (Tile t : visible()) if (!received.contains(t)) need.add(t);
                    if (!need.isEmpty()) fetchAll(need);
                    move();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** World units per screen pixel at this zoom: a 256-px tile spans 2^(1−z). */
        double unit() {
            return Math.scalb(2.0, -z) / TILE;
        }

        List<Tile> visible() {
            double e = Math.scalb(2.0, -z), u = unit();
            double left = cx - VIEW_W / 2.0 * u, right = cx + VIEW_W / 2.0 * u;
            double top = cy + VIEW_H / 2.0 * u, bottom = cy - VIEW_H / 2.0 * u;
            int x0 = (int) Math.floor((left + 1) / e), x1 = (int) Math.ceil((right + 1) / e) - 1;
            int y0 = (int) Math.floor((1 - top) / e), y1 = (int) Math.ceil((1 - bottom) / e) - 1;
            List<Tile> tiles = new ArrayList<>();
            for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) tiles.add(new Tile(z, x, y, mode));
            // Map viewers load the centre first.
            tiles.sort((a, b) -> Double.compare(centreDistance(a, e), centreDistance(b, e)));
            return tiles;
        }

        private double centreDistance(Tile t, double e) {
            return Math.hypot(-1 + (t.x() + 0.5) * e - cx, 1 - (t.y() + 0.5) * e - cy);
        }

        void fetchAll(List<Tile> need) throws InterruptedException {
            Queue<Tile> queue = new ConcurrentLinkedQueue<>(need);
            Thread[] lanes = new Thread[Math.min(LANES, need.size())];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = Thread.ofVirtual().start(() -> {
                    try {
                        for (Tile t; (t = queue.poll()) != null; ) {
                            for (int attempt = 1; ; attempt++) {
                                Sample s = fetch(id, t, attempt);
                                if (s == null) return;
                                if (s.status() == 200) received.add(t);
                                if (s.status() != 503 || attempt == ATTEMPTS) break;
                                // As a polite viewer does: asking again at once would only feed the queue that refused it.
                                long pause = Math.clamp(s.retryAfter(), 1, MAX_RETRY_AFTER) * 1_000_000_000L;
                                Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(pause, deadline - System.nanoTime()))));
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (Thread lane : lanes) lane.join();
        }

        void move() {
            // Few switch away from mono, and those who do come back soon: some 85% of moves are in mono.
            if (r.nextDouble() < (mode == Mode.MONO ? 0.04 : 0.25)) {
                double u = r.nextDouble();
                mode = mode != Mode.MONO && u < 0.9 ? Mode.MONO : u < 0.85 || mode == Mode.DEBUG ? Mode.SDF : Mode.DEBUG;
                return;
            }
            double u = r.nextDouble();
            // More zooms in than out, so that viewers reach the deep levels where pruning and tier 1 matter.
            if (u < 0.03) jump(4);
            else if (u < 0.50) pan();
            else if (u < 0.80) zoom(z < MAX_Z ? 1 : -1);
            else zoom(z > 0 ? -1 : 1);
            cx = Math.clamp(cx, -1.25, 1.25);
            cy = Math.clamp(cy, -1.25, 1.25);
        }

        /** To a point of interest, as when following a shared link, at a zoom below {@code zooms}. */
        void jump(int zooms) {
            home = pickPointOfInterest(r);
            z = r.nextInt(zooms);
            cx = home[0] + (r.nextDouble() - 0.5) * 0.4 * VIEW_W * unit();
            cy = home[1] + (r.nextDouble() - 0.5) * 0.4 * VIEW_H * unit();
        }

        boolean homeInView() {
            double u = unit();
            return Math.abs(home[0] - cx) < VIEW_W / 2.0 * u && Math.abs(home[1] - cy) < VIEW_H / 2.0 * u;
        }

        void pan() {
            double angle = !homeInView() && r.nextDouble() < 0.5 ? Math.atan2(home[1] - cy, home[0] - cx) : r.nextDouble() * 2 * Math.PI;
            double f = 0.1 + 0.4 * r.nextDouble(), u = unit();
            cx += Math.cos(angle) * f * VIEW_W * u;
            cy += Math.sin(angle) * f * VIEW_H * u;
        }

        /** One level in (+1) or out (−1), keeping a point of the view in place as a scroll wheel does. */
        void zoom(int dz) {
            double u = unit(), px, py;
            if (dz > 0 && homeInView() && r.nextDouble() < 0.6) {
                // Towards the point of interest, give or take a quarter of the view: deeper views of
                // it converge, so viewers share tiles there.
                px = home[0] + (r.nextDouble() - 0.5) * 0.25 * VIEW_W * u;
                py = home[1] + (r.nextDouble() - 0.5) * 0.25 * VIEW_H * u;
            } else {
                px = cx + (r.nextDouble() - 0.5) * VIEW_W * u;
                py = cy + (r.nextDouble() - 0.5) * VIEW_H * u;
            }
            double k = dz > 0 ? 0.5 : 2;
            cx = px + (cx - px) * k;
            cy = py + (cy - py) * k;
            z += dz;
        }
    }

    // --- The server's process

    private void noteRss(long kb) {
        if (kb > 0) rssMaxKb.accumulateAndGet(kb, Math::max);
    }

    /** A field of /proc/PID/status in KB, or -1 without a pid or once the process is gone. */
    static long statusKb(long pid, String field) {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]);
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // Gone, or not ours to read: reported as absent.
        }
        return -1;
    }

    /** User plus system CPU seconds of a process, from /proc/PID/stat; NaN if unknown. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) return Double.NaN;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name may hold spaces; the fields after it start with the state (field 3).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15, in clock ticks: USER_HZ is 100 on x86-64 and aarch64 Linux.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double clientCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    // --- The report

    private void report(PrintStream out, List<Sample> done, int cut, double seconds, Map<String, Double> m0, Map<String, Double> m1,
            long rssStart, long rssEnd, long hwm, double serverCpu, double clientCpu) {
        int n = done.size();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Sample s : done) statuses.merge(s.status() == 200 || s.status() == 503 ? Integer.toString(s.status()) : "other", 1, Integer::sum);
        Map<Mode, Integer> modes = new EnumMap<>(Mode.class);
        Map<Integer, Integer> zooms = new TreeMap<>();
        for (Sample s : done) {
            modes.merge(s.tile().mode(), 1, Integer::sum);
            zooms.merge(s.tile().z(), 1, Integer::sum);
        }

        out.printf(Locale.ROOT, "## ariel serve load test: %s, %d clients, seed %d%n%n", o.model().getFileName(), o.clients(), o.seed());
        out.println("| run | value |");
        out.println("|---|---|");
        row(out, "requests", n + (cut > 0 ? " (+" + cut + " cut by the time bound)" : "") + " of " + o.requests());
        row(out, "seconds", f1(seconds) + (seconds >= o.maxSeconds() ? " (the time bound)" : ""));
        row(out, "throughput", f1(n / seconds) + " req/s");
        row(out, "status 200 / 503 / other", statuses.getOrDefault("200", 0) + " / " + statuses.getOrDefault("503", 0) + " / "
                + statuses.getOrDefault("other", 0));
        long retried = done.stream().filter(s -> s.attempt() > 1).count();
        long givenUp = done.stream().filter(s -> s.status() == 503 && s.attempt() == ATTEMPTS).count();
        row(out, "503s retried after Retry-After / tiles refused " + ATTEMPTS + " times", retried + " / " + givenUp);
        row(out, "tiles by mode", String.format(Locale.ROOT, "mono %d, sdf %d, debug %d", modes.getOrDefault(Mode.MONO, 0),
                modes.getOrDefault(Mode.SDF, 0), modes.getOrDefault(Mode.DEBUG, 0)));
        StringBuilder zs = new StringBuilder();
        zooms.forEach((z, c) -> zs.append(zs.isEmpty() ? "" : ", ").append("z").append(z).append(" ").append(c));
        row(out, "tiles by zoom", zs.toString());
        long bytes = done.stream().mapToLong(Sample::bytes).sum();
        row(out, "bytes received", String.format(Locale.ROOT, "%.1f MB (%.1f KB a tile)", bytes / 1e6, n == 0 ? 0 : bytes / 1e3 / n));
        row(out, "CPU seconds: server / this client", f1(serverCpu) + " / " + f1(clientCpu));

        out.printf("%n| latency (ms) | requests | p50 | p90 | p99 | max |%n|---|---:|---:|---:|---:|---:|%n");
        latencyRow(out, "all", done, s -> true);
        for (Seen seen : Seen.values()) latencyRow(out, seen.label, done, s -> s.seen() == seen);
        latencyRow(out, "not seen (region only + new)", done, s -> s.seen() != Seen.TILE);
        latencyRow(out, "status 200", done, s -> s.status() == 200);
        latencyRow(out, "status 503", done, s -> s.status() == 503);
        for (String tier : List.of("cache", "interval", "interp", "jit")) {
            latencyRow(out, "tier " + tier, done, s -> s.status() == 200 && s.tier().equals(tier));
        }

        out.printf("%n| X-Ariel-Tier (200s) | tiles | share | render ms p50 | p99 | max |%n|---|---:|---:|---:|---:|---:|%n");
        long ok = done.stream().filter(s -> s.status() == 200).count();
        for (String tier : List.of("cache", "interval", "interp", "jit")) {
            double[] ms = done.stream().filter(s -> s.status() == 200 && s.tier().equals(tier)).mapToDouble(Sample::renderMs)
                    .filter(d -> !Double.isNaN(d)).sorted().toArray();
            long count = done.stream().filter(s -> s.status() == 200 && s.tier().equals(tier)).count();
            out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", tier, count, pct(count, ok), f1(pctl(ms, 0.5)),
                    f1(pctl(ms, 0.99)), f1(ms.length == 0 ? Double.NaN : ms[ms.length - 1]));
        }

        long rendered = done.stream().filter(s -> s.status() == 200 && !s.tier().equals("cache")).count();
        long jitTiles = done.stream().filter(s -> s.status() == 200 && s.tier().equals("jit")).count();
        double pxInterval = delta(m0, m1, "ariel_pixels_total", "tier=\"interval\"");
        double pxInterp = delta(m0, m1, "ariel_pixels_total", "tier=\"interp\"");
        double pxJit = delta(m0, m1, "ariel_pixels_total", "tier=\"jit\"");
        long hInterval = done.stream().mapToLong(Sample::pxInterval).sum();
        long hInterp = done.stream().mapToLong(Sample::pxInterp).sum();
        long hJit = done.stream().mapToLong(Sample::pxJit).sum();
        double rInterval = delta(m0, m1, "ariel_renders_total", "tier=\"interval\"");
        double rInterp = delta(m0, m1, "ariel_renders_total", "tier=\"interp\"");
        double rJit = delta(m0, m1, "ariel_renders_total", "tier=\"jit\"");
        double rCache = delta(m0, m1, "ariel_renders_total", "tier=\"cache\"");
        out.printf("%n| tier 1 (compiled code) | value |%n|---|---|%n");
        row(out, "tiles rendered partly by jit / tiles rendered, /metrics Δ",
                String.format(Locale.ROOT, "%.0f / %.0f = %s", rJit, rInterval + rInterp + rJit, pct(rJit, rInterval + rInterp + rJit)));
        // A request that waited for another's render of the same tile gets that render's headers,
        // so the headers count such a tile once per request, /metrics once per render.
        row(out, "responses with X-Ariel-Tier jit / responses not from cache", jitTiles + " / " + rendered + " = " + pct(jitTiles, rendered)
                + (Double.isNaN(rInterval) ? "" : String.format(Locale.ROOT, " (%.0f of them shared another request's render)",
                        rendered - (rInterval + rInterp + rJit))));
        row(out, "pixels by jit / pixels evaluated (interp + jit), /metrics Δ",
                String.format(Locale.ROOT, "%.0f / %.0f = %s", pxJit, pxInterp + pxJit, pct(pxJit, pxInterp + pxJit)));
        row(out, "pixels by jit / all pixels rendered (interval + interp + jit), /metrics Δ",
                pct(pxJit, pxInterval + pxInterp + pxJit));
        row(out, "pixels interval / interp / jit, /metrics Δ", String.format(Locale.ROOT, "%.0f / %.0f / %.0f", pxInterval, pxInterp, pxJit));
        row(out, "the same from X-Ariel-Pixels", hInterval + " / " + hInterp + " / " + hJit);
        row(out, "tapes compiled, Δ", f0(delta(m0, m1, "ariel_tapes_compiled_total", "")));
        row(out, "compile seconds, Δ", f1(delta(m0, m1, "ariel_compile_seconds_total", "")));
        row(out, "tapes loaded, Δ", f0(delta(m0, m1, "ariel_tapes_loaded_total", "")));
        row(out, "renders by tier, /metrics Δ", String.format(Locale.ROOT, "cache %s, interval %s, interp %s, jit %s", f0(rCache),
                f0(rInterval), f0(rInterp), f0(rJit)));

        out.printf("%n| server memory | value |%n|---|---|%n");
        if (o.pid() > 0) {
            row(out, "RSS at start", mb(rssStart));
            row(out, "RSS after warm-up (" + Math.max(1, o.requests() / 10) + " requests, " + f1(warmAtSeconds) + " s)", mb(rssWarmKb));
            row(out, "RSS max (sampled once a second)", mb(rssMaxKb.get()));
            // The kernel updates VmHWM lazily: it may read a little below the sampled maximum.
            row(out, "RSS peak (VmHWM)", mb(hwm));
            row(out, "RSS at end", mb(rssEnd));
            row(out, "growth after warm-up", rssWarmKb > 0 && rssEnd > 0 ? String.format(Locale.ROOT, "%+.1f MB", (rssEnd - rssWarmKb) / 1024.0) : "n/a");
        }
        row(out, "process_resident_memory_bytes, start → end", mbBytes(metric(m0, "process_resident_memory_bytes", "")) + " → "
                + mbBytes(metric(m1, "process_resident_memory_bytes", "")));
        row(out, "jvm_heap_used_bytes, start → end", mbBytes(metric(m0, "jvm_heap_used_bytes", "")) + " → "
                + mbBytes(metric(m1, "jvm_heap_used_bytes", "")));
        row(out, "tile cache at end: entries, MB; evictions Δ", f0(metric(m1, "ariel_tile_cache_entries", "")) + ", "
                + mbBytes(metric(m1, "ariel_tile_cache_bytes", "")) + "; " + f0(delta(m0, m1, "ariel_tile_cache_evictions_total", "")));
        row(out, "code cache at end: entries, MB; evictions Δ", f0(metric(m1, "ariel_code_cache_entries", "")) + ", "
                + mbBytes(metric(m1, "ariel_code_cache_bytes", "")) + "; " + f0(delta(m0, m1, "ariel_code_evictions_total", "")));
        StringBuilder rejected = new StringBuilder();
        for (String k : m1.keySet()) {
            Matcher reason = Pattern.compile("^ariel_rejected_total\\{.*reason=\"([^\"]*)\"").matcher(k);
            if (reason.find()) {
                rejected.append(rejected.isEmpty() ? "" : ", ").append(reason.group(1)).append(' ')
                        .append(f0(delta(m0, m1, "ariel_rejected_total", "reason=\"" + reason.group(1) + "\"")));
            }
        }
        row(out, "rejected by reason, Δ", rejected.isEmpty() ? "n/a" : rejected.toString());
    }

    private static void row(PrintStream out, String name, String value) {
        out.println("| " + name + " | " + value + " |");
    }

    private static void latencyRow(PrintStream out, String name, List<Sample> done, Predicate<Sample> which) {
        long[] ns = done.stream().filter(which).mapToLong(Sample::latencyNs).sorted().toArray();
        if (ns.length == 0) {
            out.printf("| %s | 0 | | | | |%n", name);
            return;
        }
        out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, ns.length, pctl(ns, 0.5) / 1e6, pctl(ns, 0.9) / 1e6,
                pctl(ns, 0.99) / 1e6, ns[ns.length - 1] / 1e6);
    }

    /** Nearest rank: the smallest value with at least a fraction p of the values at or below it. */
    static long pctl(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double pctl(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double delta(Map<String, Double> m0, Map<String, Double> m1, String name, String labels) {
        double a = metric(m0, name, labels), b = metric(m1, name, labels);
        // A series that first appears during the run started at zero.
        return Double.isNaN(b) ? Double.NaN : b - (Double.isNaN(a) ? 0 : a);
    }

    private static String pct(double part, double whole) {
        return whole > 0 && !Double.isNaN(part) ? String.format(Locale.ROOT, "%.1f%%", 100 * part / whole) : "n/a";
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String mb(long kb) {
        return kb > 0 ? String.format(Locale.ROOT, "%.1f MB", kb / 1024.0) : "n/a";
    }

    private static String mbBytes(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private void writeCsv(Path file, List<Sample> done) throws IOException {
        StringBuilder b = new StringBuilder("seq,client,start_ns,latency_ns,z,x,y,mode,status,tier,render_ms,px_interval,px_interp,px_jit,bytes,seen,retry_after,attempt\n");
        for (Sample s : done) {
            b.append(s.seq()).append(',').append(s.client()).append(',').append(s.startNs()).append(',').append(s.latencyNs()).append(',')
                    .append(s.tile().z()).append(',').append(s.tile().x()).append(',').append(s.tile().y()).append(',')
                    .append(s.tile().mode().param()).append(',').append(s.status()).append(',').append(s.tier()).append(',')
                    .append(Double.isNaN(s.renderMs()) ? "" : s.renderMs()).append(',').append(s.pxInterval()).append(',')
                    .append(s.pxInterp()).append(',').append(s.pxJit()).append(',').append(s.bytes()).append(',')
                    .append(s.seen().name().toLowerCase(Locale.ROOT)).append(',').append(s.retryAfter()).append(',')
                    .append(s.attempt()).append('\n');
        }
        Files.writeString(file, b);
        System.err.println("loadtest: wrote " + done.size() + " rows to " + file);
    }
}
