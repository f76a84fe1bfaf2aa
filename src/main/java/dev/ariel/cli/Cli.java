package dev.ariel.cli;

import dev.ariel.parse.ModelException;
import dev.ariel.wiring.EngineKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Runs the picocli command tree and maps every failure to a one-line message and an exit code:
 * no stack trace reaches the user unless {@code ARIEL_DEBUG} is set.
 */
public final class Cli {
    private Cli() {}

    // The subcommands, in the order the root's help lists them.
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = new java.util.LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("render", RenderCommand::new);
        SUBCOMMANDS.put("render3d", Render3dCommand::new);
        SUBCOMMANDS.put("mesh", MeshCommand::new);
        SUBCOMMANDS.put("info", InfoCommand::new);
        SUBCOMMANDS.put("compare", CompareCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("env", EnvCommand::new);
        SUBCOMMANDS.put("cache", CacheCommand::new);
        SUBCOMMANDS.put("daemon", DaemonCommand::new);
    }

    /** The whole command tree, every subcommand included, as help shows it (for completion scripts). */
    static CommandLine fullTree() {
        CommandLine cmd = new CommandLine(new ArielCommand());
        SUBCOMMANDS.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
        return cmd;
    }

    /** Runs {@code ariel} with {@code args}, printing to the given writers; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new ArielCommand());
        // Building a subcommand's model by reflection costs tens of milliseconds in a cold JVM, so
        // a run builds only the one it names; help and usage errors get all of them.
        String named = args.length > 0 ? args[0] : "";
        if (SUBCOMMANDS.containsKey(named)) {
            cmd.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
        }
        // Every command's --help lists the same exit codes.
        for (CommandLine c : java.util.List.of(cmd, cmd.getSubcommands().getOrDefault("render", cmd),
                cmd.getSubcommands().getOrDefault("info", cmd), cmd.getSubcommands().getOrDefault("mesh", cmd))) {
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
        }
        if (asksForHelp(args)) cmd.setUsageHelpWidth(helpWidth(dev.ariel.io.Invocation.current().getenv("COLUMNS")));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine sub = ex.getCommandLine();
            String name = sub.getCommandSpec().qualifiedName();
            err.println("ariel: " + ex.getMessage() + suggestion(ex) + " (see '" + name + " --help')");
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, sub, parsed) -> {
            // A model error starts the line with file:line, so that editors can jump to it.
            err.println(ex instanceof ModelException ? ex.getMessage() : "ariel: " + describe(ex));
            if (dev.ariel.io.Invocation.current().getenv("ARIEL_DEBUG") != null) ex.printStackTrace(err);
            return exitCode(ex);
        });
        try {
            return cmd.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler above; an Error (a StackOverflowError,
            // say) would otherwise leave main as a JVM stack trace with exit code 1.
            return uncaughtError(e, err);
        }
    }

    /** Whether {@code args} may print the usage help: {@code -h}, {@code --help} or short options with h. */
    private static boolean asksForHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-' && a.indexOf('h') > 0) return true;
        }
        return false;
    }

    /**
     * The width help text is wrapped at: {@code COLUMNS} when the caller exports it, within
     * picocli's least, 55, and 120, past which lines get hard to read; else picocli's own (80, or
     * {@code -Dpicocli.usage.width}). Not the width the daemon's client measures on its terminal:
     * a process of its own cannot measure it cheaply, and both must print the same bytes.
     */
    static int helpWidth(String columns) {
        int n = 0;
        try {
            if (columns != null) n = Integer.parseInt(columns.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n <= 0) return new CommandLine.Model.UsageMessageSpec().width();
        return Math.max(55, Math.min(120, n));
    }

    /**
     * {@code ; did you mean 'render'?} after a mistyped command or option: the first of picocli's
     * guesses within two edits of what was typed, or nothing. Its guesses are loose on their own:
     * {@code rendr} also gets {@code env}, and {@code --frob} gets {@code --frames}.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return "";
        String typed = u.getUnmatched().get(0);
        int eq = typed.indexOf('=');
        if (typed.startsWith("-") && eq > 0) typed = typed.substring(0, eq);
        for (String guess : u.getSuggestions()) {
            if (edits(typed, guess) <= 2) return "; did you mean '" + guess + "'?";
        }
        return "";
    }

    /** The Levenshtein distance between {@code a} and {@code b}. */
    static int edits(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) row[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /** The one line and exit code of an Error that reached the top: out of memory, or a bug. */
    static int uncaughtError(Error e, PrintWriter err) {
        err.println("ariel: " + describe(e));
        if (dev.ariel.io.Invocation.current().getenv("ARIEL_DEBUG") != null) e.printStackTrace(err);
        err.flush();
        return exitCode(e);
    }

    static String describe(Throwable ex) {
        if (ex instanceof ModelException) return ex.getMessage();
        if (ex instanceof NoSuchFileException e) return e.getFile() + ": no such file or directory";
        if (ex instanceof AccessDeniedException e) return e.getFile() + ": permission denied";
        if (ex instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (ex instanceof IOException) return String.valueOf(ex.getMessage());
        if (ex instanceof OutOfMemoryError) return "out of memory; try a smaller image or a larger heap (-Xmx)";
        if (EngineKind.llvmFailed(ex)) return "LLVM failed: " + ex.getMessage() + " (try --engine interp)";
        return "internal error: " + ex + " (set ARIEL_DEBUG=1 for a stack trace, and please report it)";
    }

    static int exitCode(Throwable ex) {
        return ex instanceof ModelException || ex instanceof IOException || ex instanceof OutOfMemoryError
                ? ExitCodes.FAILURE
                : ExitCodes.INTERNAL;
    }
}
