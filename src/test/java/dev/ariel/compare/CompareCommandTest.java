package dev.ariel.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.cli.Cli;
import dev.ariel.llvm.IrModule;
import dev.ariel.testing.LlvmTools;
import dev.ariel.testing.MiniJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@code ariel compare} on a small model of ours: every row, identical images, parseable output. */
class CompareCommandTest {
    private static final String MODEL = "models/showcase.vm";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void csvHasEveryRowAndConsistentNumbers() {
        Run r = run("compare", MODEL, "-s", "96", "--runs", "2", "--levels", "O0,O2", "--codegen", "none", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no progress without a terminal");
        List<String> lines = r.out().lines().toList();
        String[] header = lines.get(0).split(",");
        List<String> labels = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new java.util.HashMap<>();
            for (int k = 0; k < header.length; k++) row.put(header[k], cells[k]);
            labels.add(row.get("strategy") + " " + row.get("level"));
            assertEquals("true", row.get("identical"), "same image as the interpreter: " + line);
            double median = Double.parseDouble(row.get("render_median_ms"));
            assertTrue(median > 0 && Double.parseDouble(row.get("render_min_ms")) <= median
                    && median <= Double.parseDouble(row.get("render_max_ms")), line);
            if (row.get("interpreter").equals("false")) {
                double parts = 0;
                for (String part : List.of("build_ms", "passes_ms", "codegen_ms", "link_ms")) {
                    double v = Double.parseDouble(row.get(part));
                    assertTrue(v >= 0, part + " in " + line);
                    parts += v;
                }
                double compile = Double.parseDouble(row.get("compile_ms"));
                assertTrue(compile > 0 && compile >= parts - 0.01, "compile is the sum of its parts: " + line);
                assertTrue(Double.parseDouble(row.get("first_image_ms")) >= compile - 0.01,
                        "the first image includes the compile: " + line);
                assertTrue(Long.parseLong(row.get("ir_before")) > 0 && Long.parseLong(row.get("ir_after")) > 0, line);
                assertTrue(Long.parseLong(row.get("code_bytes")) > 0, line);
                assertTrue(Long.parseLong(row.get("break_even_frames")) >= 0, "every level has one below it: " + line);
            }
        }
        // O0's own codegen level is none: O0/none is O0, one row.
        assertEquals(List.of("brute interp", "brute O0", "brute O2", "brute O2/none", "pruned interp", "pruned O0",
                "pruned O2", "pruned O2/none"), labels);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonParsesAndTheTextTableHasEveryLevel() {
        Run json = run("compare", MODEL, "-s", "64", "--runs", "1", "--levels", "O1", "--strategy", "brute", "--format", "json");
        assertEquals(0, json.code(), json.err());
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(json.out());
        List<Object> rows = (List<Object>) root.get("rows");
        assertEquals(2, rows.size());
        Map<String, Object> o1 = (Map<String, Object>) rows.get(1);
        assertEquals("O1", o1.get("level"));
        assertEquals(Boolean.TRUE, o1.get("identical"));
        assertTrue((Double) o1.get("compile_ms") > 0);

        Run text = run("compare", MODEL, "-s", "64", "--runs", "1", "--levels", "O0,O3", "--strategy", "pruned");
        assertEquals(0, text.code(), text.err());
        for (String level : List.of("interp", "O0", "O3")) {
            assertTrue(text.out().lines().anyMatch(l -> l.startsWith("pruned") && l.contains(" " + level + " ")),
                    level + " row missing:\n" + text.out());
        }
        assertTrue(text.out().contains("render ms") && text.out().contains("break-even"), text.out());
    }

    @Test
    void theChartParsesAndLabelsEveryLevel() throws Exception {
        Path svg = tmp.resolve("c.svg");
        Run r = run("compare", MODEL, "-s", "64", "--runs", "1", "--levels", "O0,O1,O2,O3", "--strategy", "brute",
                "--format", "csv", "--chart", svg.toString());
        assertEquals(0, r.code(), r.err());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (int k = 0; k < texts.getLength(); k++) shown.add(texts.item(k).getTextContent().strip());
        for (String level : List.of("interp", "O0", "O1", "O2", "O3")) {
            assertTrue(shown.contains(level), level + " is not labelled: " + shown);
        }
    }

    @Test
    void emitDirWritesIrThatLlvmReparsesAndVerifies() throws Exception {
        Path dir = tmp.resolve("ir");
        Run r = run("compare", MODEL, "-s", "32", "--runs", "1", "--levels", "O0,O3", "--strategy", "brute",
                "--format", "csv", "--emit-dir", dir.toString(), "--codegen", "none");
        assertEquals(0, r.code(), r.err());
        for (String label : List.of("O0", "O3", "O3-none")) {
            Path ll = dir.resolve("showcase." + label + ".ll");
            Path s = dir.resolve("showcase." + label + ".s");
            assertTrue(Files.size(s) > 0 && Files.readString(s).contains("ariel_kernel"), s.toString());
            String text = Files.readString(ll);
            try (IrModule module = IrModule.parse(text, ll.getFileName().toString())) {
                module.verify();
                assertTrue(module.instructionCount() > 0);
            }
        }
        assertFalse(Files.readString(dir.resolve("showcase.O0.ll")).equals(Files.readString(dir.resolve("showcase.O3.ll"))),
                "the levels' IR differs, or there is nothing to diff");
    }

    @Test
    void debianOptAcceptsTheEmittedIr() throws Exception {
        Path opt = LlvmTools.requireOpt22();
        Path dir = tmp.resolve("ir");
        assertEquals(0, run("compare", MODEL, "-s", "32", "--runs", "1", "--levels", "O0,O2", "--strategy", "brute",
                "--format", "csv", "--emit-dir", dir.toString()).code());
        for (String label : List.of("O0", "O2")) {
            Process p = new ProcessBuilder(opt.toString(), "-passes=verify", "-disable-output",
                    dir.resolve("showcase." + label + ".ll").toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), output);
        }
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        Run r = run("compare", MODEL, "--levels", "O4");
        assertEquals(2, r.code());
        assertEquals("ariel: Invalid value for option '--levels' (LEVELS): levels are O0, O1, O2 or O3, separated by commas, "
                + "not 'O4' (see 'ariel compare --help')", r.err().lines().findFirst().orElse(""));
        assertEquals(2, run("compare", MODEL, "--format", "xml").code());
        assertEquals(2, run("compare", MODEL, "--chart", "c.png").code());
        assertEquals(2, run("compare", MODEL, "--runs", "0").code());
    }
}
