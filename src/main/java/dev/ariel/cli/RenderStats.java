package dev.ariel.cli;

import dev.ariel.io.JsonWriter;
import dev.ariel.render.FrameStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code render --stats} prints: where a run's time went and what decided its pixels, as text
 * or as one flat JSON object. Times of intervals and evaluation are CPU time summed over the
 * render threads, per frame (the median frame); compile time is the background compiler's total.
 */
final class RenderStats {
    private final List<FrameStats> frames = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    double readMillis;
    double writeMillis;
    double compileMillis;
    long tapesCompiled;
    long tapesLoaded;
    long cacheHits;
    String codeCache = "off";
    long codeCacheRejected;

    double firstFrameMillis() {
        return frames.isEmpty() ? 0 : frames.get(0).wallNanos() / 1e6;
    }

    double medianFrameMillis() {
        return median(sorted(FrameStats::wallNanos));
    }

    void add(FrameStats f) {
        frames.add(f);
    }

    int frameCount() {
        return frames.size();
    }

    FrameStats frame(int i) {
        return frames.get(i);
    }

    /** A descriptive fact (engine, size, ...) that heads the report. */
    void fact(String key, Object value) {
        facts.put(key, value);
    }

    private double[] sorted(java.util.function.ToLongFunction<FrameStats> f) {
        double[] v = frames.stream().mapToDouble(s -> f.applyAsLong(s) / 1e6).toArray();
        Arrays.sort(v);
        return v;
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) return 0;
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private long sum(java.util.function.ToLongFunction<FrameStats> f) {
        return frames.stream().mapToLong(f).sum();
    }

    private Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>(facts);
        double[] wall = sorted(FrameStats::wallNanos);
        m.put("frames", frames.size());
        m.put("first_frame_ms", frames.isEmpty() ? 0 : frames.get(0).wallNanos() / 1e6);
        m.put("median_frame_ms", median(wall));
        m.put("min_frame_ms", wall.length == 0 ? 0 : wall[0]);
        m.put("max_frame_ms", wall.length == 0 ? 0 : wall[wall.length - 1]);
        m.put("read_ms", readMillis);
        m.put("interval_ms", median(sorted(FrameStats::intervalNanos)));
        m.put("simplify_ms", median(sorted(FrameStats::simplifyNanos)));
        m.put("eval_ms", median(sorted(FrameStats::evalNanos)));
        m.put("tier_lookup_ms", median(sorted(FrameStats::tierNanos)));
        m.put("compile_ms", compileMillis);
        m.put("compile_wait_ms", sum(FrameStats::compileWaitNanos) / 1e6);
        m.put("write_ms", writeMillis);
        m.put("tapes_compiled", tapesCompiled);
        m.put("tapes_loaded", tapesLoaded);
        m.put("cache_hits", cacheHits);
        m.put("code_cache", codeCache);
        m.put("code_cache_rejected", codeCacheRejected);
        FrameStats last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        if (last != null) {
            m.put("last_frame_tier", last.dominantTier());
            m.put("tiles_filled", last.tilesFilled());
            m.put("tiles_empty", last.tilesEmpty());
            m.put("leaves_interpreted", last.leavesInterpreted());
            m.put("leaves_compiled", last.leavesCompiled());
            m.put("pixels_interpreted", last.pixelsInterpreted());
            m.put("pixels_compiled", last.pixelsCompiled());
            m.put("interval_ops", last.intervalOps());
            m.put("op_evaluations", last.opEvaluations());
        }
        return m;
    }

    /** One JSON object on one line; a figure that is not finite is {@code null}. */
    String json() {
        JsonWriter w = JsonWriter.compact().beginObject();
        for (Map.Entry<String, Object> e : values().entrySet()) {
            w.name(e.getKey());
            switch (e.getValue()) {
                case Double d -> w.value(d.doubleValue());
                case Number n -> w.value(n.longValue());
                case null, default -> w.value(String.valueOf(e.getValue()));
            }
        }
        return w.endObject().text();
    }

    /** A few aligned lines for people. */
    String text() {
        Map<String, Object> v = values();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "frames      %d: first %.2f ms, median %.2f ms (min %.2f, max %.2f)%n",
                v.get("frames"), v.get("first_frame_ms"), v.get("median_frame_ms"), v.get("min_frame_ms"),
                v.get("max_frame_ms")));
        sb.append(String.format(Locale.ROOT,
                "time        read %.1f ms; per frame (CPU, all threads): intervals %.2f ms, simplify %.2f ms, pixels "
                        + "%.2f ms, tier-1 lookups %.2f ms; compile %.1f ms (background; waited %.1f ms); write %.1f ms%n",
                v.get("read_ms"), v.get("interval_ms"), v.get("simplify_ms"), v.get("eval_ms"), v.get("tier_lookup_ms"), v.get("compile_ms"),
                v.get("compile_wait_ms"), v.get("write_ms")));
        if (v.containsKey("tiles_filled")) {
            sb.append(String.format(Locale.ROOT,
                    "last frame  %s tiles filled and %s empty by interval; %s leaves interpreted (%s px), %s by compiled "
                            + "code (%s px); %s interval ops, %s op-pixel evaluations%n",
                    v.get("tiles_filled"), v.get("tiles_empty"), v.get("leaves_interpreted"), v.get("pixels_interpreted"),
                    v.get("leaves_compiled"), v.get("pixels_compiled"), v.get("interval_ops"), v.get("op_evaluations")));
        }
        sb.append(String.format(Locale.ROOT, "tier 1      %d tapes compiled, %d cache hits%n", v.get("tapes_compiled"),
                v.get("cache_hits")));
        return sb.toString();
    }
}
