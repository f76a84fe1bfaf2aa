package dev.ariel.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The AOT cache's training run: scripts/ariel-aot starts it with {@code -XX:AOTCacheOutput} and
 * the commands of {@code native-config/aot.conf}, separated by {@code ---}. It runs them one after
 * the other in this JVM, as {@code ariel} would, so that the cache holds the classes, linkage and
 * method profiles of all of them. Their output is kept, and printed only if one fails.
 */
public final class AotTraining {
    private AotTraining() {}

    /** Runs each command; exits with 1 if one failed. */
    public static void main(String[] args) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("---")) {
                commands.add(current);
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        commands.add(current);
        boolean failed = false;
        for (List<String> command : commands) {
            if (command.isEmpty()) continue;
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintStream sink = new PrintStream(text, true, StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            int code = Main.run(command.toArray(String[]::new), sink, sink);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.err.printf("aot training: ariel %s: exit %d, %d ms%n", String.join(" ", command), code, ms);
            if (code != ExitCodes.OK) {
                System.err.print(text.toString(StandardCharsets.UTF_8));
                failed = true;
            }
        }
        if (commands.stream().allMatch(List::isEmpty)) {
            System.err.println("aot training: no commands; args were " + Arrays.toString(args));
            System.exit(ExitCodes.USAGE);
        }
        // The JVM writes the cache as it exits; System.exit does not wait for stray threads.
        System.exit(failed ? ExitCodes.FAILURE : ExitCodes.OK);
    }
}
