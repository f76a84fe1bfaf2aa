package dev.ariel.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The service's counters and latency histograms, written in the Prometheus text format
 * (version 0.0.4). Counting is lock-free; writing reads each counter once. Thread-safe.
 */
final class ServiceMetrics {
    // Latency buckets in seconds: tiles take milliseconds, big renders seconds.
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(long nanos) {
            double s = nanos / 1e9;
            int i = 0;
            while (i < BUCKETS.length && s > BUCKETS[i]) i++;
            counts[i].increment();
            sumNanos.add(nanos);
        }
    }

    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> latency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> renders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> pixels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder renderTimeouts = new LongAdder();
    private final LongAdder renderFailures = new LongAdder();
    private final LongAdder modelsExpired = new LongAdder();

    /** Counts a finished request of {@code route} that answered {@code status} after {@code nanos}. */
    void request(String route, int status, long nanos) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram()).observe(nanos);
    }

    /** Counts an image answered by {@code r}'s tier ({@code cache} when it came from the tile cache). */
    void rendered(Rendered r, boolean fromCache) {
        renders.computeIfAbsent(fromCache ? "cache" : r.tier(), k -> new LongAdder()).increment();
        if (!fromCache) {
            pixels.computeIfAbsent("interval", k -> new LongAdder()).add(r.intervalPixels());
            pixels.computeIfAbsent("interp", k -> new LongAdder()).add(r.interpPixels());
            pixels.computeIfAbsent("jit", k -> new LongAdder()).add(r.jitPixels());
        }
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void renderTimedOut() {
        renderTimeouts.increment();
    }

    void renderFailed() {
        renderFailures.increment();
    }

    void modelsExpired(int n) {
        modelsExpired.add(n);
    }

    /** The live values the service owns, read when metrics are written. */
    record Gauges(long tapesCompiled, long tapesLoaded, double compileSeconds, long codeEntries, long codeBytes,
            long codeEvictions, long tileEntries, long tileBytes, long tileEvictions, long models, long queueDepth,
            long running) {}

    /** The metrics in Prometheus text format. */
    String text(Gauges g) {
        StringBuilder sb = new StringBuilder(4096);
        family(sb, "ariel_requests_total", "counter", "HTTP requests answered, by route and status.", out -> {
            Map<String, Long> sorted = new TreeMap<>();
            requests.forEach((k, v) -> sorted.put(k, v.sum()));
            sorted.forEach((k, v) -> {
                String[] parts = k.split("\u0000");
                out.append("ariel_requests_total{route=\"").append(parts[0]).append("\",status=\"").append(parts[1])
                        .append("\"} ").append(v).append('\n');
            });
        });
        family(sb, "ariel_request_seconds", "histogram", "Time from request to response, by route.", out -> {
            new TreeMap<>(latency).forEach((route, h) -> {
                long cumulative = 0;
                for (int i = 0; i <= BUCKETS.length; i++) {
                    cumulative += h.counts[i].sum();
                    String le = i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf";
                    out.append("ariel_request_seconds_bucket{route=\"").append(route).append("\",le=\"").append(le)
                            .append("\"} ").append(cumulative).append('\n');
                }
                out.append("ariel_request_seconds_sum{route=\"").append(route).append("\"} ")
                        .append(number(h.sumNanos.sum() / 1e9)).append('\n');
                out.append("ariel_request_seconds_count{route=\"").append(route).append("\"} ").append(cumulative).append('\n');
            });
        });
        labelled(sb, "ariel_renders_total", "Images answered, by the tier that made them (cache: the tile cache).", "tier",
                renders);
        labelled(sb, "ariel_pixels_total", "Pixels rendered, by the tier that decided them.", "tier", pixels);
        labelled(sb, "ariel_rejected_total", "Requests turned away with 503, by reason.", "reason", rejected);
        single(sb, "ariel_render_timeouts_total", "counter", "Renders stopped at the time budget (422).", renderTimeouts.sum());
        single(sb, "ariel_render_failures_total", "counter", "Renders that failed with an internal error (500).",
                renderFailures.sum());
        single(sb, "ariel_compile_seconds_total", "counter", "Compile threads' time spent compiling tile tapes.",
                g.compileSeconds());
        single(sb, "ariel_tapes_compiled_total", "counter", "Tile tapes compiled by LLVM.", g.tapesCompiled());
        single(sb, "ariel_tapes_loaded_total", "counter", "Tile tapes linked from the on-disk code cache.", g.tapesLoaded());
        single(sb, "ariel_code_cache_entries", "gauge", "Compiled functions loaded.", g.codeEntries());
        single(sb, "ariel_code_cache_bytes", "gauge", "Object code loaded, in bytes.", g.codeBytes());
        single(sb, "ariel_code_evictions_total", "counter", "Compiled functions unloaded to stay in bounds.",
                g.codeEvictions());
        single(sb, "ariel_tile_cache_entries", "gauge", "Encoded images kept for repeat requests.", g.tileEntries());
        single(sb, "ariel_tile_cache_bytes", "gauge", "Bytes of encoded images kept.", g.tileBytes());
        single(sb, "ariel_tile_cache_evictions_total", "counter", "Encoded images dropped to stay in bounds.",
                g.tileEvictions());
        single(sb, "ariel_models", "gauge", "Models held.", g.models());
        single(sb, "ariel_models_expired_total", "counter", "Uploaded models dropped after going unused.",
                modelsExpired.sum());
        single(sb, "ariel_queue_depth", "gauge", "Renders waiting for a slot.", g.queueDepth());
        single(sb, "ariel_renders_running", "gauge", "Renders running.", g.running());
        single(sb, "process_resident_memory_bytes", "gauge", "Resident memory of the process.", residentBytes());
        Runtime rt = Runtime.getRuntime();
        single(sb, "jvm_heap_used_bytes", "gauge", "Java heap in use.", rt.totalMemory() - rt.freeMemory());
        single(sb, "jvm_heap_committed_bytes", "gauge", "Java heap committed.", rt.totalMemory());
        return sb.toString();
    }

    /** The process's resident set from /proc, or -1 where there is none. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the gauge says so
        }
        return -1;
    }

    private static void family(StringBuilder sb, String name, String type, String help, Consumer<StringBuilder> body) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        body.accept(sb);
    }

    private static void labelled(StringBuilder sb, String name, String help, String label, Map<String, LongAdder> values) {
        family(sb, name, "counter", help, out -> new TreeMap<>(values).forEach((k, v) ->
                out.append(name).append('{').append(label).append("=\"").append(k).append("\"} ").append(v.sum()).append('\n')));
    }

    private static void single(StringBuilder sb, String name, String type, String help, double value) {
        family(sb, name, type, help, out -> out.append(name).append(' ').append(number(value)).append('\n'));
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
    }
}
