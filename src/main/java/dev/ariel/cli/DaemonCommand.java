package dev.ariel.cli;

import dev.ariel.daemon.DaemonServer;
import dev.ariel.io.Invocation;
import dev.ariel.jit.Jit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ariel daemon run}: the per-user daemon in the foreground, which scripts/ariel starts on
 * first use; {@code start}, {@code stop} and {@code status} are the launcher's (they need no JVM).
 */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Runs the per-user daemon that serves scripts/ariel from a warm JVM.",
            "The daemon runs render, render3d, mesh, info, compare and env; scripts/ariel starts it on "
                + "first use, and 'ariel daemon start|stop|status' manage it. 'run' serves in the foreground on "
                + "the socket that ARIEL_DAEMON_SOCKET names (the launcher sets it), until it is stopped or has "
                + "been idle for ARIEL_DAEMON_IDLE seconds (900 unless set)."
        })
final class DaemonCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "run (start, stop and status are scripts/ariel's).")
    String action;

    @Override
    public Integer call() throws IOException {
        if (!action.equals("run")) {
            spec.commandLine().getErr().println("ariel: 'daemon " + action + "' is the launcher's: run it as 'scripts/ariel daemon "
                    + action + "'" + (action.matches("start|stop|status") ? "" : " (start, stop, status)"));
            return ExitCodes.USAGE;
        }
        String socket = System.getenv("ARIEL_DAEMON_SOCKET");
        if (socket == null || !Path.of(socket).isAbsolute()) {
            spec.commandLine().getErr().println("ariel: ARIEL_DAEMON_SOCKET must name the daemon's socket (an absolute path)");
            return ExitCodes.USAGE;
        }
        PrintStream log = System.err;
        DaemonServer.Settings s = new DaemonServer.Settings(Path.of(socket), idleMillis(log),
                Main::run, DaemonCommand::warmUp, DaemonCommand::held);
        return DaemonServer.serve(s, log);
    }

    private static long idleMillis(PrintStream log) {
        String v = System.getenv("ARIEL_DAEMON_IDLE");
        if (v == null || v.isBlank()) return 900_000;
        try {
            double seconds = Double.parseDouble(v.trim());
            if (seconds > 0 && seconds <= 1e7) return Math.max(100, (long) (seconds * 1000));
        } catch (NumberFormatException e) {
            // reported below
        }
        log.println("ariel: ARIEL_DAEMON_IDLE=" + v + " is not a number of seconds in (0, 1e7]; using 900");
        return 900_000;
    }

    private static String held() {
        long kernels = Jit.kernelsHeldIfStarted();
        return kernels < 0 ? "none (LLVM not loaded)" : kernels + " kernels loaded (LLVM loaded)";
    }

    /**
     * Renders the bundled model until HotSpot has compiled the tile loop (a fresh JVM needs 50-75
     * frames), once with the JIT, so that the first commands a user sends are not cold ones. In
     * small steps, each taken only while no client's command runs: on 2 cores a warm-up that
     * competed with the first commands made them slower, not faster.
     */
    private static void warmUp(java.util.function.BooleanSupplier busy) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ariel-daemon-warm");
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            Invocation inv = Invocation.of(dir, System.getenv(), new Invocation.Inputs() {
                @Override
                public java.io.InputStream stdin() {
                    return java.io.InputStream.nullInputStream();
                }

                @Override
                public byte[] preRead(String given) {
                    return null;
                }
            }, sink, sink, new Invocation.Terminal(false, 0), () -> false);
            java.util.List<String[]> steps = new java.util.ArrayList<>();
            steps.add(new String[] {"info"});
            // A model read from a file, as users' are: the reader's loops and a one-frame render with its PNG.
            try (java.io.InputStream in = dev.ariel.Model.class.getResourceAsStream("models/" + dev.ariel.Model.BUNDLED_NAME)) {
                Files.write(dir.resolve("warm.vm"), in.readAllBytes());
            }
            for (int i = 0; i < 12; i++) steps.add(new String[] {"render", "warm.vm", "-s", "1024", "-q", "-o", "warm.png"});
            for (int i = 0; i < 20; i++) steps.add(new String[] {"render", "-s", "1024", "-N", "4", "-q", "-o", "warm.png"});
            steps.add(new String[] {"render", "-s", "512", "--engine", "jit", "-q", "-o", "warm-jit.png"});
            steps.add(new String[] {"render", "-s", "256", "--mode", "sdf", "-N", "10", "-q", "-o", "warm-sdf.png"});
            for (String[] args : steps) {
                while (busy.getAsBoolean()) Thread.sleep(20);
                inv.run(() -> Main.run(args, sink, sink));
            }
        } catch (Exception e) {
            System.err.println("ariel: daemon warm-up failed: " + e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
