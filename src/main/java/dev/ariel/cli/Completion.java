package dev.ariel.cli;

import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the bash completion script of {@code ariel} with picocli's generator, for scripts/install:
 * {@code java -cp target/ariel.jar dev.ariel.cli.Completion FILE}. The command tree is the one
 * {@link Cli} builds for {@code --help}, every subcommand included (Cli adds them at run time, so
 * picocli's own {@code AutoComplete ArielCommand} would see none).
 */
public final class Completion {
    private Completion() {}

    /** Writes the script to the file named by the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Completion FILE");
            System.exit(ExitCodes.USAGE);
        }
        OutputFiles.unguarded().write(Path.of(args[0]), script().getBytes(StandardCharsets.UTF_8), "the completion script");
    }

    /** The completion script for every command and option. */
    static String script() {
        return AutoComplete.bash("ariel", Cli.fullTree());
    }
}
