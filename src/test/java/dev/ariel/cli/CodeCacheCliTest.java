package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-code cache as a user meets it: separate processes, {@code XDG_CACHE_HOME},
 * {@code --stats}, {@code --no-cache} and {@code ariel cache info|clear}.
 */
class CodeCacheCliTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRenderCompilesNothingAndADamagedCacheIsRecompiled() throws Exception {
        String[] render = {"render", "models/dense.vm", "-s", "256", "--engine", "jit", "-q", "--stats=json"};
        Map<String, String> first = stats(run(tmp.resolve("a.png"), render));
        assertTrue(Long.parseLong(first.get("tapes_compiled")) > 0, first.toString());
        assertEquals("0", first.get("tapes_loaded"));
        assertEquals(tmp.resolve("xdg/ariel/code").toString(), first.get("code_cache"));

        Map<String, String> second = stats(run(tmp.resolve("b.png"), render));
        assertEquals("0", second.get("tapes_compiled"), "the second run compiles nothing: " + second);
        assertEquals(first.get("tapes_compiled"), second.get("tapes_loaded"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.png")), Files.readAllBytes(tmp.resolve("b.png")));

        // Brute force caches its one kernel too.
        String[] brute = {"render", "models/circle.vm", "-s", "64", "--strategy", "brute", "--engine", "jit", "-q", "--stats=json"};
        assertEquals("1", stats(run(tmp.resolve("c1.png"), brute)).get("tapes_compiled"));
        Map<String, String> bruteAgain = stats(run(tmp.resolve("c2.png"), brute));
        assertEquals("0", bruteAgain.get("tapes_compiled"));
        assertEquals("1", bruteAgain.get("tapes_loaded"));

        // Truncate every object file: the next run notices, compiles again, and draws the same image.
        for (Path f : objects()) Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 100));
        Map<String, String> third = stats(run(tmp.resolve("d.png"), render));
        assertTrue(Long.parseLong(third.get("tapes_compiled")) > 0, third.toString());
        assertTrue(Long.parseLong(third.get("code_cache_rejected")) > 0, third.toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.png")), Files.readAllBytes(tmp.resolve("d.png")));

        // --no-cache compiles, and leaves the cache as it was.
        List<Path> before = objects();
        Map<String, String> bypass = stats(run(tmp.resolve("e.png"), withNoCache(render)));
        assertTrue(Long.parseLong(bypass.get("tapes_compiled")) > 0);
        assertEquals("off", bypass.get("code_cache"));
        assertEquals(before, objects());

        String info = run(null, "cache", "info");
        assertTrue(info.contains(tmp.resolve("xdg/ariel/code").toString()), info);
        assertTrue(info.matches("(?s).*\\b" + before.size() + " object files?.*"), info);
        String cleared = run(null, "cache", "clear");
        assertTrue(cleared.startsWith("removed " + (2 * before.size()) + " files from "), cleared);
        assertEquals(List.of(), objects());
    }

    @Test
    void aOneFrameRenderLinksCodeThatAnEarlierRunMeasuredToPay() throws Exception {
        // 30 frames of dense.vm: the cost model compiles its tape after the first frame, and
        // the run leaves a hint with what the code saved a frame.
        Map<String, String> many = stats(run(tmp.resolve("many.png"), "render", "models/dense.vm", "-N", "30", "-q",
                "--stats=json"));
        assertEquals("1", many.get("tapes_compiled"), many.toString());
        List<Path> hints = files("hints");
        assertEquals(1, hints.size(), "one hint");

        Map<String, String> one = stats(run(tmp.resolve("one.png"), "render", "models/dense.vm", "-q", "--stats=json"));
        assertEquals("0", one.get("tapes_compiled"), one.toString());
        assertEquals("1", one.get("tapes_loaded"), "a one-frame render links the cached code: " + one);
        assertTrue(Long.parseLong(one.get("pixels_compiled")) > 0, one.toString());
        run(tmp.resolve("interp.png"), "render", "models/dense.vm", "-q", "--engine", "interp");
        assertArrayEquals(Files.readAllBytes(tmp.resolve("interp.png")), Files.readAllBytes(tmp.resolve("one.png")));

        // Another view has no hint: the interpreter alone, as always for one frame.
        Map<String, String> other = stats(run(tmp.resolve("other.png"), "render", "models/dense.vm", "-s", "1000", "-q",
                "--stats=json"));
        assertEquals("0", other.get("tapes_loaded"));
        assertEquals("0", other.get("pixels_compiled"));

        // The code is gone but the hint is not: the render links nothing, is still right, and forgets the hint.
        for (Path f : files("objects")) Files.delete(f);
        Map<String, String> stale = stats(run(tmp.resolve("stale.png"), "render", "models/dense.vm", "-q", "--stats=json"));
        assertEquals("0", stale.get("tapes_loaded"));
        assertEquals("0", stale.get("tapes_compiled"), "a one-frame render never compiles");
        assertArrayEquals(Files.readAllBytes(tmp.resolve("interp.png")), Files.readAllBytes(tmp.resolve("stale.png")));
        assertEquals(List.of(), files("hints"));
    }

