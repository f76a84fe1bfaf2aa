package dev.ariel.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The caller of one CLI command: its working directory, environment, standard streams, terminal
 * and cancellation. In a process of its own a command's caller is the process itself; in the
 * daemon ({@code dev.ariel.daemon}) each command runs for a client elsewhere, bound with
 * {@link #run}, and everything a command reads or writes on its caller's behalf goes through
 * {@link #current()}, so that a command gives the same bytes, files and exit code in both.
 *
 * <p>Relative paths stay as the user gave them, for messages; {@link #resolve} turns them into
 * the ones to open. Immutable, except for what its streams and cancellation flag report.
 */
public final class Invocation {
    private static final ScopedValue<Invocation> CURRENT = ScopedValue.newInstance();
    private static volatile Invocation process;

    private final Path cwd;
    private final Map<String, String> env; // null: the process's own
    private final Inputs inputs;
    private final OutputStream stdout;
    private final PrintStream stderr;
    private final Terminal terminal; // null: asked of the process when first wanted
    private final BooleanSupplier cancelled;
    private final Memo memo;

    /** What a terminal on standard error allows: a progress bar, and how wide. */
    public record Terminal(boolean stderrIsTerminal, int columns) {}

    /** Where a command's inputs come from: files, standard input, and files the client read for it. */
    public interface Inputs {
        /** Standard input, for a model given as {@code -}. */
        InputStream stdin() throws IOException;

        /** The bytes of {@code given} when the client read it already (a pipe, {@code <(...)}), else null. */
        byte[] preRead(String given);
    }

    private final boolean shared;

    private Invocation(Path cwd, Map<String, String> env, Inputs inputs, OutputStream stdout, PrintStream stderr,
            Terminal terminal, BooleanSupplier cancelled, Memo memo, boolean shared) {
        this.shared = shared;
        this.cwd = cwd;
        this.env = env;
        this.inputs = inputs;
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
        this.cancelled = cancelled;
        this.memo = memo;
    }

    /** A command run for a client: every part given. */
    public static Invocation of(Path cwd, Map<String, String> env, Inputs inputs, OutputStream stdout,
            PrintStream stderr, Terminal terminal, BooleanSupplier cancelled) {
        if (!cwd.isAbsolute()) throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
        return new Invocation(cwd, Map.copyOf(env), inputs, stdout, stderr, terminal, cancelled, Memo.NONE, false);
    }

    /** This invocation with {@code memo} for what its commands may share with later ones. */
    public Invocation withMemo(Memo memo) {
        return new Invocation(cwd, env, inputs, stdout, stderr, terminal, cancelled, memo, shared);
    }

    /**
     * This invocation run inside a long-lived process that other commands share (the daemon),
     * where a user's own code (a model written in Java) must not run.
     */
    public Invocation inSharedProcess() {
        return new Invocation(cwd, env, inputs, stdout, stderr, terminal, cancelled, memo, true);
    }

    /** Whether the command runs in a process other commands share (see {@link #inSharedProcess()}). */
    public boolean shared() {
        return shared;
    }

    /** The invocation a command runs for: the one bound by {@link #run}, else this process. */
    public static Invocation current() {
        if (CURRENT.isBound()) return CURRENT.get();
        Invocation p = process;
        if (p == null) {
            p = new Invocation(Path.of("").toAbsolutePath(), null, new Inputs() {
                @Override
                public InputStream stdin() {
                    return System.in;
                }

                @Override
                public byte[] preRead(String given) {
                    return null;
                }
            }, System.out, System.err, null, () -> false, Memo.NONE, false);
            process = p;
        }
        return p;
    }

    /** Runs {@code body} with this invocation {@link #current()} on the calling thread. */
    public <T> T run(Callable<T> body) throws Exception {
        return ScopedValue.where(CURRENT, this).call(body::call);
    }

    /** The working directory that relative paths are resolved against (absolute). */
    public Path cwd() {
        return cwd;
    }

    /** {@code path} made absolute against {@link #cwd()}, for opening; an absolute one as it is. */
    public Path resolve(Path path) {
        return path.isAbsolute() ? path : cwd.resolve(path);
    }

    /** The caller's environment variable {@code name}, or null. */
    public String getenv(String name) {
        return env == null ? System.getenv(name) : env.get(name);
    }

    /**
     * Opens a model the user named {@code given}: {@code -} is standard input, a file the client
     * read already is served from memory, and anything else is opened against {@link #cwd()}.
     */
    public InputStream open(Path given) throws IOException {
        String name = given.toString();
        if (name.equals("-")) return inputs.stdin();
        byte[] read = inputs.preRead(name);
        if (read != null) return new java.io.ByteArrayInputStream(read);
        return Files.newInputStream(resolve(given));
    }

    /** Whether {@code given} is served by {@link #open} without a file: standard input or pre-read. */
    public boolean inMemory(Path given) {
        String name = given.toString();
        return name.equals("-") || inputs.preRead(name) != null;
    }

    /** Standard output, for bytes ({@code -o -}); the caller flushes it, never closes it. */
    public OutputStream stdout() {
        return stdout;
    }

    /** Standard error as a stream, for a progress bar. */
    public PrintStream stderr() {
        return stderr;
    }

    /** The caller's terminal on standard error, if any, and its width (0 when unknown). */
    public Terminal terminal() {
        if (terminal != null) return terminal;
        // On JDK 22+ console() is non-null even without a terminal; isTerminal() tells.
        java.io.Console console = System.console();
        boolean tty = console != null && console.isTerminal();
        int columns = 0;
        try {
            String c = System.getenv("COLUMNS");
            if (c != null) columns = Integer.parseInt(c.trim());
        } catch (NumberFormatException e) {
            columns = 0;
        }
        return new Terminal(tty, columns);
    }

    /** What the process keeps between commands: {@link Memo#NONE} unless it is a long-lived one. */
    public Memo memo() {
        return memo;
    }

    /** Whether the caller has gone or asked to stop (Ctrl-C): long work checks it and gives up. */
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
