package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/ariel and scripts/ariel-aot as a user runs them, after {@code mvn package}: from
 * another folder, through a symlink on PATH, with a JDK found without JAVA_HOME, and with AOT
 * caches that are missing, damaged or stale. Maven's failsafe plugin runs it in {@code verify}.
 *
 * <p>Every child runs with PATH=/usr/bin:/bin, no JAVA_HOME, ARIEL_NO_BUILD=1 (Maven has just
 * built the jar; the launcher must not start Maven inside Maven) and XDG_CACHE_HOME in a temporary
 * folder, so that the user's own AOT cache is untouched. The AOT tests run a private copy of the
 * launcher's tree, whose jar they may change; they wait for every background build they start.
 */
@EnabledIf("selected")
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    @TempDir
    static Path tmp;

    /** A copy of the launcher, native-config, jar and models; lib/ is a symlink to the real one. */
    private static Path tree;

    /** The image that a render without any AOT cache writes: the reference for the others. */
    private static byte[] reference;

    /** Runs only under failsafe, and not when -Dtest names other tests. */
    static boolean selected() {
        if (!"true".equals(System.getProperty("ariel.launcher.it"))) return false;
        String only = System.getProperty("ariel.test", "");
        return only.isEmpty() || only.startsWith("${") || only.contains("LauncherIT");
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    @BeforeAll
    static void copyTree() throws Exception {
        tree = tmp.resolve("tree");
        for (String dir : List.of("scripts", "native-config", "models")) copyDir(ROOT.resolve(dir), tree.resolve(dir));
        Files.createDirectories(tree.resolve("target"));
        Files.copy(ROOT.resolve("target/ariel.jar"), tree.resolve("target/ariel.jar"));
        Files.createSymbolicLink(tree.resolve("target/lib"), ROOT.resolve("target/lib"));
        Files.createDirectories(tmp.resolve("work"));
        Run r = run(tmp.resolve("work"), Map.of("ARIEL_NO_AOT", "1"), tree.resolve("scripts/ariel").toString(),
                "render", "-s", "256", "-q", "-o", "ref.png");
        assertEquals(0, r.code(), r::toString);
        reference = Files.readAllBytes(tmp.resolve("work/ref.png"));
    }

    @AfterEach
    void waitForBuilds() throws Exception {
        // A background build must not outlive the test, nor race with the next one.
        run(tmp, Map.of(), tree.resolve("scripts/ariel-aot").toString(), "--wait");
    }

    @AfterAll
    static void noBuildLeft() throws Exception {
        if (tree != null) run(tmp, Map.of(), tree.resolve("scripts/ariel-aot").toString(), "--wait");
    }

    // ------------------------------------------------------------------ from anywhere

    @Test
    void versionThroughSymlinkOnPathFromAnotherFolder() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = bin.resolve("ariel");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, ROOT.resolve("scripts/ariel"));
        Path work = Files.createDirectories(tmp.resolve("elsewhere"));
        // ARIEL_NO_AOT: no background build of the real checkout's cache (the AOT tests use a copy).
        Run r = run(work, Map.of("PATH", bin + ":/usr/bin:/bin", "ARIEL_NO_AOT", "1"), "/bin/bash", "-c", "ariel --version");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertEquals("ariel " + projectVersion(), lines.get(0));
        assertEquals("LLVM 20.1.7 (bytedeco presets 1.5.12)", lines.get(1));
        assertTrue(lines.get(2).matches("Java \\S+ \\(.+\\)"), r::toString);
        // picocli prints the same lines for `render --version`: the fast path changes nothing.
        Run picocli = run(work, Map.of("ARIEL_NO_AOT", "1"), link.toString(), "render", "--version");
        assertEquals(r.out(), picocli.out());
    }

    @Test
    void rendersRelativePathsFromAnotherFolderThroughASymlink() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("render-here"));
        Files.copy(ROOT.resolve("models/circle.vm"), work.resolve("c.vm"));
        Path link = tmp.resolve("ariel-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, ROOT.resolve("scripts/ariel"));
        Run r = run(work, Map.of("ARIEL_NO_AOT", "1"), link.toString(), "render", "c.vm", "-s", "64", "-q");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out() + r.err());
        assertPng(work.resolve("c.png"));
    }

    @Test
    void nonAsciiPathsAreOpenedAndNamedRightInTheCLocale() throws Exception {
        // The JVM decodes arguments and file names in the locale's encoding: ASCII in C and POSIX,
        // where such a path became '?' in messages and could not be opened at all.
        Path work = Files.createDirectories(tmp.resolve("wörk dïr"));
        Path bad = work.resolve("mödel é.vm");
        Files.writeString(bad, "_0 var-x\n_1 frobnicate _0\n");
        Files.copy(ROOT.resolve("models/circle.vm"), work.resolve("çircle.vm"));
        for (Map<String, String> locale : List.of(Map.of("LC_ALL", "C"), Map.of("LC_ALL", "POSIX"), Map.of("LANG", "C"))) {
            Map<String, String> env = new HashMap<>(locale);
            env.put("ARIEL_NO_AOT", "1");
            if (!locale.containsKey("LC_ALL")) env.put("LC_ALL", "");
            Run r = run(work, env, tree.resolve("scripts/ariel").toString(), "render", bad.toString(), "-s", "16");
            assertEquals(1, r.code(), () -> locale + ": " + r);
            assertEquals(bad + ":2: unknown opcode 'frobnicate'\n", r.err(), () -> locale + ": " + r);
            Run ok = run(work, env, tree.resolve("scripts/ariel").toString(), "render", "çircle.vm", "-s", "16", "-o", "ïmage.png");
            assertEquals(0, ok.code(), () -> locale + ": " + ok);
            assertTrue(ok.err().startsWith("wrote ïmage.png: 16x16"), () -> locale + ": " + ok);
            assertPng(work.resolve("ïmage.png"));
        }
    }

    @Test
    void jdkVersionIsReadFromTheReleaseFileWithoutRunningJava() throws Exception {
        // A fake JDK whose java fails: it is taken (26) or passed over (17) on its release file alone.
        for (String version : List.of("26.0.1", "17.0.2")) {
            Path jdk = tmp.resolve("jdk-" + version);
            Files.createDirectories(jdk.resolve("bin"));
            for (String tool : List.of("java", "javac")) {
                Path p = jdk.resolve("bin").resolve(tool);
                Files.writeString(p, "#!/bin/sh\necho 'must not run' >&2\nexit 1\n");
                p.toFile().setExecutable(true);
            }
            Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
            Run r = run(tmp, Map.of("JAVA_HOME", jdk.toString()), "/bin/bash", "-c",
                    "source '" + ROOT.resolve("scripts/lib.sh") + "' && echo \"$JAVA_HOME\"");
            assertEquals(0, r.code(), r::toString);
            assertEquals("", r.err(), r::toString);
            if (version.startsWith("26")) assertEquals(jdk.toString(), r.out().strip());
            else assertNotEquals(jdk.toString(), r.out().strip());
        }
    }

    @Test
    void missingJarWithoutBuildingIsExit3() throws Exception {
        Path other = tmp.resolve("nojar");
        copyDir(tree.resolve("scripts"), other.resolve("scripts"));
        copyDir(tree.resolve("native-config"), other.resolve("native-config"));
        Run r = run(tmp, Map.of(), other.resolve("scripts/ariel").toString(), "--version");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("ariel.jar is missing"), r::toString);
    }

    // ------------------------------------------------------------------ the AOT cache

    @Test
    void cacheIsBuiltAndUsedAndRendersTheSameImage() throws Exception {
        Path cache = buildCache();
        Run r = render("aot.png");
        assertTrue(r.err().contains("-XX:AOTCache=" + cache), r::toString);
        assertSameImage("aot.png");
    }

    @Test
    void corruptCacheIsIgnoredAndRebuilt() throws Exception {
        Path cache = buildCache();
        byte[] magic = Arrays.copyOf(Files.readAllBytes(cache), 4);
        byte[] garbage = new byte[(int) Files.size(cache)];
        new java.util.Random(42).nextBytes(garbage);
        FileTime mtime = Files.getLastModifiedTime(cache);
        Files.write(cache, garbage);
        Files.setLastModifiedTime(cache, mtime);

        // Damage that keeps the size and the time: KEY.ok's CRC no longer matches, so the launcher
        // gives the JVM no cache (which would crash on it), drops it and rebuilds it in the background.
        Run r = render("corrupt1.png");
        assertFalse(r.err().contains("-XX:AOTCache="), r::toString);
        assertSameImage("corrupt1.png");
        Run waited = aot("--wait");
        assertEquals(0, waited.code(), waited::toString);
        assertArrayEquals(magic, Arrays.copyOf(Files.readAllBytes(cache), 4), "the cache was not rebuilt");
        r = render("corrupt3.png");
        assertTrue(r.err().contains("-XX:AOTCache=" + cache), r::toString);
        assertSameImage("corrupt3.png");
    }

    /** What can happen to a cache file on disk: each must leave the launcher's run right and quiet. */
    enum Damage {
        FLIPPED_BYTES, TRUNCATED, DIRECTORY, FIFO, LINK_TO_DEV_ZERO, LINK_LOOP, EMPTY;

        void apply(Path file) throws Exception {
            switch (this) {
                case FLIPPED_BYTES -> {
                    // A few bytes in the middle of the record or the mapped regions, size and mtime kept.
                    FileTime mtime = Files.getLastModifiedTime(file);
                    byte[] bytes = Files.readAllBytes(file);
                    int at = file.toString().endsWith(".ok") ? bytes.length - 4 : bytes.length / 2;
                    for (int i = at; i < Math.min(bytes.length, at + 3); i++) bytes[i] ^= (byte) 0x5a;
                    Files.write(file, bytes);
                    Files.setLastModifiedTime(file, mtime);
                }
                case TRUNCATED -> {
                    byte[] bytes = Files.readAllBytes(file);
                    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
                }
                case DIRECTORY -> {
                    Files.delete(file);
                    Files.createDirectories(file.resolve("inside"));
                }
                case FIFO -> {
                    Files.delete(file);
                    assertEquals(0, new ProcessBuilder("mkfifo", file.toString()).start().waitFor());
                }
                case LINK_TO_DEV_ZERO -> {
                    Files.delete(file);
                    Files.createSymbolicLink(file, Path.of("/dev/zero"));
                }
                case LINK_LOOP -> {
                    Files.delete(file);
                    Files.createSymbolicLink(file, file.getFileName());
                }
                case EMPTY -> Files.write(file, new byte[0]);
            }
        }
    }

    @Test
    void damagedCacheOrMarkerNeverCrashesAndIsRebuilt() throws Exception {
        Path work = tmp.resolve("work");
        for (boolean marker : List.of(false, true)) {
            for (Damage damage : Damage.values()) {
                Path cache = buildCache();
                Path target = marker ? okFile(cache) : cache;
                String what = target.getFileName() + " " + damage;
                damage.apply(target);
                String name = "damaged-" + (marker ? "ok-" : "aot-") + damage + ".png";
                Run r = render(name);
                assertFalse(r.err().contains("-XX:AOTCache="), () -> what + ": the launcher trusted it\n" + r);
                assertSameImage(name);
                try (Stream<Path> files = Files.list(work)) {
                    List<Path> crashes = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
                    assertEquals(List.of(), crashes, what);
                }
                // The damaged entry is gone, and the background build made a good one.
                Run waited = aot("--wait");
                assertEquals(0, waited.code(), () -> what + "\n" + waited);
                assertTrue(Files.isRegularFile(cache, java.nio.file.LinkOption.NOFOLLOW_LINKS), what);
                Run again = render(name);
                assertTrue(again.err().contains("-XX:AOTCache=" + cache), () -> what + "\n" + again);
                assertSameImage(name);
            }
        }
    }

    @Test
    void killedBuildsLeaveNothingForEver() throws Exception {
        Path cache = buildCache();
        Path dir = cache.getParent();
        // What a build killed with SIGKILL leaves: its half-written cache and marker, and its
        // scratch folder, whose process is gone.
        Path orphan = Files.writeString(dir.resolve(cache.getFileName() + ".999999.tmp"), "half a cache");
        Files.writeString(dir.resolve(cache.getFileName() + ".999999.tmp.config"), "training data");
        Path scratch = Files.createDirectories(Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp"), "ariel-aot.999999.AbCdEf"));
        Run status = aot("--status");
        assertTrue(status.err().contains("temporary files of unfinished builds in " + dir + ": 2 files, "), status::toString);
        Run rebuilt = aot("--force");
        assertEquals(0, rebuilt.code(), rebuilt::toString);
        assertFalse(Files.exists(orphan), "the build did not sweep " + orphan);
        assertFalse(Files.exists(scratch), "the build did not sweep " + scratch);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().contains(".tmp")).toList());
        }
        assertFalse(aot("--status").err().contains("temporary files"));
    }

    @Test
    void staleCacheIsIgnoredAndRebuilt() throws Exception {
        Path old = buildCache();
        // A new jar (to the JVM, one with another time): the key changes.
        Path jar = tree.resolve("target/ariel.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(3600)));
        Path fresh = Path.of(aot("--status").err().replaceAll("(?s).*no cache at (\\S+\\.aot).*", "$1"));
        assertNotEquals(old, fresh);
        assertTrue(Files.exists(old));

        // The old cache under the new key, as if the key had missed the change: the run must be
        // as right and as quiet. (JDK 25.0.3 does not check the jars of a cache made with
        // -XX:AOTCacheOutput at all, JDK-8377932, fixed in 25.0.4: the key is what protects.)
        Files.copy(old, fresh);
        Files.copy(okFile(old), okFile(fresh));
        Run r = render("stale1.png");
        assertTrue(r.err().contains("-XX:AOTCache=" + fresh), r::toString);
        assertSameImage("stale1.png");
        Files.delete(okFile(fresh));
        Files.delete(fresh);

        // No cache for the new key: the run goes on without one and builds it afterwards.
        r = render("stale2.png");
        assertFalse(r.err().contains("-XX:AOTCache="), r::toString);
        assertSameImage("stale2.png");
        Run waited = aot("--wait");
        assertEquals(0, waited.code(), waited::toString);
        assertEquals(fresh.toString(), waited.out().strip());
        r = render("stale3.png");
        assertTrue(r.err().contains("-XX:AOTCache=" + fresh), r::toString);
        assertSameImage("stale3.png");

        // The recipe and the JVM options are part of the key too.
        Path recipe = tree.resolve("native-config/aot.conf");
        FileTime was = Files.getLastModifiedTime(recipe);
        Files.setLastModifiedTime(recipe, FileTime.from(was.toInstant().plusSeconds(60)));
        Run status = aot("--status");
        assertEquals(1, status.code(), status::toString);
        assertFalse(status.err().contains(fresh.toString()), status::toString);
        Files.setLastModifiedTime(recipe, was);
        assertEquals(0, aot("--status").code());
    }

    // ------------------------------------------------------------------ helpers

    /** Builds the tree's cache unless it is ready, synchronously; returns its path. */
    @Test
    void serveRunsWithTheFullJitAndStopsCleanlyOnSigterm() throws Exception {
        Path err = tmp.resolve("serve-err.txt");
        ProcessBuilder pb = new ProcessBuilder(tree.resolve("scripts/ariel").toString(), "serve", "--port", "0", "--no-cache")
                .directory(tmp.resolve("work").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ARIEL_") || k.equals("JAVA_HOME") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("ARIEL_NO_BUILD", "1");
        env.put("ARIEL_NO_AOT", "1");
        env.put("ARIEL_LAUNCH_DEBUG", "1");
        pb.redirectErrorStream(false).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        try {
            java.util.regex.Matcher m = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && p.isAlive()) {
                m = java.util.regex.Pattern.compile("ariel: serving (http://127\\.0\\.0\\.1:[0-9]+/) ").matcher(Files.readString(err));
                if (m.find()) break;
                m = null;
                Thread.sleep(50);
            }
            String log = Files.readString(err);
            assertTrue(m != null, () -> "the service did not say where it listens:\n" + log);
            // A long-running service keeps C2: the launcher must not give it the short-run flags.
            assertFalse(log.contains("TieredStopAtLevel"), log);
            var http = java.net.http.HttpClient.newHttpClient();
            var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1) + "health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            p.destroy(); // SIGTERM: the launcher execs the JVM, so this is the service itself
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the service did not stop within 30 s of SIGTERM");
            String after = Files.readString(err);
            assertEquals(0, p.exitValue(), after);
            assertTrue(after.strip().endsWith("ariel: stopped"), after);
        } finally {
            p.destroyForcibly();
        }
    }

    private static Path buildCache() throws Exception {
        Run r = aot();
        assertEquals(0, r.code(), r::toString);
        Path cache = Path.of(r.out().strip());
        assertTrue(Files.isRegularFile(cache), r::toString);
        assertTrue(cache.startsWith(tmp.resolve("cache/ariel/aot")), r::toString);
        return cache;
    }

    private static Path okFile(Path cache) {
        String name = cache.getFileName().toString();
        return cache.resolveSibling(name.substring(0, name.length() - ".aot".length()) + ".ok");
    }

    private static Run aot(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tree.resolve("scripts/ariel-aot").toString()));
        cmd.addAll(List.of(args));
        return run(tmp, Map.of(), cmd.toArray(String[]::new));
    }

    /** Renders the bundled model at 256 px into work/NAME with the tree's launcher, which shows its java command. */
    private static Run render(String name) throws Exception {
        Run r = run(tmp.resolve("work"), Map.of("ARIEL_LAUNCH_DEBUG", "1"), tree.resolve("scripts/ariel").toString(),
                "render", "-s", "256", "-q", "-o", name);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        // Nothing but the launcher's own line: no JVM complaint about a cache.
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ariel: "), r::toString);
        return r;
    }

    private static void assertSameImage(String name) throws IOException {
        assertArrayEquals(reference, Files.readAllBytes(tmp.resolve("work").resolve(name)), name + " differs from a render without AOT");
    }

    private static void assertPng(Path file) throws IOException {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, file + " is not a PNG");
    }

    private static String projectVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = LauncherIT.class.getResourceAsStream("/dev/ariel/version.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    private static Run run(Path cwd, Map<String, String> extraEnv, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ARIEL_") || k.equals("JAVA_HOME") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("ARIEL_NO_BUILD", "1");
        env.put("ARIEL_DAEMON", "0"); // DaemonIT tests the daemon; these test the launcher's own JVM
        env.putAll(new HashMap<>(extraEnv));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
