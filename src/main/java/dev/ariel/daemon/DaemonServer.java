package dev.ariel.daemon;

import dev.ariel.io.Memo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The daemon: one listening Unix domain socket, a thread per client command, an idle timer, and
 * the files that name it ({@code KEY.sock}, {@code KEY.pid}, {@code KEY.lock}) in a directory only
 * its user can enter. The lock decides which process is the daemon of a key: whoever holds it, so
 * a socket or pid file left by a killed daemon is deleted, never trusted.
 */
public final class DaemonServer {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    /** What the daemon needs from the CLI. */
    public record Settings(Path socket, long idleMillis, CommandRunner runner, WarmUp warmUp, Supplier<String> held) {}

    /** The daemon's warm-up after start, which gives way to clients' commands. */
    @FunctionalInterface
    public interface WarmUp {
        /** Warms the JVM up, pausing between steps while {@code busy} says a client's command runs. */
        void run(java.util.function.BooleanSupplier busy);
    }

    private final Settings settings;
    private final long started = System.nanoTime();
    private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
    private final AtomicInteger running = new AtomicInteger();
    private volatile long warmedInNanos = -1; // -1 while the warm-up runs
    // Parsed models that later commands may reuse (dev.ariel.Model#read): 32 at most, some 256 MB.
    private final Memo memo = Memo.bounded(32, 256L << 20);
    private final AtomicLong served = new AtomicLong();
    private volatile boolean stopping;
    private ServerSocketChannel server;
    private UserPrincipal owner;

    private DaemonServer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs the daemon of {@code settings.socket()} until it is stopped or idle; returns the exit
     * code: 0, also when another process already is this key's daemon, 1 if the directory is not private.
     */
    public static int serve(Settings settings, PrintStream log) throws IOException {
        return new DaemonServer(settings).serve(log);
    }

