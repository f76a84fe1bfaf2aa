package dev.ariel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code ariel} command's entry point. */
public final class Main {
    private Main() {}

    /** Runs the CLI and exits with its documented exit code. */
    public static void main(String[] args) {
        exit(run(args, System.out, System.err));
    }

    /** Runs {@code ariel} with {@code args}, printing to the given streams; returns the exit code. */
    static int run(String[] args, PrintStream outStream, PrintStream errStream) {
        // `ariel --version` alone is answered before picocli builds its command tree, which costs
        // a cold JVM some 200 ms of class loading and reflection; the lines are picocli's own.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return printVersion(outStream, errStream);
        }
        PrintWriter out = new PrintWriter(outStream, true);
        PrintWriter err = new PrintWriter(errStream, true);
        int code = Cli.run(args, out, err);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Exits with {@code code}. System.exit first asks System.Logger whether to log the exit, and
     * finding the logging back end scans every jar on the class path for a service file: some
     * 20-30 ms, the LLVM jars included. A successful run whose other threads are all daemons
     * returns from main instead, which exits with 0 and runs the same shutdown hooks.
     */
    private static void exit(int code) {
        if (code == ExitCodes.OK && onlyDaemonsLeft()) return;
        System.exit(code);
    }

    private static boolean onlyDaemonsLeft() {
        Thread self = Thread.currentThread();
        ThreadGroup root = self.getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        if (n == threads.length) return false; // more threads than room: do not guess
        for (int i = 0; i < n; i++) {
            if (threads[i] != self && !threads[i].isDaemon() && threads[i].isAlive()) return false;
        }
        return true;
    }

    private static int printVersion(PrintStream out, PrintStream err) {
        try {
            StringBuilder text = new StringBuilder();
            for (String line : VersionText.lines()) text.append(line).append(System.lineSeparator());
            out.print(text);
            out.flush();
            return out.checkError() ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (IOException e) {
            err.println("ariel: cannot read the version: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
