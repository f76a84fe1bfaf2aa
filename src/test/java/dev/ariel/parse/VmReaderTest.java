package dev.ariel.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.SharedModels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code .vm} reader: golden error messages (one {@code NAME.vm} / {@code NAME.err} pair per
 * case in {@code src/test/resources/dev/ariel/parse/errors/}, in the style of SimpleLanguage's
 * test suite), limits, what the format accepts, and a write/read round trip of every model.
 */
class VmReaderTest {
    /** Where the golden error cases live, relative to the test class path. */
    private static final String ERRORS = "errors";

    /** {@code NAME.vm:LINE: detail} or {@code NAME.vm: detail}. */
    private static final Pattern MESSAGE = Pattern.compile("([^:]+)(?::(\\d+))?: .*");

    private static Path resourceDir(String name) {
        URL url = VmReaderTest.class.getResource(name);
        assertNotNull(url, "test resource folder dev/ariel/parse/" + name + " is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- golden error cases

    @TestFactory
    Stream<DynamicTest> goldenErrors() throws IOException {
        Path dir = resourceDir(ERRORS);
        List<Path> cases;
        try (Stream<Path> files = Files.list(dir)) {
            cases = files.filter(p -> p.getFileName().toString().endsWith(".vm")).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no .vm files in " + dir);
        return cases.stream().map(vm -> DynamicTest.dynamicTest(vm.getFileName().toString(), vm.toUri(),
                () -> checkGolden(vm)));
    }

    private static void checkGolden(Path vm) throws IOException {
        String fileName = vm.getFileName().toString();
        Path errFile = vm.resolveSibling(fileName.substring(0, fileName.length() - 3) + ".err");
        assertTrue(Files.isRegularFile(errFile), "missing golden message " + errFile.getFileName());
        String golden = Files.readString(errFile, StandardCharsets.UTF_8);
        String expected = golden.endsWith("\n") ? golden.substring(0, golden.length() - 1) : golden;
        assertFalse(expected.contains("\n") || expected.contains("\r"),
                errFile.getFileName() + " must hold exactly one line");
        Matcher m = MESSAGE.matcher(expected);
        assertTrue(m.matches(), errFile.getFileName() + " is not of the form NAME.vm[:LINE]: detail");
        assertEquals(fileName, m.group(1), errFile.getFileName() + " names another file");
        int expectedLine = m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;

        byte[] bytes = Files.readAllBytes(vm);
        ModelException e;
        try {
            ParsedModel parsed = VmReader.parse(bytes, fileName, ReadLimits.defaults());
            fail(fileName + " should fail with\n  expected: " + expected + "\nbut it parsed to a model of "
                    + parsed.opLines() + " op lines");
            return;
        } catch (ModelException ex) {
            e = ex;
        }
        String actual = e.getMessage();
        assertEquals(expected, actual,
                () -> fileName + ": wrong message\n  expected: " + expected + "\n  actual:   " + actual);
        assertEquals(expectedLine, e.line(), () -> fileName + ": wrong line() for message " + actual);
        assertEquals(fileName, e.source(), fileName + ": wrong source()");
    }

    @Test
    void everyGoldenMessageHasItsInput() throws IOException {
        Path dir = resourceDir(ERRORS);
        TreeSet<String> vms = new TreeSet<>();
        TreeSet<String> errs = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".vm")) vms.add(n.substring(0, n.length() - 3));
                if (n.endsWith(".err")) errs.add(n.substring(0, n.length() - 4));
            }
        }
        errs.removeAll(vms);
        assertTrue(errs.isEmpty(), ".err files without a .vm: " + errs);
    }

    @Test
    void readUsesThePathAsGivenInMessages() throws IOException {
        Path vm = resourceDir(ERRORS).resolve("unknown-opcode.vm");
        ModelException e = assertThrows(ModelException.class, () -> VmReader.read(vm));
        assertEquals(vm + ":3: unknown opcode 'frob'", e.getMessage());
        assertEquals(vm.toString(), e.source());
        assertEquals(3, e.line());
        assertEquals("unknown opcode 'frob'", e.detail());
    }

    // ---------------------------------------------------------------- limits and files

    @Test
    void opLimit() throws ModelException {
        String text = "# four ops\n_0 var-x\n_1 var-y\n\n_2 add _0 _1\n_3 neg _2\n";
        ReadLimits three = ReadLimits.defaults().withMaxOps(3);
        ModelException e = assertThrows(ModelException.class,
                () -> VmReader.parse(text.getBytes(StandardCharsets.UTF_8), "big.vm", three));
        assertEquals("big.vm:6: the model has more than 3 ops, the limit", e.getMessage());
        assertEquals(6, e.line());
        // Exactly at the limit is fine; comments and blank lines do not count.
        ParsedModel ok = VmReader.parse(text.substring(0, text.indexOf("_3")).getBytes(StandardCharsets.UTF_8),
                "ok.vm", three);
        assertEquals(3, ok.opLines());
    }

    /**
     * The op limit is checked by counting op lines before any is parsed, so a model over it is
     * refused before the graph is built: a 4,000,001-op file took a minute and ran a 1 GiB heap
     * out of memory before it reached the line that passed the limit. Found by FuzzTest.
     */
    @Test
    void opLimitIsCheckedBeforeParsing() {
        ReadLimits three = ReadLimits.defaults().withMaxOps(3);
        // Line 2 is wrong too, but only a parse would find that: the count comes first.
        String over = "_0 var-x\n_1 frob _0\n# comment\n\n_2 neg _0\n_3 neg _2\n";
        ModelException e = assertThrows(ModelException.class,
                () -> VmReader.parse(over.getBytes(StandardCharsets.UTF_8), "over.vm", three));
        assertEquals("over.vm:6: the model has more than 3 ops, the limit", e.getMessage());
        // CRLF, CR, blank lines and indented comments count as the parser reads them.
        String mixed = "\t# c\r\n_0 var-x\r_1 neg _0\r\n   \n\t_2 neg _1\n_3 neg _2";
        ModelException m = assertThrows(ModelException.class,
                () -> VmReader.parse(mixed.getBytes(StandardCharsets.UTF_8), "mixed.vm", three));
        assertEquals("mixed.vm:6: the model has more than 3 ops, the limit", m.getMessage());
        // A control byte stops the count: that line is reported as binary data, as before.
        byte[] binary = "_0 var-x\n_1\u0000neg _0\n_2 neg _0\n_3 neg _0\n_4 neg _0\n".getBytes(StandardCharsets.UTF_8);
        ModelException b = assertThrows(ModelException.class, () -> VmReader.parse(binary, "bin.vm", three));
        assertEquals("bin.vm:2: binary data: a NUL byte (this is not a .vm text file)", b.getMessage());
    }

    @Test
    void fileByteLimit(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.vm");
        Files.writeString(big, "_0 var-x\n_1 neg _0\n");
        ReadLimits ten = ReadLimits.defaults().withMaxFileBytes(10);
        ModelException e = assertThrows(ModelException.class, () -> VmReader.read(big, ten));
        assertEquals(big + ": file is 19 bytes, over the limit of 10 bytes", e.getMessage());
        assertEquals(0, e.line());

        Path exact = dir.resolve("exact.vm");
        Files.writeString(exact, "_0 var-x\n\n"); // 10 bytes: at the limit, accepted
        assertEquals(1, VmReader.read(exact, ten).opLines());

        // The same limit applies to bytes parsed directly.
        ModelException e2 = assertThrows(ModelException.class,
                () -> VmReader.parse(Files.readAllBytes(big), "big.vm", ten));
        assertEquals("big.vm: file is 19 bytes, over the limit of 10 bytes", e2.getMessage());
    }

    @Test
    void fileSizeIsCheckedBeforeReading(@TempDir Path dir) throws Exception {
        // A sparse 1 GiB file: reading it before checking its size would take seconds and
        // hundreds of MiB of heap; checking first fails at once. Its first line is a NUL byte,
        // so a reader that parsed before checking would report binary data instead.
        Path huge = dir.resolve("huge.vm");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        ModelException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ModelException.class, () -> VmReader.read(huge)));
        assertEquals(huge + ": file is 1073741824 bytes, over the limit of 268435456 bytes", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void directoryAsModel(@TempDir Path dir) {
        ModelException e = assertThrows(ModelException.class, () -> VmReader.read(dir));
        assertEquals(dir + ": is a directory, not a model file", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void missingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> VmReader.read(dir.resolve("missing.vm")));
    }

    // ---------------------------------------------------------------- what the format accepts

    @Test
    void commentsBlankLinesTabsAndCrlf() throws ModelException {
        String text = "# header\r\n\r\n\t_0\tvar-x \r\n   # indented comment\r\n \t \r\n"
                + "_1 const\t2\r\n_2\tmul   _0 \t _1\r\n\f_3 neg _2\u000b\r\n# trailing comment, no newline";
        ParsedModel p = VmReader.parse(text, "t.vm");
        assertEquals(4, p.opLines());
        ExprGraph g = p.graph();
        assertEquals(Opcode.NEG, g.opcode(p.root()));
        int mul = g.lhs(p.root());
        assertEquals(Opcode.MUL, g.opcode(mul));
        assertEquals(Opcode.VAR_X, g.opcode(g.lhs(mul)));
        assertEquals(Opcode.CONST, g.opcode(g.rhs(mul)));
        assertEquals(2.0, g.constant64(g.rhs(mul)));
        assertEquals("_3", g.name(p.root()));
        assertEquals(1, p.linesOf(Opcode.VAR_X));
        assertEquals(1, p.linesOf(Opcode.CONST));
        assertEquals(0, p.linesOf(Opcode.ADD));
    }

    @Test
    void lastLineWithoutNewline() throws ModelException {
        ParsedModel p = VmReader.parse("_0 var-x\n_1 neg _0", "t.vm");
        assertEquals(2, p.opLines());
        assertEquals(Opcode.NEG, p.graph().opcode(p.root()));
    }

    @Test
    void crlfFixtureReadsLikeTheLfModel() throws Exception {
        Path crlf = resourceDir("valid").resolve("crlf-circle.vm");
        assertTrue(new String(Files.readAllBytes(crlf), StandardCharsets.US_ASCII).contains("\r\n"),
                "the fixture lost its CRLF line endings (check .gitattributes)");
        ParsedModel a = VmReader.read(crlf);
        ParsedModel b = VmReader.read(Path.of("models/circle.vm"));
        assertEquals(7, a.opLines());
        assertTapesIdentical("crlf-circle.vm vs circle.vm", SsaTape.of(a.graph(), a.root()),
                SsaTape.of(b.graph(), b.root()));
    }

    @Test
    void trailingCommentsCrLineEndingsAndAByteOrderMarkAreAccepted() throws Exception {
        ParsedModel comment = VmReader.read(resourceDir("valid").resolve("trailing-comment.vm"));
        assertEquals(Opcode.VAR_X, comment.graph().opcode(comment.root()));
        ParsedModel cr = VmReader.read(resourceDir("valid").resolve("mac-cr-line-endings.vm"));
        assertEquals(2, cr.opLines());
        assertEquals(Opcode.NEG, cr.graph().opcode(cr.root()));
        byte[] bom = "\uFEFF_0 var-x\n_1 neg _0 # negated\n".getBytes(StandardCharsets.UTF_8);
        ParsedModel withBom = VmReader.parse(bom, "bom.vm", dev.ariel.parse.ReadLimits.defaults());
        assertEquals("_0", withBom.graph().name(withBom.graph().lhs(withBom.root())));
        ModelException e = assertThrows(ModelException.class,
                () -> VmReader.parse("_0 var-x\r\n_1 frob _0 # x\r_2 neg _1\n", "mixed.vm"));
        assertEquals("mixed.vm:2: unknown opcode 'frob'", e.getMessage());
    }

    @Test
    void hugeTokensAreShortenedInMessages() {
        String huge = "z".repeat(100_000);
        ModelException e = assertThrows(ModelException.class, () -> VmReader.parse("_0 " + huge + "\n", "huge.vm"));
        assertEquals("huge.vm:1: unknown opcode '" + "z".repeat(37) + "...'", e.getMessage());
    }

    @Test
    void anyTokenIsAnId() throws ModelException {
        ParsedModel p = VmReader.parse("a var-x\né var-y\nx.y add a é\n42 neg x.y\n-1 sqrt 42\n", "ids.vm");
        ExprGraph g = p.graph();
        int root = p.root();
        assertEquals("-1", g.name(root));
        assertEquals(Opcode.SQRT, g.opcode(root));
        int neg = g.lhs(root);
        assertEquals("42", g.name(neg));
        int add = g.lhs(neg);
        assertEquals("x.y", g.name(add));
        assertEquals(Opcode.ADD, g.opcode(add));
        assertEquals("a", g.name(g.lhs(add)));
        assertEquals("é", g.name(g.rhs(add)));
        assertEquals(Opcode.VAR_Y, g.opcode(g.rhs(add)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nan       | NaN
            NaN       | NaN
            -nan      | NaN
            inf       | Infinity
            +inf      | Infinity
            Infinity  | Infinity
            -inf      | -Infinity
            -Infinity | -Infinity
            +1e3      | 1000.0
            1E3       | 1000.0
            1e-3      | 0.001
            .5        | 0.5
            -.5       | -0.5
            5.        | 5.0
            007       | 7.0
            -0        | -0.0
            0.0       | 0.0
            2.95      | 2.95
            1e400     | Infinity
            1e-400    | 0.0
            """)
    void numberLiterals(String literal, String expected) throws ModelException {
        ParsedModel p = VmReader.parse("_0 const " + literal + "\n", "n.vm");
        double actual = p.graph().constant64(p.root());
        double want = Double.parseDouble(expected);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(actual),
                () -> "'" + literal + "': expected " + want + ", got " + actual);
        assertEquals(Float.floatToIntBits((float) want), Float.floatToIntBits(p.graph().constant32(p.root())),
                () -> "'" + literal + "': f32 value is not the double rounded once");
    }

    @Test
    void lastOpIsTheResultEvenWhenEarlierOpsAreUnused() throws ModelException {
        ParsedModel p = VmReader.parse("_0 var-x\n_1 var-y\n_2 square _0\n_3 const 7\n_4 neg _1\n", "t.vm");
        assertEquals(5, p.opLines());
        ExprGraph g = p.graph();
        assertEquals(Opcode.NEG, g.opcode(p.root()));
        assertEquals(Opcode.VAR_Y, g.opcode(g.lhs(p.root())));
        SsaTape tape = SsaTape.of(g, p.root());
        assertEquals(2, tape.length(), "unused ops must not reach the tape");
        assertEquals(0, tape.constantCount());
        assertEquals(Opcode.VAR_Y, tape.opcode(0));
        assertEquals(Opcode.NEG, tape.opcode(1));
        assertEquals(1, tape.output());
    }

    @Test
    void aConstantModel() throws ModelException {
        ParsedModel p = VmReader.parse("_0 var-x\n_1 const -2.5\n", "t.vm");
        SsaTape tape = SsaTape.of(p.graph(), p.root());
        assertEquals(0, tape.length());
        assertTrue(SsaTape.isConstant(tape.output()));
        assertEquals(-2.5, tape.constant64(SsaTape.constantIndex(tape.output())));
    }

    @Test
    void identicalLinesAreOneNode() throws ModelException {
        ParsedModel p = VmReader.parse(
                "_0 var-x\n_1 var-x\n_2 square _0\n_3 square _1\n_4 const 1.5\n_5 const 1.5\n_6 add _2 _3\n_7 mul _4 _5\n_8 add _6 _7\n",
                "t.vm");
        ExprGraph g = p.graph();
        assertEquals(9, p.opLines());
        assertEquals(2, p.linesOf(Opcode.VAR_X));
        assertEquals(2, p.linesOf(Opcode.SQUARE));
        // var-x, square, 1.5, add(sq, sq), 2.25 (1.5 * 1.5 folded), add: six nodes for nine lines.
        assertEquals(6, g.size(), "duplicate lines must share a node");
        int add6 = g.lhs(p.root());
        assertEquals(Opcode.ADD, g.opcode(add6));
        assertEquals(g.lhs(add6), g.rhs(add6), "square _0 and square _1 must be one node");
        assertEquals("_2", g.name(g.lhs(add6)), "a shared node keeps the first id that named it");
        assertEquals("_0", g.name(g.lhs(g.lhs(add6))));
    }

    // ---------------------------------------------------------------- round trip and real models

    @TestFactory
    Stream<DynamicTest> roundTripBundledModels() throws IOException {
        return roundTrips(Path.of("models"));
    }

    @TestFactory
    Stream<DynamicTest> roundTripSharedModels() throws IOException {
        return roundTrips(SharedModels.requireDir());
    }

    private static Stream<DynamicTest> roundTrips(Path dir) throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.list(dir)) {
            models = files.filter(p -> p.getFileName().toString().endsWith(".vm")).sorted().toList();
        }
        assertFalse(models.isEmpty(), "no models in " + dir);
        return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(), () -> {
            ParsedModel first = VmReader.read(p);
            String text = VmWriter.write(first.graph(), first.root());
            ParsedModel second = VmReader.parse(text, p.getFileName() + " (written)");
            assertTapesIdentical(p.getFileName().toString(), SsaTape.of(first.graph(), first.root()),
                    SsaTape.of(second.graph(), second.root()));
            // Writing is a fixed point once the graph has been through the reader.
            assertEquals(text, VmWriter.write(second.graph(), second.root()));
        }));
    }

    private static void assertTapesIdentical(String what, SsaTape a, SsaTape b) {
        assertEquals(a.length(), b.length(), what + ": tape length");
        assertEquals(a.constantCount(), b.constantCount(), what + ": constant count");
        assertEquals(a.output(), b.output(), what + ": output operand");
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) {
            int k = i;
            if (a.opcode(k) != b.opcode(k) || a.lhs(k) != b.lhs(k) || a.rhs(k) != b.rhs(k)) {
                checks.add(() -> fail(what + ": instruction " + k + " differs: " + a.opcode(k) + " " + a.lhs(k)
                        + " " + a.rhs(k) + " vs " + b.opcode(k) + " " + b.lhs(k) + " " + b.rhs(k)));
            }
        }
        for (int i = 0; i < a.constantCount(); i++) {
            int k = i;
            // Bitwise, except that all NaNs are one value (the format has one spelling, "nan").
            long a64 = Double.doubleToLongBits(a.constant64(k));
            long b64 = Double.doubleToLongBits(b.constant64(k));
            int a32 = Float.floatToIntBits(a.constant(k));
            int b32 = Float.floatToIntBits(b.constant(k));
            if (a64 != b64 || a32 != b32) {
                checks.add(() -> fail(what + ": constant " + k + " differs: f64 " + a.constant64(k) + " / f32 "
                        + a.constant(k) + " (0x" + Integer.toHexString(a32) + ") vs f64 " + b.constant64(k)
                        + " / f32 " + b.constant(k) + " (0x" + Integer.toHexString(b32) + ")"));
            }
        }
        if (checks.size() > 20) checks = checks.subList(0, 20);
        assertAll(what, checks);
    }

    @Test
    void prosperoHas7866Ops() throws Exception {
        Path prospero = SharedModels.require("prospero.vm");
        ParsedModel p = VmReader.read(prospero);
        assertEquals(7866, p.opLines());
        List<String> opLines = Files.readAllLines(prospero).stream()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        assertEquals(7866, opLines.size());
        String lastId = opLines.get(7865).strip().split("\\s+")[0];
        assertEquals("_1eb9", lastId, "the 7,866th op line is _1eb9 (0x1eb9 = 7865)");
        assertEquals(lastId, p.graph().name(p.root()), "the root is the node of the 7,866th op line");
        assertEquals(Opcode.MIN, p.graph().opcode(p.root()));
    }
}
