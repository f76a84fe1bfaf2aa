package dev.ariel.cli;

import dev.ariel.io.OutputFiles;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.Choices;
import dev.ariel.wiring.CompileSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
        return AutoComplete.bash("ariel", spelled(Cli.fullTree()));
    }

    /**
     * {@code cmd} and its subcommands with every choice option's completion candidates spelled as
     * the parser takes them. picocli completes an enum option with the constants' names, MONO or
     * STL_ASCII, which the converters reject; an option's candidates are fixed when it is built,
     * so such an option is rebuilt with the labels instead. Only the completion script needs
     * this, so a run does not pay for it.
     */
    static CommandLine spelled(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        for (OptionSpec option : List.copyOf(spec.options())) {
            List<String> labels = spellings(option.type());
            if (labels == null) continue;
            spec.remove(option);
            spec.addOption(option.toBuilder().completionCandidates(labels).build());
        }
        cmd.getSubcommands().values().forEach(Completion::spelled);
        return cmd;
    }

    /**
     * The values the CLI accepts for an option of {@code type}, as it spells them; null if not a
     * choice. Not -O's levels: picocli's script names its value lists by the parameter label, and
     * -O and --codegen are both LEVEL, so the one list would serve both.
     */
    static List<String> spellings(Class<?> type) {
        if (type.isEnum() && Choices.Choice.class.isAssignableFrom(type)) {
            return Arrays.stream(type.getEnumConstants()).map(c -> ((Choices.Choice) c).label()).toList();
        }
        if (type == CompileSettings.Codegen.class) {
            return Arrays.stream(OptLevel.CodegenLevel.values()).map(OptLevel.CodegenLevel::text).toList();
        }
        return null;
    }
}