    private int serve(PrintStream log) throws IOException {
        Path socket = settings.socket();
        Path dir = socket.getParent();
        String problem = privateDirectory(dir);
        if (problem != null) {
            log.println("ariel: " + problem);
            return 1;
        }
        String key = stem(socket);
        Path lockFile = dir.resolve(key + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                log.println("ariel: a daemon already serves " + socket);
                return 0;
            }
            owner = Files.getOwner(lockFile);
            Path pidFile = dir.resolve(key + ".pid");
            Files.deleteIfExists(socket); // left by a killed daemon: we hold the lock, so it is no one's
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            log.println("ariel: daemon " + ProcessHandle.current().pid() + " listening on " + socket);
            retireOthers(dir, key, log);
            startIdleWatch(log);
            Thread warm = new Thread(() -> {
                long t0 = System.nanoTime();
                settings.warmUp().run(() -> running.get() > 0 || stopping);
                warmedInNanos = System.nanoTime() - t0;
            }, "ariel-daemon-warm-up");
            warm.setDaemon(true);
            warm.setPriority(Thread.MIN_PRIORITY);
            warm.start();
            try {
                acceptLoop(log);
            } finally {
                server.close();
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile);
                lock.release();
            }
            log.println("ariel: daemon " + ProcessHandle.current().pid() + " stopped after " + served.get() + " commands");
            return 0;
        }
    }

    /** Null if {@code dir} is (now) a directory that only this user can enter, else why not. */
    static String privateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another daemon made it first; checked below
            }
        }
        if (Files.isSymbolicLink(dir)) return dir + ": is a symbolic link, not a private directory";
        Path probe = Files.createTempFile(dir, "owner", ".tmp");
        UserPrincipal me = Files.getOwner(probe);
        Files.delete(probe);
        if (!Files.getOwner(dir).equals(me)) return dir + ": belongs to another user";
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (!PRIVATE_DIR.containsAll(perms)) {
            return dir + ": is " + PosixFilePermissions.toString(perms) + ", not private (rwx------)";
        }
        return null;
    }

    /** Whether {@code other}'s daemon started before ours: an older build's daemon never retires a newer one. */
    private static boolean startedBefore(Path other, Path mine) throws IOException {
        return Files.exists(other) && Files.getLastModifiedTime(other).compareTo(Files.getLastModifiedTime(mine)) <= 0;
    }

    /** The build half of a key {@code d-BUILD-ENV}: daemons of one build and other environments coexist. */
    private static String build(String key) {
        int dash = key.lastIndexOf('-');
        return dash > 0 ? key.substring(0, dash) : key;
    }

    private static String stem(Path socket) {
        String name = socket.getFileName().toString();
        return name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name;
    }

    /** Deletes what killed daemons left, and asks live ones of other builds to stop: they are never used again. */
    private void retireOthers(Path dir, String key, PrintStream log) {
        try (var files = Files.newDirectoryStream(dir, "*.lock")) {
            for (Path other : files) {
                String k = stem(Path.of(other.getFileName().toString().replace(".lock", ".sock")));
                if (k.equals(key)) continue;
                try (FileChannel ch = FileChannel.open(other, StandardOpenOption.WRITE)) {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        Files.deleteIfExists(dir.resolve(k + ".sock"));
                        Files.deleteIfExists(dir.resolve(k + ".pid"));
                        Files.deleteIfExists(dir.resolve(k + ".log"));
                        Files.deleteIfExists(dir.resolve(k + ".start-lock"));
                        Files.deleteIfExists(other);
                        l.release();
                    } else if (!build(k).equals(build(key)) && startedBefore(dir.resolve(k + ".pid"), dir.resolve(key + ".pid"))) {
                        DaemonClient.request(dir.resolve(k + ".sock"), "daemon", "stop");
                        log.println("ariel: asked the daemon of another build (" + k + ") to stop");
                    }
                } catch (IOException | RuntimeException e) {
                    log.println("ariel: could not retire " + other + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            log.println("ariel: could not list " + dir + ": " + e.getMessage());
        }
    }

    private void startIdleWatch(PrintStream log) {
        Thread t = new Thread(() -> {
            long idle = settings.idleMillis() * 1_000_000L;
            while (!stopping) {
                try {
                    Thread.sleep(Math.max(50, Math.min(1000, settings.idleMillis() / 4)));
                } catch (InterruptedException e) {
                    return;
                }
                if (running.get() == 0 && System.nanoTime() - lastUsed.get() > idle) {
                    log.println("ariel: daemon idle for " + settings.idleMillis() / 1000 + " s, exiting");
                    stop();
                }
            }
        }, "ariel-daemon-idle");
        t.setDaemon(true);
        t.start();
    }

    private void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing to end the accept loop: nothing to do if it fails
        }
    }

    private void acceptLoop(PrintStream log) throws IOException {
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                return;
            }
            Thread t = new Thread(() -> handle(ch, log), "ariel-daemon-command");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(SocketChannel ch, PrintStream log) {
        try (ch) {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                log.println("ariel: refused a connection from " + peer.user().getName());
                return;
            }
            Session s = new Session(ch);
            Session.Request r = s.readRequest();
            String[] a = r.args();
            if (a.length == 2 && a[0].equals("daemon") && a[1].equals("status")) {
                s.answer(status(), 0);
            } else if (a.length == 2 && a[0].equals("daemon") && a[1].equals("stop")) {
                s.answer("ariel: daemon " + ProcessHandle.current().pid() + " stopped\n", 0);
                stop();
            } else {
                running.incrementAndGet();
                lastUsed.set(System.nanoTime());
                try {
                    s.run(r, settings.runner(), memo);
                } finally {
                    served.incrementAndGet();
                    lastUsed.set(System.nanoTime());
                    running.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // The client went away or spoke nonsense: that connection alone ends.
        } catch (RuntimeException | Error e) {
            log.println("ariel: daemon: a command failed outside the CLI: " + e);
        }
    }

    /** The text of {@code ariel daemon status}. */
    private String status() {
        Runtime rt = Runtime.getRuntime();
        long now = System.nanoTime();
        StringBuilder b = new StringBuilder();
        b.append("pid: ").append(ProcessHandle.current().pid()).append('\n');
        b.append("socket: ").append(settings.socket()).append('\n');
        b.append(String.format("uptime: %.1f s%n", (now - started) / 1e9));
        b.append("commands served: ").append(served.get()).append(" (").append(running.get()).append(" running)\n");
        b.append(String.format("memory: RSS %d MB, heap %d MB used of %d MB committed%n", rssMegabytes(),
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20));
        b.append("compiled code: ").append(settings.held().get()).append('\n');
        long warmed = warmedInNanos;
        b.append(warmed < 0 ? "warm-up: running\n" : String.format("warm-up: done in %.1f s%n", warmed / 1e9));
        b.append(String.format("idle: %.1f s (exits after %d s unused)%n",
                running.get() > 0 ? 0.0 : (now - lastUsed.get()) / 1e9, settings.idleMillis() / 1000));
        return b.toString();
    }

    private static long rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** A minimal client in Java, for asking another daemon to stop. */
    static final class DaemonClient {
        private DaemonClient() {}

        static void request(Path socket, String... args) throws IOException {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                var out = new java.io.ByteArrayOutputStream();
                frame(out, Frames.HELLO, Frames.VERSION);
                frame(out, Frames.CWD, "/");
                frame(out, Frames.ARGS, String.join("\0", args));
                frame(out, Frames.GO, "");
                ch.write(ByteBuffer.wrap(out.toByteArray()));
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (ch.read(sink) >= 0) sink.clear();
            }
        }

        private static void frame(java.io.OutputStream out, int type, String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            Frames.write(out, type, b, 0, b.length);
        }
    }

    static Set<PosixFilePermission> privateDir() {
        return EnumSet.copyOf(PRIVATE_DIR);
    }
}
