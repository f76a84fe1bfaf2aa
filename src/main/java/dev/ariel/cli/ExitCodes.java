package dev.ariel.cli;

/** The CLI's exit codes, as documented in {@code --help} and the README. */
public final class ExitCodes {
    private ExitCodes() {}

    /** Success. */
    public static final int OK = 0;
    /** A bad model, or a file that cannot be read or written. */
    public static final int FAILURE = 1;
    /** A usage error: an unknown flag, a bad flag value, a missing argument. */
    public static final int USAGE = 2;
    /** A bug in Ariel: please report it. */
    public static final int INTERNAL = 3;


    /** The exit codes as {@code --help} lists them, code to meaning. */
    static java.util.Map<String, String> help() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(String.valueOf(OK), "Success.");
        m.put(String.valueOf(FAILURE), "Bad model, or a file that cannot be read or written.");
        m.put(String.valueOf(USAGE), "Usage error (unknown flag, bad value).");
        m.put(String.valueOf(INTERNAL), "Internal error (a bug in Ariel; please report it).");
        return m;
    }
}
