package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.bench.Soak;
import dev.ariel.testing.ChildJvm;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CI version of {@code scripts/soak}: 100 different random models (100 to 400 ops) compiled
 * through both JIT paths, rendered, checked against the interpreter and unloaded, in a child JVM
 * with a fixed, pre-touched heap (so that its resident memory is not the test run's, and growth is
 * native). About 15 s alone on the 2-core dev machine.
 *
 * <p>Bounds, measured from model 20 (after warm-up) to the end:
 * <ul>
 *   <li>Live native memory (glibc's count of bytes malloc has handed out and not had back, after a
 *       GC has let JavaCPP free unreachable pointers) grows by less than {@link #MAX_MALLOC_GROWTH_KB}.
 *       It stays flat (it went down, by 5 to 45 MB, in every run measured: warm-up allocations
 *       are freed): an LLVM context, module or linked object leaked per model would add some 0.3
 *       to 1 MB each, 25 to 80 MB over 80 models, and fail this.
 *   <li>VmRSS grows by less than {@link #MAX_RSS_GROWTH_KB} with malloc's thresholds fixed by
 *       {@link NativeHeap} (measured: 1.5 to 16 MB), and by less than
 *       {@link #MAX_RSS_GROWTH_UNTUNED_KB} where they are not (another C library, or the user set
 *       glibc's variables; measured: 55 to 75 MB, as each malloc arena grows to the largest
 *       compile it has served). Generous: they catch a gross leak, such as compiled code never
 *       unmapped, without flaking.
 * </ul>
 * And every image equals the interpreter's, and no kernel stays loaded after each model.
 */
class JitSoakTest {
    private static final int MODELS = 100;
    private static final long MAX_MALLOC_GROWTH_KB = 24 << 10;
    private static final long MAX_RSS_GROWTH_KB = 64 << 10;
    private static final long MAX_RSS_GROWTH_UNTUNED_KB = 192 << 10;

    @Test
    void aHundredModelsCompileRenderAndUnloadWithBoundedMemory() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-XX:+UseSerialGC", "-Xss8m", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"),
                Soak.class.getName(), List.of(String.valueOf(MODELS), "20", "400"), Duration.ofMinutes(5));
        assertTrue(r.succeeded(), r::describe);
        List<String> lines = r.linesStartingWith("soak-result: ");
        assertEquals(1, lines.size(), r::describe);
        System.out.println("[ariel-tests] JitSoakTest " + lines.get(0));
        Map<String, String> v = new HashMap<>();
        for (String kv : lines.get(0).substring("soak-result: ".length()).split(" ")) {
            String[] p = kv.split("=", 2);
            v.put(p[0], p[1]);
        }
        assertEquals(MODELS, Integer.parseInt(v.get("models")));
        assertEquals(0, Integer.parseInt(v.get("mismatches")), r::describe);
        assertEquals(0, Long.parseLong(v.get("loaded-at-end")), r::describe);
        long malloc = Long.parseLong(v.get("malloc-end")) - Long.parseLong(v.get("malloc-warm"));
        long rss = Long.parseLong(v.get("rss-end")) - Long.parseLong(v.get("rss-warm"));
        if (Long.parseLong(v.get("malloc-warm")) >= 0) {
            assertTrue(malloc < MAX_MALLOC_GROWTH_KB, () -> "live native memory grew by " + malloc + " KB after warm-up, over "
                    + MAX_MALLOC_GROWTH_KB + " KB:\n" + r.output());
        }
        long bound = Boolean.parseBoolean(v.get("malloc-tuned")) ? MAX_RSS_GROWTH_KB : MAX_RSS_GROWTH_UNTUNED_KB;
        assertTrue(rss < bound, () -> "VmRSS grew by " + rss + " KB after warm-up, over " + bound + " KB:\n" + r.output());
    }
}
