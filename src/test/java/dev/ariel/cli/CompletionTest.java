package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bash completion that scripts/install writes knows every command that --help lists. */
class CompletionTest {
    @Test
    void completesEveryCommandOfTheHelp() {
        StringWriter help = new StringWriter();
        int code;
        try (PrintWriter out = new PrintWriter(help); PrintWriter err = new PrintWriter(new StringWriter())) {
            code = Cli.run(new String[] {"--help"}, out, err);
        }
        assertEquals(0, code);
        List<String> commands = help.toString().lines().dropWhile(l -> !l.startsWith("Commands:")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).filter(l -> l.matches("  \\S.*")).map(l -> l.strip().split(" +")[0])
                .toList();
        assertFalse(commands.isEmpty(), help::toString);
        String script = Completion.script();
        assertTrue(script.contains("complete -F _complete_ariel"), "not a bash completion script");
        for (String command : commands) {
            assertTrue(script.contains("function _picocli_ariel_" + command + "()"), "no completion for " + command);
        }
        assertTrue(script.contains("--engine"), "render's options are missing");
    }

    /**
     * Every value the script completes an option with is one the parser accepts: the script's
     * {@code local MODE_option_args=("mono" "debug" "sdf") # --mode values} lines, in the function
     * of each command, each given back to that command as {@code --mode=mono}.
     */
    @Test
    void completesOnlyValuesTheParserAccepts() {
        Pattern function = Pattern.compile("^function _picocli_ariel(\\w*)\\(\\)");
        Pattern values = Pattern.compile("^\\s*local (\\w+_option_args)=\\((.*)\\) # (\\S+) values$");
        List<String> command = List.of();
        java.util.Set<String> lists = new java.util.HashSet<>();
        List<String> tried = new ArrayList<>();
        for (String line : Completion.script().lines().toList()) {
            Matcher f = function.matcher(line);
            if (f.find()) {
                command = f.group(1).isEmpty() ? List.of() : List.of(f.group(1).substring(1).split("_"));
                lists.clear();
            }
            Matcher v = values.matcher(line);
            if (!v.matches()) continue;
            // the script names a list by the option's label: a second one of a name replaces the first
            String where = String.join(" ", command);
            assertTrue(lists.add(v.group(1)), () -> "ariel " + where + ": two options share the list " + v.group(1));
            for (String quoted : v.group(2).split(" ")) {
                String value = quoted.substring(1, quoted.length() - 1);
                List<String> args = new ArrayList<>(command);
                args.add(v.group(3) + "=" + value);
                try {
                    Cli.fullTree().parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.MissingParameterException e) {
                    // mesh needs a MODEL; the option's value was taken
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError("completion offers what the parser rejects: ariel " + String.join(" ", args)
                            + ": " + e.getMessage(), e);
                }
                tried.add(String.join(" ", args));
            }
        }
        for (String expected : List.of("render --mode=mono", "render --format=png", "render --emit-stage=before",
                "render3d --mode=shaded", "mesh --format=stl-ascii", "render --codegen=none", "info --codegen=aggressive")) {
            assertTrue(tried.contains(expected), () -> "not completed: " + expected + "; completed: " + tried);
        }
    }
}
