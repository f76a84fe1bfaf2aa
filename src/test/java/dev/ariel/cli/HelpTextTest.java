package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.io.Invocation;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Help text is wrapped by picocli, not by line breaks in the source, so that it reads at any
 * usage width: no description has a hard break, no wrapped line is an orphan fragment, and the
 * command list's summaries are whole sentences.
 */
class HelpTextTest {
    /** Every command of the tree, the root first, subcommands of subcommands included. */
    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) all.addAll(commands(sub));
        return all;
    }

    private static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    private static int words(String line) {
        String s = line.strip();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }

    /**
     * picocli starts a new line at every element of a description, so an element that ends
     * mid-sentence is a hard line break: each must end a sentence.
     */
    @Test
    void everyDescriptionElementEndsASentence() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : commands(Cli.fullTree())) {
            List<String> elements = new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
            for (ArgSpec arg : c.getCommandSpec().args()) elements.addAll(List.of(arg.description()));
            for (String e : elements) {
                if (!e.endsWith(".")) problems.add(name(c) + ": a description line ends mid-sentence: \"" + e + "\"");
            }
        }
        assertEquals(List.of(), problems, () -> String.join("\n", problems));
    }

    /**
     * At width 80, a line picocli wrapped, one that continues a description, has three words at
     * least: in the description paragraphs (every line), and in the option and command lists (a
     * line indented past the option names, column 6).
     */
    @Test
    void noOrphanFragmentsAtWidth80() {
        CommandLine root = Cli.fullTree();
        root.setUsageHelpWidth(80);
        List<String> problems = new ArrayList<>();
        for (CommandLine c : commands(root)) {
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> lines = help.lines().toList();
            int i = 1;
            while (i < lines.size() && lines.get(i).startsWith(" ")) i++; // the synopsis
            for (; i < lines.size() && !lines.get(i).isEmpty() && !lines.get(i).startsWith(" ")
                    && !lines.get(i).endsWith(":"); i++) {
                if (words(lines.get(i)) < 3) problems.add(name(c) + " --help: an orphan in the description: " + lines.get(i));
            }
            for (; i < lines.size(); i++) {
                String line = lines.get(i);
                int indent = line.length() - line.stripLeading().length();
                if (indent > 6 && words(line) < 3) problems.add(name(c) + " --help: an orphan in a list: " + line);
            }
        }
        assertEquals(List.of(), problems, () -> String.join("\n", problems));
    }

    /** The command list shows each command's first description line: a whole sentence of its own. */
    @Test
    void commandListSummariesAreWholeSentences() {
        CommandLine root = Cli.fullTree();
        root.setUsageHelpWidth(80);
        int checked = 0;
        for (CommandLine c : commands(root)) {
            if (c.getSubcommands().isEmpty()) continue;
            Map<String, String> summaries = summaries(c.getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertEquals(c.getSubcommands().keySet(), summaries.keySet(), name(c));
            for (Map.Entry<String, CommandLine> sub : c.getSubcommands().entrySet()) {
                String[] description = sub.getValue().getCommandSpec().usageMessage().description();
                String summary = summaries.get(sub.getKey());
                assertEquals(description[0], summary, name(c) + " " + sub.getKey());
                assertTrue(summary.endsWith("."), () -> name(c) + " " + sub.getKey() + ": no whole sentence: " + summary);
                // the next element starts a sentence, so the summary did not stop inside one
                assertTrue(description.length == 1 || !Character.isLowerCase(description[1].charAt(0)),
                        () -> name(c) + " " + sub.getKey() + ": the summary stops mid-sentence: " + summary);
                checked++;
            }
        }
        assertTrue(checked >= 11, "the root's nine commands and cache's two");
    }

    /** The command list of a help text: name to summary, its wrapped lines joined. */
    private static Map<String, String> summaries(String help) {
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.matches("  \\S+ +\\S.*")) {
                String[] parts = line.strip().split(" +", 2);
                last = parts[0];
                out.put(last, parts[1]);
            } else if (inList && line.startsWith("   ") && last != null) {
                out.put(last, out.get(last) + " " + line.strip());
            } else {
                inList = false;
            }
        }
        return out;
    }

    /** Help wraps at the caller's COLUMNS when it exports them (the daemon's client forwards it), else at 80. */
    @Test
    void helpWrapsAtTheCallersColumns() throws Exception {
        String wide = help("100");
        String unknown = help(null);
        assertTrue(longestLine(wide) > 80 && longestLine(wide) <= 100, wide);
        assertTrue(longestLine(unknown) <= 80 && longestLine(unknown) > 70, unknown);
        assertTrue(longestLine(help("30")) <= 55, "picocli's least width");
        assertEquals(55, Cli.helpWidth("30"));
        assertEquals(120, Cli.helpWidth("500"));
        assertEquals(80, Cli.helpWidth("wide"));
    }

    private static int longestLine(String text) {
        return text.lines().mapToInt(String::length).max().orElse(0);
    }

    /** {@code ariel render --help} for a caller whose COLUMNS is {@code columns} (null: not exported). */
    private static String help(String columns) throws Exception {
        StringWriter out = new StringWriter();
        Invocation caller = Invocation.of(Path.of("").toAbsolutePath(), columns == null ? Map.of() : Map.of("COLUMNS", columns),
                null, OutputStream.nullOutputStream(), System.err, new Invocation.Terminal(false, 0), () -> false);
        int code = caller.run(() -> {
            try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(new StringWriter())) {
                return Cli.run(new String[] {"render", "--help"}, o, e);
            }
        });
        assertEquals(0, code);
        return out.toString();
    }
}
