package dev.ariel.daemon;

import java.io.PrintStream;

/** Runs one CLI command for the daemon: the CLI's entry point, handed down so the daemon imports no command. */
@FunctionalInterface
public interface CommandRunner {
    /** Runs {@code args} printing to {@code out} and {@code err}; returns the exit code. */
    int run(String[] args, PrintStream out, PrintStream err);
}
