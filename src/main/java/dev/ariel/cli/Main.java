package dev.ariel.cli;

import java.io.PrintWriter;

/** The {@code ariel} command's entry point. */
public final class Main {
    private Main() {}

    /** Runs the CLI and exits with its documented exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
