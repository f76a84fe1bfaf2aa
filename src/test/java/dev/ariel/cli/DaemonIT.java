package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a user meets it through scripts/ariel, after {@code mvn package}: the same bytes,
 * files and exit codes as in-process, concurrent clients, a killed client, a killed daemon, a
 * daemon of another build replaced, idle exit, and a private socket. Every child runs with
 * ARIEL_DAEMON=1 (or 0 for the in-process reference), ARIEL_NO_BUILD=1 and ARIEL_NO_AOT=1, and
 * XDG_RUNTIME_DIR and XDG_CACHE_HOME in a temporary folder: the user's own daemon is never touched.
 */
@EnabledIf("selected")
class DaemonIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final String ARIEL = ROOT.resolve("scripts/ariel").toString();

    @TempDir
    static Path tmp;

    static boolean selected() {
        if (!"true".equals(System.getProperty("ariel.launcher.it"))) return false;
        String only = System.getProperty("ariel.test", "");
        return only.isEmpty() || only.startsWith("${") || only.contains("DaemonIT");
    }

    private static Process olderBuild;
    private static Path olderSocket;

    record Run(int code, byte[] out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + new String(out, StandardCharsets.UTF_8) + "--- stderr:\n" + err;
        }
    }

    @BeforeAll
    static void startDaemon() throws Exception {
        Files.createDirectories(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // First a daemon under another build's key, as an older jar's would be, started by hand.
        Run where = run(tmp, Map.of(), "/bin/bash", "-c", "source " + ROOT.resolve("scripts/lib.sh") + "; ariel_daemon_socket; echo $ariel_daemon_sock");
        Path mine = Path.of(new String(where.out(), StandardCharsets.UTF_8).trim());
        olderSocket = mine.resolveSibling(mine.getFileName().toString().replaceFirst("^d-[0-9]+-", "d-1-"));
        Files.createDirectories(mine.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        olderBuild = start(tmp, Map.of("ARIEL_DAEMON_SOCKET", olderSocket.toString()),
                System.getProperty("java.home") + "/bin/java", "-jar", ROOT.resolve("target/ariel.jar").toString(), "daemon", "run");
        waitFor(() -> Files.exists(olderSocket), 60, "the older build's daemon");
        Thread.sleep(20); // a pid file of another millisecond than the new daemon's
        Run r = run(tmp, Map.of(), ARIEL, "daemon", "start");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().isEmpty() && new String(r.out(), StandardCharsets.UTF_8).contains("pid: "), r::toString);
    }

    @AfterAll
    static void stopDaemons() throws Exception {
        if (olderBuild != null) olderBuild.destroyForcibly();
        run(tmp, Map.of(), ARIEL, "daemon", "stop");
        run(tmp, Map.of("ARIEL_DAEMON_IDLE", "2"), ARIEL, "daemon", "stop");
        run(tmp, Map.of("ARIEL_CACHE_MAX_MB", "77"), ARIEL, "daemon", "stop");
    }

    private static final String CIRCLE = "# a circle\n_0 var-x\n_1 var-y\n_2 square _0\n_3 square _1\n_4 add _2 _3\n_5 sqrt _4\n_6 const 0.5\n_7 sub _5 _6\n";

    /** One corpus case: a shell line run in a fresh folder holding m.vm, bad.vm and torus.vm. */
    private static final List<String> CORPUS = List.of(
            "ariel render -s 128 -q -o a.png",
            "ariel render -s 96 -o -",
            "ariel render m.vm -s 64 --mode sdf -o s.png --stats",
            "ariel render m.vm -s 80 -o m.ppm --stats=json",
            "ariel render m.vm -s 64 --mode debug -o d.png",
            "ariel render m.vm -s 64 --engine jit -q -o j.png --emit-llvm ir.ll",
            "ariel render m.vm -s 64 --engine jit -q -o k.png --emit-llvm=-",
            "ariel render bad.vm -s 64",
            "ariel render missing.vm",
            "ariel render --bogus",
            "ariel render -s 0",
            "ariel render m.vm -s 64 -o nodir/x.png",
            "ariel render m.vm -s 64 -o m.vm",
            "cat m.vm | ariel render /dev/stdin -s 64 -o p.png",
            "ariel render <(cat m.vm) -s 64 -o q.png",
            "ariel render - -s 64 -o r.png < m.vm",
            "ariel info m.vm",
            "ariel info",
            "ariel info bad.vm",
            "ariel render3d torus.vm -s 48 -q -o t.png",
            "ariel render3d torus.vm -s 32 --mode height -o h.png",
            "ariel mesh torus.vm --level 4 -o t.stl",
            "ariel mesh torus.vm --level 4 -o t.obj --stats",
            "ariel env",
            "ariel render --help");

    @Test
    void corpusGivesTheSameBytesFilesAndExitCodesThroughTheDaemon() throws Exception {
        long before = served();
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (String line : CORPUS) {
            Path inProcess = corpusFolder("in-" + i), daemon = corpusFolder("d-" + i);
            i++;
            Run a = shell(inProcess, Map.of("ARIEL_DAEMON", "0"), line);
            Run b = shell(daemon, Map.of(), line);
            if (a.code() != b.code()) failures.add(line + ": exit " + a.code() + " in-process, " + b.code() + " daemon\n" + a + "\n" + b);
            else if (!java.util.Arrays.equals(a.out(), b.out())) failures.add(line + ": stdout differs\n" + a + "\n" + b);
            else if (!masked(a.err(), inProcess).equals(masked(b.err(), daemon))) failures.add(line + ": stderr differs\n" + a.err() + "\n" + b.err());
            else if (!files(inProcess).equals(files(daemon))) failures.add(line + ": files differ " + files(inProcess).keySet() + " / " + files(daemon).keySet());
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
        // Served by the daemon, not by a silent fallback: every case but the two that read a pipe
        // the client read itself counts (those too: the client sends the bytes).
        assertEquals(CORPUS.size(), served() - before, "commands the daemon served");
    }

    @Test
    void twoAndEightConcurrentClientsGetTheirOwnImages() throws Exception {
        Path ref = corpusFolder("conc-ref");
        for (int size : new int[] {64, 72, 80, 88, 96, 104, 112, 120}) {
            assertEquals(0, shell(ref, Map.of("ARIEL_DAEMON", "0"), "ariel render m.vm -q -s " + size + " -o " + size + ".png").code());
        }
        for (int clients : new int[] {2, 8}) {
            Path dir = corpusFolder("conc-" + clients);
            List<Process> ps = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int size = 64 + 8 * c;
                ps.add(start(dir, Map.of(), "/bin/bash", "-c", ARIEL + " render m.vm -q -s " + size + " -o " + size + ".png"));
            }
            for (Process p : ps) {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            for (int c = 0; c < clients; c++) {
                String name = (64 + 8 * c) + ".png";
                assertArrayEquals(Files.readAllBytes(ref.resolve(name)), Files.readAllBytes(dir.resolve(name)), name);
            }
        }
    }

    @Test
    void aKilledClientsCommandIsCancelled() throws Exception {
        Path dir = corpusFolder("killed-client");
        Process p = start(dir, Map.of(), "perl", ROOT.resolve("scripts/ariel-client").toString(), socket(),
                "render", "m.vm", "-s", "2048", "-N", "100000", "-q", "-o", "never.png");
        waitFor(() -> status().contains("(1 running)"), 30, "the command to start");
        p.destroyForcibly().waitFor();
        waitFor(() -> status().contains("(0 running)"), 20, "the killed client's command to stop");
        assertFalse(Files.exists(dir.resolve("never.png")));
    }

    @Test
    void anOlderBuildsDaemonIsReplacedAndAnIdleOneExits() throws Exception {
        // The main daemon's start retired the older build's (see startDaemon).
        assertTrue(olderBuild.waitFor(60, TimeUnit.SECONDS), "the older build's daemon stopped");
        assertFalse(Files.exists(olderSocket));
        // A daemon with ARIEL_DAEMON_IDLE=2 is another environment of this build: it starts
        // beside the main one, serves, and exits when idle.
        Map<String, String> idle = Map.of("ARIEL_DAEMON_IDLE", "2");
        assertEquals(0, run(tmp, idle, ARIEL, "daemon", "start").code());
        String sock = socket(idle);
        long pid = pid(idle);
        waitFor(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), 30, "the idle daemon to exit");
        assertFalse(Files.exists(Path.of(sock)), "the idle daemon removed its socket");
    }

    @Test
    void aDaemonKilledMidCommandIsReplacedAndTheCommandRunsInProcess() throws Exception {
        Map<String, String> env = Map.of("ARIEL_CACHE_MAX_MB", "77");
        assertEquals(0, run(tmp, env, ARIEL, "daemon", "start").code());
        long pid = pid(env);
        Path sock = Path.of(socket(env));
        Path dir = corpusFolder("sigkill");
        Process p = start(dir, env, "/bin/bash", "-c", ARIEL + " render m.vm -s 4096 -N 1000 -q -o k.png");
        waitFor(() -> statusOf(env).contains("(1 running)"), 30, "the command to start");
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertEquals("ariel: the daemon ended during the command; running it in this process\n", err);
        assertTrue(Files.size(dir.resolve("k.png")) > 0);
        // The socket it left is stale: the next call runs in-process and a new daemon takes over.
        assertTrue(Files.exists(sock), "a SIGKILLed daemon leaves its socket");
        Run next = shell(dir, env, "ariel render m.vm -s 64 -q -o n.png");
        assertEquals(0, next.code(), next::toString);
        waitFor(() -> statusOf(env).contains("pid: "), 60, "a new daemon");
        assertTrue(pid(env) != pid);
        // Its start asked the daemon of another key (the main one) nothing: that one still serves.
        assertTrue(status().contains("pid: "));
    }

    @Test
    void aModelWrittenInJavaRunsInTheCallersOwnJvmNotTheDaemon() throws Exception {
        Path dir = corpusFolder("java-model");
        Files.copy(ROOT.resolve("models/letter-a.java"), dir.resolve("letter-a.java"));
        long before = served();
        Run r = shell(dir, Map.of(), "ariel render letter-a.java -s 64 -q -o a.png");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.size(dir.resolve("a.png")) > 0);
        assertEquals(before, served(), "the client left a .java model to its own JVM");
    }

    @Test
    void statusSaysWhenTheWarmUpHasEnded() throws Exception {
        // The warm-up gives way to commands, so it may still run while other tests do.
        waitFor(() -> status().matches("(?s).*\\nwarm-up: done in \\d+\\.\\d s\\n.*"), 120, "the warm-up to end");
        assertTrue(status().contains("\nidle: "), DaemonIT::status);
    }

    @Test
    void theSocketIsPrivateAndAnotherUserIsRefused() throws Exception {
        Path sock = Path.of(socket());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            System.err.println("DaemonIT: not root or no setpriv: the other-user connection is not tried");
            return;
        }
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "perl", ROOT.resolve("scripts/ariel-client").toString(), sock.toString(), "info");
        // The folder keeps nobody out...
        Process p = new ProcessBuilder(asNobody).directory(new java.io.File("/")).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(111, p.exitValue(), "nobody could not even reach the socket");
        // ...and so does the daemon's uid check, with the folder and socket opened up on purpose.
        // Only the folders inside this test's own temporary folder are opened (and restored).
        List<Path> opened = new ArrayList<>();
        for (Path up = sock.getParent(); up.startsWith(tmp); up = up.getParent()) opened.add(up);
        Map<Path, java.util.Set<java.nio.file.attribute.PosixFilePermission>> modes = new HashMap<>();
        for (Path d : opened) modes.put(d, Files.getPosixFilePermissions(d));
        try {
            for (Path d : opened) Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rwxrwxrwx"));
            long before = served();
            p = new ProcessBuilder(asNobody).directory(new java.io.File("/")).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            // The daemon closes nobody's connection unanswered: 112 once the client has sent its
            // request, 111 if the close came first (a loaded machine); either way nothing ran.
            int code = p.exitValue();
            assertTrue(code == 112 || code == 111, "the daemon closed nobody's connection unanswered: exit " + code);
            assertEquals(0, out.length, "nobody got no answer");
            assertEquals(before, served(), "nobody's command did not run");
        } finally {
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
            for (Path d : opened) Files.setPosixFilePermissions(d, modes.get(d));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Path corpusFolder(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("work").resolve(name));
        Files.writeString(dir.resolve("m.vm"), CIRCLE);
        Files.writeString(dir.resolve("bad.vm"), "_0 var-x\n_1 frobnicate _0\n");
        Files.copy(ROOT.resolve("models/torus.vm"), dir.resolve("torus.vm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** Stderr with the times a run reports, and its folder, masked. */
    private static String masked(String err, Path dir) {
        return err.replace(dir.toString(), "DIR").replaceAll("[0-9]+\\.[0-9]+", "T").replaceAll("[0-9]+ ?(ms|s\\b|µs|/s)", "T$1");
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(f)) m.put(dir.relativize(f).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return m;
    }

    private static long served() throws Exception {
        Matcher m = Pattern.compile("commands served: (\\d+)").matcher(status());
        assertTrue(m.find(), DaemonIT::status);
        return Long.parseLong(m.group(1));
    }

    private static String status() {
        return statusOf(Map.of());
    }

    private static String statusOf(Map<String, String> env) {
        try {
            Run r = run(tmp, env, ARIEL, "daemon", "status");
            return new String(r.out(), StandardCharsets.UTF_8) + r.err();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String socket() {
        return socket(Map.of());
    }

    private static String socket(Map<String, String> env) {
        Matcher m = Pattern.compile("socket: (\\S+)").matcher(statusOf(env));
        assertTrue(m.find(), () -> statusOf(env));
        return m.group(1);
    }

    private static long pid(Map<String, String> env) {
        Matcher m = Pattern.compile("pid: (\\d+)").matcher(statusOf(env));
        assertTrue(m.find(), () -> statusOf(env));
        return Long.parseLong(m.group(1));
    }

    private static void waitFor(java.util.function.BooleanSupplier done, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static Run shell(Path cwd, Map<String, String> env, String line) throws Exception {
        return run(cwd, env, "/bin/bash", "-c", "ariel() { " + ARIEL + " \"$@\"; }; " + line);
    }

    private static Process start(Path cwd, Map<String, String> extraEnv, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ARIEL_") || k.equals("JAVA_HOME") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("CI"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        env.put("ARIEL_NO_BUILD", "1");
        env.put("ARIEL_NO_AOT", "1");
        env.put("ARIEL_DAEMON", "1");
        env.put("ARIEL_DAEMON_IDLE", "300"); // a daemon a failed test leaves behind goes by itself
        env.putAll(new HashMap<>(extraEnv));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private static Run run(Path cwd, Map<String, String> extraEnv, String... cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Process probe = null;
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ARIEL_") || k.equals("JAVA_HOME") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("CI"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
        env.put("ARIEL_NO_BUILD", "1");
        env.put("ARIEL_NO_AOT", "1");
        env.put("ARIEL_DAEMON", "1");
        env.put("ARIEL_DAEMON_IDLE", "300"); // a daemon a failed test leaves behind goes by itself
        env.putAll(new HashMap<>(extraEnv));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        probe = pb.start();
        if (!probe.waitFor(180, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        Run r = new Run(probe.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
