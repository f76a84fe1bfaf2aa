package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