    @Test
    void aFifoForAHintNeverHangsARenderAndCacheInfoShowsTemporaryFiles() throws Exception {
        run(tmp.resolve("many.png"), "render", "models/dense.vm", "-N", "30", "-q");
        List<Path> hints = files("hints");
        assertEquals(1, hints.size(), "one hint");
        // Opening a FIFO blocks until a writer comes: the render must not open it.
        Files.delete(hints.get(0));
        Process mkfifo = new ProcessBuilder("mkfifo", hints.get(0).toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        run(tmp.resolve("one.png"), "render", "models/dense.vm", "-q");
        run(tmp.resolve("interp.png"), "render", "models/dense.vm", "-q", "--engine", "interp");
        assertArrayEquals(Files.readAllBytes(tmp.resolve("interp.png")), Files.readAllBytes(tmp.resolve("one.png")));
        assertTrue(Files.notExists(hints.get(0), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the FIFO was removed");

        // A writer's temporary file, as a killed run leaves it: counted and shown.
        Files.write(tmp.resolve("xdg/ariel/code/objects/.tmp-12345"), new byte[3 << 20]);
        String info = run(null, "cache", "info");
        assertTrue(info.contains("1 temporary file, 3.0 MiB"), info);

        // And what a killed AOT build leaves beside the AOT caches, with links not followed.
        Path aot = Files.createDirectories(tmp.resolve("xdg/ariel/aot"));
        Files.write(aot.resolve("0123abcd.aot.tmp"), new byte[2 << 20]);
        Files.createSymbolicLink(aot.resolve("4567.aot"), Path.of("/dev/zero"));
        String withAot = run(null, "cache", "info");
        assertTrue(withAot.contains("0 caches, 0.0 MiB"), withAot);
        assertTrue(withAot.contains("1 temporary file, 2.0 MiB (left by unfinished builds"), withAot);
    }

    private List<Path> files(String sub) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = tmp.resolve("xdg/ariel/code").resolve(sub);
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static String[] withNoCache(String[] args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = "--no-cache";
        return out;
    }

    private List<Path> objects() throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = tmp.resolve("xdg/ariel/code/objects");
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.obj")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static Map<String, String> stats(String output) {
        String json = output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(output));
        Map<String, String> m = new java.util.HashMap<>();
        Matcher kv = Pattern.compile("\"([a-z_0-9]+)\":(\"[^\"]*\"|[^,}]*)").matcher(json);
        while (kv.find()) m.put(kv.group(1), kv.group(2).replace("\"", ""));
        return m;
    }

    // Runs the CLI in a child JVM whose caches live under tmp/xdg; returns stdout and stderr.
    private String run(Path image, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.ariel.cli.Main"));
        cmd.addAll(List.of(args));
        if (image != null) cmd.addAll(List.of("-o", image.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
        pb.environment().remove("ARIEL_CACHE_DIR");
        pb.environment().remove("ARIEL_CACHE_MAX_MB");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "child failed: " + cmd + "\n" + text);
        return text;
    }
}
