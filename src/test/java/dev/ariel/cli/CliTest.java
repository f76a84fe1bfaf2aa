package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code ariel} command line, run in-process: exit codes, one-line messages, output files. */
class CliTest {
    private static final Path CIRCLE = Path.of("models/circle.vm");

    @TempDir
    Path tmp;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        return new Run(code, out.toString(), err.toString());
    }

    static void assertExit(int expected, Run r) {
        assertEquals(expected, r.code(), () -> "wrong exit code; the run was:\n" + r);
    }

    /** A usage or file error: the expected exit code, and one plain line on stderr. */
    static void assertOneLineError(int code, String firstLine, Run r) {
        assertExit(code, r);
        assertEquals(firstLine, r.firstErrLine(), () -> "wrong message; the run was:\n" + r);
        assertNoStackTrace(r);
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), () -> "a stack trace leaked:\n" + r);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private List<String> tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.endsWith(".tmp")).toList();
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    void badModel() throws IOException {
        Path bad = write("bad.vm", "_0 var-x\n_1 frob _0\n");
        Path png = tmp.resolve("bad.png");
        Run r = run("render", bad.toString(), "-s", "16", "-o", png.toString());
        assertExit(ExitCodes.FAILURE, r);
        assertEquals(List.of(bad + ":2: unknown opcode 'frob'"), r.errLines(),
                () -> "expected exactly one line; the run was:\n" + r);
        assertNoStackTrace(r);
        assertFalse(Files.exists(png));
        assertEquals(List.of(), tempFiles(tmp));
    }

    @Test
    void badModelWithInfo() throws IOException {
        Path bad = write("bad.vm", "_0 var-x\n_0 neg _0\n");
        Run r = run("info", bad.toString());
        assertExit(ExitCodes.FAILURE, r);
        assertEquals(List.of(bad + ":2: '_0' is already defined on line 1"), r.errLines(),
                () -> "the run was:\n" + r);
        assertNoStackTrace(r);
        assertEquals("", r.out());
    }

    @Test
    void missingModel() {
        Path missing = tmp.resolve("missing.vm");
        assertOneLineError(ExitCodes.FAILURE, "ariel: " + missing + ": no such file or directory",
                run("render", missing.toString(), "-o", tmp.resolve("x.png").toString()));
        assertOneLineError(ExitCodes.FAILURE, "ariel: " + missing + ": no such file or directory",
                run("info", missing.toString()));
    }

    @Test
    void directoryAsModel() {
        Run r = run("render", tmp.toString(), "-s", "8", "-o", tmp.resolve("x.png").toString());
        assertOneLineError(ExitCodes.FAILURE, tmp + ": is a directory, not a model file", r);
    }

    @Test
    void unknownFlag() {
        assertOneLineError(ExitCodes.USAGE, "ariel: Unknown option: '--frob' (see 'ariel render --help')",
                run("render", "--frob"));
        assertOneLineError(ExitCodes.USAGE, "ariel: Unknown option: '--frob' (see 'ariel --help')", run("--frob"));
    }

    @Test
    void unknownSubcommand() {
        Run r = run("draw", CIRCLE.toString());
        assertExit(ExitCodes.USAGE, r);
        assertTrue(r.firstErrLine().startsWith("ariel: "), () -> r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void noSubcommand() {
        assertOneLineError(ExitCodes.USAGE, "ariel: a command is needed: render, info, compare, env or cache (see 'ariel --help')", run());
    }

    @Test
    void sizeZero() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: image size 0x0 is out of range: each side must be 1 to 16384 pixels (see 'ariel render --help')",
                run("render", CIRCLE.toString(), "-s", "0", "-o", tmp.resolve("x.png").toString()));
    }

    @Test
    void sizeNotANumber() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: Invalid value for option '--size': 'abc' is not an int (see 'ariel render --help')",
                run("render", CIRCLE.toString(), "-s", "abc", "-o", tmp.resolve("x.png").toString()));
    }

    @Test
    void sizeTooLarge() throws IOException {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: image size 99999x99999 is out of range: each side must be 1 to 16384 pixels (see 'ariel render --help')",
                run("render", CIRCLE.toString(), "-s", "99999", "-o", tmp.resolve("x.png").toString()));
        assertExit(ExitCodes.USAGE, run("render", CIRCLE.toString(), "--width", "16385", "-s", "8",
                "-o", tmp.resolve("x.png").toString()));
        assertFalse(Files.exists(tmp.resolve("x.png")));
        assertEquals(List.of(), tempFiles(tmp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "a,b", "1,2,3", "", ",", "0x,1"})
    void badCenter(String center) {
        Run r = run("render", CIRCLE.toString(), "--center", center, "-o", tmp.resolve("x.png").toString());
        assertExit(ExitCodes.USAGE, r);
        assertNoStackTrace(r);
        assertEquals(1, r.errLines().size(), () -> r.toString());
        // Picocli names the option with its label "(CX,CY)" when the field is an array, not otherwise.
        String tail = ": expected CX,CY, such as 0.5,-0.25, not '" + center + "' (see 'ariel render --help')";
        List<String> accepted = List.of("ariel: Invalid value for option '--center'" + tail,
                "ariel: Invalid value for option '--center' (CX,CY)" + tail);
        assertTrue(accepted.contains(r.firstErrLine()), () -> "wrong message\n  expected: " + accepted.get(0)
                + "\n  actual:   " + r.firstErrLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN,0", "0,Infinity"})
    void nonFiniteCenter(String center) {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: the centre and z must be finite numbers (see 'ariel render --help')",
                run("render", CIRCLE.toString(), "--center", center, "-o", tmp.resolve("x.png").toString()));
    }

    @Test
    void badScaleAndThreads() {
        Path png = tmp.resolve("x.png");
        assertExit(ExitCodes.USAGE, run("render", CIRCLE.toString(), "--scale", "0", "-o", png.toString()));
        assertExit(ExitCodes.USAGE, run("render", CIRCLE.toString(), "--scale", "-1", "-o", png.toString()));
        assertExit(ExitCodes.USAGE, run("render", CIRCLE.toString(), "--threads", "0", "-o", png.toString()));
        assertExit(ExitCodes.USAGE, run("render", CIRCLE.toString(), "--engine", "frob", "-o", png.toString()));
        assertFalse(Files.exists(png));
    }

    @Test
    void unknownOutputExtensionFailsBeforeReadingTheModel() {
        Path jpg = tmp.resolve("out.jpg");
        // The model does not exist: a usage error (2) rather than a missing file (1) shows that
        // the output name was checked first.
        Run r = run("render", tmp.resolve("missing.vm").toString(), "-s", "8", "-o", jpg.toString());
        assertOneLineError(ExitCodes.USAGE, "ariel: cannot tell the image format of '" + jpg
                + "': use a .png, .ppm or .pgm file name, or --format (see 'ariel render --help')", r);
        assertFalse(Files.exists(jpg));
    }

    @Test
    void outputInMissingDirectory() {
        Path dir = tmp.resolve("no-such-dir");
        Path png = dir.resolve("x.png");
        Run r = run("render", CIRCLE.toString(), "-s", "8", "-o", png.toString());
        assertOneLineError(ExitCodes.FAILURE, "ariel: cannot write " + png + ": directory " + dir + " does not exist", r);
        assertFalse(Files.exists(dir));
    }

    @Test
    void failedRenderKeepsTheExistingOutput() throws IOException {
        Path bad = write("bad.vm", "_0 var-x\n_1 const 1.2.3\n");
        Path png = write("old.png", "old bytes");
        byte[] before = Files.readAllBytes(png);
        Run r = run("render", bad.toString(), "-s", "16", "-o", png.toString());
        assertOneLineError(ExitCodes.FAILURE, bad + ":2: '1.2.3' is not a number", r);
        assertArrayEquals(before, Files.readAllBytes(png), "a failed render replaced the existing output");
        assertEquals(List.of(), tempFiles(tmp));
    }

    @Test
    void outputThatIsADirectoryLeavesNoTempFile() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("taken.png"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        Run r = run("render", CIRCLE.toString(), "-s", "8", "-o", target.toString());
        assertExit(ExitCodes.FAILURE, r);
        assertEquals(1, r.errLines().size(), () -> r.toString());
        assertTrue(r.firstErrLine().startsWith("ariel: "), () -> r.toString());
        assertNoStackTrace(r);
        assertEquals(List.of(), tempFiles(tmp));
        assertTrue(Files.isDirectory(target));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void outputThatIsADirectoryIsNamedInTheMessage() throws IOException {
        // The message must name the file the user gave, not the temp file that no longer exists.
        Path target = Files.createDirectory(tmp.resolve("taken.png"));
        Run r = run("render", CIRCLE.toString(), "-s", "8", "-o", target.toString());
        assertExit(ExitCodes.FAILURE, r);
        assertTrue(r.firstErrLine().contains(target.toString()) && !r.firstErrLine().contains(".tmp"),
                () -> "the message should name " + target + ", not a temp file; the run was:\n" + r);
    }

    // ---------------------------------------------------------------- help and version

    @Test
    void envNamesTheHostAndTheVectorWidth() {
        Run r = run("env");
        assertExit(ExitCodes.OK, r);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("llvm +20\\.1\\.7")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("vectors +(4|8|16) floats .*")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("host ") && l.contains(", cpu ")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("jdk ") && l.contains(Runtime.version().toString())), r::toString);
    }

    @Test
    void version() {
        Run r = run("--version");
        assertExit(ExitCodes.OK, r);
        assertTrue(r.out().startsWith("ariel "), () -> r.toString());
        assertFalse(r.out().startsWith("ariel ${"), () -> "version not filtered in: " + r);
        assertTrue(r.out().lines().anyMatch(l -> l.equals("LLVM 20.1.7 (bytedeco presets 1.5.12)")), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void renderHelpListsExitCodes() {
        Run r = run("render", "--help");
        assertExit(ExitCodes.OK, r);
        String help = r.out();
        assertTrue(help.contains("Exit codes:"), help);
        for (String line : List.of("0 +Success\\.", "1 +Bad model.*", "2 +Usage error.*", "3 +Internal error.*")) {
            assertTrue(help.lines().anyMatch(l -> l.strip().matches(line)), () -> "no line " + line + " in:\n" + help);
        }
        assertTrue(help.contains("--size"), help);
        assertTrue(help.contains("--center"), help);
        assertEquals("", r.err());
    }

    // ---------------------------------------------------------------- success

    @Test
    void renderBundledModelToPng() throws IOException {
        Path png = tmp.resolve("ariel.png");
        Run r = run("render", "-s", "64", "-o", png.toString());
        assertExit(ExitCodes.OK, r);
        assertTrue(r.firstErrLine().startsWith("wrote " + png + ": 64x64, "), () -> r.toString());
        Raster img = decodePng(png, 64, 64);
        int[] counts = histogram(img);
        assertTrue(counts[255] > 0, "no white pixels");
        assertTrue(counts[0] > 0, "no black pixels");
        assertEquals(64 * 64, counts[0] + counts[255], "only black and white expected");
        assertEquals(List.of(), tempFiles(tmp));
    }

    @Test
    void renderCircleToPng() throws IOException {
        Path png = tmp.resolve("x.png");
        Run r = run("render", CIRCLE.toString(), "-s", "64", "-o", png.toString(), "-q");
        assertExit(ExitCodes.OK, r);
        assertEquals("", r.err());
        assertEquals("", r.out());
        Raster img = decodePng(png, 64, 64);
        assertEquals(255, img.getSample(32, 32, 0), "the centre is inside the disc");
        assertEquals(0, img.getSample(0, 0, 0), "the corner is outside the disc");
        assertEquals(0, img.getSample(63, 63, 0), "the corner is outside the disc");
        int[] counts = histogram(img);
        // The disc of radius 0.75 covers about pi * 0.75^2 / 4 = 44% of [-1, 1]^2.
        double filled = counts[255] / (64.0 * 64.0);
        assertTrue(filled > 0.40 && filled < 0.48, "disc covers " + filled);
    }

    @Test
    void renderCircleToPgm() throws IOException {
        Path pgm = tmp.resolve("x.pgm");
        Run r = run("render", CIRCLE.toString(), "-s", "64", "-o", pgm.toString());
        assertExit(ExitCodes.OK, r);
        byte[] bytes = Files.readAllBytes(pgm);
        byte[] header = "P5\n64 64\n255\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(header, Arrays.copyOf(bytes, header.length), "P5 header");
        assertEquals(header.length + 64 * 64, bytes.length);
        assertEquals(255, bytes[header.length + 32 * 64 + 32] & 0xff, "the centre is inside the disc");
        assertEquals(0, bytes[header.length] & 0xff, "the corner is outside the disc");
    }

    @Test
    void renderReplacesAnExistingOutput() throws IOException {
        Path png = write("x.png", "old bytes");
        assertExit(ExitCodes.OK, run("render", CIRCLE.toString(), "-s", "16", "-o", png.toString(), "-q"));
        decodePng(png, 16, 16);
        assertEquals(List.of(), tempFiles(tmp));
    }

    @Test
    void widthAndHeight() throws IOException {
        Path png = tmp.resolve("wide.png");
        assertExit(ExitCodes.OK, run("render", CIRCLE.toString(), "--width", "40", "--height", "20",
                "--scale", "2", "-o", png.toString(), "-q"));
        decodePng(png, 40, 20);
    }

    @Test
    void center() throws IOException {
        // Centred on (0.75, 0), the left column is at x = -0.25: inside the disc of radius 0.75.
        Path png = tmp.resolve("moved.png");
        Run r = run("render", CIRCLE.toString(), "-s", "64", "--center", "0.75,0", "-o", png.toString(), "-q");
        assertExit(ExitCodes.OK, r);
        assertNoStackTrace(r);
        Raster img = decodePng(png, 64, 64);
        assertEquals(255, img.getSample(0, 32, 0), "x = -0.25 is inside the disc");
        assertEquals(0, img.getSample(63, 32, 0), "x = 1.75 is outside the disc");
    }

    @Test
    void infoShowsTheOpTable() throws IOException {
        Run r = run("info", CIRCLE.toString());
        assertExit(ExitCodes.OK, r);
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("model       " + CIRCLE, lines.get(0));
        assertTrue(lines.contains("ops         7 written, 7 after simplification: 6 instructions and 1 constant"), r.out());
        assertTrue(lines.contains("variables   x, y"), r.out());
        assertTrue(lines.contains(String.format("%-10s %9s %9s", "opcode", "written", "after")), r.out());
        assertTrue(lines.contains("square             2         2"), r.out());
        assertTrue(lines.contains("var-x              1         1"), r.out());
        assertTrue(lines.contains("const              1         1"), r.out());
        assertTrue(lines.contains("sub                1         1"), r.out());
        assertTrue(lines.contains("total              7         7"), r.out());
        assertFalse(r.out().contains("mul "), r.out());
    }

    @Test
    void infoShowsSimplification() throws IOException {
        Path m = write("dup.vm", "_0 var-x\n_1 var-x\n_2 mul _0 _1\n_3 const 2\n_4 const 3\n_5 add _3 _4\n_6 sub _2 _5\n");
        Run r = run("info", m.toString());
        assertExit(ExitCodes.OK, r);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("ops         7 written, 4 after simplification: 3 instructions and 1 constant"), r.out());
        assertTrue(lines.contains("var-x              2         1"), r.out());
        assertTrue(lines.contains("mul                1         0"), r.out());
        assertTrue(lines.contains("square             0         1"), r.out());
        assertTrue(lines.contains("const              2         1"), r.out());
        assertTrue(lines.contains("add                1         0"), r.out());
        assertTrue(lines.contains("variables   x"), r.out());
    }

    @Test
    void infoOnTheBundledModel() {
        Run r = run("info");
        assertExit(ExitCodes.OK, r);
        assertEquals("model       ariel.vm (bundled)", r.out().lines().findFirst().orElseThrow());
    }

    // ---------------------------------------------------------------- the JIT

    @Test
    void everyEngineAndStrategyDrawsTheSameImage() throws IOException {
        Path ref = tmp.resolve("ref.pgm");
        assertExit(ExitCodes.OK, run("render", "models/showcase.vm", "-s", "200", "-o", ref.toString(), "--engine", "interp",
                "--strategy", "brute"));
        for (String flags : List.of("", "--engine interp", "--engine jit", "--strategy brute", "--strategy brute --engine jit",
                "--engine jit --tiles 64,16,4 --compile-tile 16", "-N 3 --engine jit", "--threads 1 --tiles 32")) {
            Path out = tmp.resolve("out.pgm");
            List<String> args = new java.util.ArrayList<>(List.of("render", "models/showcase.vm", "-s", "200", "-o", out.toString()));
            if (!flags.isEmpty()) args.addAll(List.of(flags.split(" ")));
            Run r = run(args.toArray(String[]::new));
            assertExit(ExitCodes.OK, r);
            assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out), flags);
        }
    }

    @Test
    void theDefaultIsThePrunedTieredEngineAndOneSmallFrameCompilesNothing() throws IOException {
        Path out = tmp.resolve("a.png");
        Run r = run("render", "models/showcase.vm", "-s", "200", "-o", out.toString());
        assertExit(ExitCodes.OK, r);
        assertTrue(r.err().contains("pruned render ") && r.err().contains("tier 1 compiled nothing"), r::toString);
    }

    @Test
    void statsAsJsonHaveTheFieldsTheIssueNames() throws IOException {
        Path out = tmp.resolve("a.png");
        Run r = run("render", "models/showcase.vm", "-s", "128", "-o", out.toString(), "-N", "3", "--stats=json", "-q",
                "--engine", "jit", "--no-cache");
        assertExit(ExitCodes.OK, r);
        String json = r.err().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}") && !json.contains("\n"), r::toString);
        for (String key : List.of("frames", "first_frame_ms", "median_frame_ms", "compile_ms", "interval_ms", "eval_ms",
                "tapes_compiled", "cache_hits")) {
            assertTrue(json.matches(".*\"" + key + "\":[0-9.]+[,}].*"), key + " missing or not a number in " + json);
        }
        assertTrue(json.contains("\"frames\":3,"), json);
        assertTrue(json.matches(".*\"tapes_compiled\":[1-9][0-9]*,.*"), "--engine jit compiles tile tapes: " + json);
        assertTrue(json.matches(".*\"cache_hits\":[1-9][0-9]*,.*"), "later frames reuse them: " + json);
    }

    @Test
    void statsAsTextSplitTheTime() throws IOException {
        Path out = tmp.resolve("a.png");
        Run r = run("render", "models/showcase.vm", "-s", "128", "-o", out.toString(), "--stats", "-q");
        assertExit(ExitCodes.OK, r);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("time ") && l.contains("intervals") && l.contains("simplify")
                && l.contains("compile") && l.contains("write")), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdf", "debug"})
    void colourModesWriteRgbImages(String mode) throws IOException {
        Path out = tmp.resolve("m.png");
        Run r = run("render", "models/showcase.vm", "-s", "120", "-o", out.toString(), "--mode", mode);
        assertExit(ExitCodes.OK, r);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(3, img.getRaster().getNumBands(), "an RGB image");
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < 120; y += 3) for (int x = 0; x < 120; x += 3) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 3, "a picture, not a flat image: " + colours.size() + " colours");
    }

    @Test
    void emitLlvmAfterAJitRenderShowsEveryTileKernel() throws IOException {
        Path ll = tmp.resolve("k.ll");
        Path out = tmp.resolve("a.png");
        Run r = run("render", "models/showcase.vm", "-s", "256", "-o", out.toString(), "--engine", "jit", "--emit-llvm=" + ll);
        assertExit(ExitCodes.OK, r);
        String ir = Files.readString(ll);
        long headers = ir.lines().filter(l -> l.startsWith("; tile 128x128 px at pixel (")).count();
        long functions = ir.lines().filter(l -> l.startsWith("define void @ariel_kernel(")).count();
        assertTrue(headers > 0 && headers == functions, headers + " headers, " + functions + " functions:\n" + ir);
    }

    @Test
    void badTileOptions() {
        assertOneLineError(ExitCodes.USAGE, "ariel: Invalid value for option '--tiles': each tile size must divide the one "
                + "before it and be smaller: 128 then 48 (see 'ariel render --help')", run("render", "--tiles", "128,48"));
        assertOneLineError(ExitCodes.USAGE, "ariel: --compile-tile 100 is not one of the tile sizes 512,128,32,8 "
                + "(see 'ariel render --help')", run("render", "--compile-tile", "100", "--tiles", "512,128,32,8"));
        // The default sizes of a render of several frames.
        assertOneLineError(ExitCodes.USAGE, "ariel: --compile-tile 100 is not one of the tile sizes 512,128,32 "
                + "(see 'ariel render --help')", run("render", "--compile-tile", "100", "-N", "2"));
        assertOneLineError(ExitCodes.USAGE, "ariel: Invalid value for option '--mode': expected mono, debug or sdf, not 'rgb' "
                + "(see 'ariel render --help')", run("render", "--mode", "rgb"));
        assertOneLineError(ExitCodes.USAGE, "ariel: --stats takes no value or =json, not 'xml' (see 'ariel render --help')",
                run("render", "--stats=xml"));
        assertOneLineError(ExitCodes.USAGE, "ariel: -N must be at least 1, not 0 (see 'ariel render --help')",
                run("render", "-N", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-O2 --codegen none", "-O0 --codegen aggressive"})
    void everyLevelDrawsTheSameImage(String flags) throws IOException {
        Path ref = tmp.resolve("ref.pgm");
        assertExit(ExitCodes.OK, run("render", "-s", "96", "-o", ref.toString(), "--engine", "interp"));
        Path out = tmp.resolve("out.pgm");
        List<String> args = new java.util.ArrayList<>(List.of("render", "-s", "96", "-o", out.toString(), "-q"));
        args.addAll(List.of(flags.split(" ")));
        Run r = run(args.toArray(String[]::new));
        assertExit(ExitCodes.OK, r);
        assertEquals("", r.err());
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out));
    }

    @Test
    void badOptimizationLevels() {
        assertOneLineError(ExitCodes.USAGE, "ariel: Invalid value for option '-O': optimization level must be 0, 1, 2 or 3, "
                + "not '5' (see 'ariel render --help')", run("render", "-O5"));
        assertOneLineError(ExitCodes.USAGE, "ariel: Invalid value for option '--codegen': codegen level must be none, less, "
                + "default or aggressive, not 'fast' (see 'ariel render --help')", run("render", "--codegen", "fast"));
        assertOneLineError(ExitCodes.USAGE, "ariel: Invalid value for option '--engine': unknown engine 'llvm'; choose one "
                + "of auto, interp, jit (see 'ariel render --help')", run("render", "--engine", "llvm"));
    }

    @Test
    void emitLlvmWritesIrToStdoutAndRendersNothing() throws IOException {
        Path model = Files.copy(CIRCLE, tmp.resolve("circle.vm"));
        byte[] before = Files.readAllBytes(model);
        // The model path after --emit-llvm must stay the model, never become the IR's file.
        Run r = run("render", "--emit-llvm", model.toString());
        assertExit(ExitCodes.OK, r);
        assertTrue(r.out().contains("define void @ariel_kernel(ptr noalias %xs, ptr noalias %out, i64 %n, float %y, float %z)"), r::toString);
        assertTrue(r.out().contains("%_2 = fmul"), "values keep the model's names:\n" + r.out());
        assertArrayEquals(before, Files.readAllBytes(model));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(model), files.toList(), "nothing but the model in the directory");
        }
    }

    @Test
    void emitLlvmToAFileAfterThePasses() throws IOException {
        Path ll = tmp.resolve("k.ll");
        Run r = run("render", "--emit-llvm=" + ll, "--emit-stage", "after", "-O3", CIRCLE.toString());
        assertExit(ExitCodes.OK, r);
        assertEquals("", r.out());
        String ir = Files.readString(ll);
        assertTrue(ir.contains("define void @ariel_kernel("), ir);
        assertTrue(ir.contains("llvm.masked.store"), ir);
    }

    @Test
    void emitAsmAndRenderTogether() throws IOException {
        Path s = tmp.resolve("k.s");
        Path png = tmp.resolve("c.png");
        Run r = run("render", CIRCLE.toString(), "--emit-asm=" + s, "-o", png.toString(), "-s", "64");
        assertExit(ExitCodes.OK, r);
        assertTrue(Files.readString(s).contains("ariel_kernel:"), "assembly names the function");
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void aModelOverTheJitBudgetIsInterpreted() throws IOException {
        Path out = tmp.resolve("b.pgm");
        Path ref = tmp.resolve("ref.pgm");
        Run r = run("render", CIRCLE.toString(), "--jit-max-ops", "2", "-s", "64", "-o", out.toString(), "--strategy",
                "brute", "--engine", "jit");
        assertExit(ExitCodes.OK, r);
        assertTrue(r.firstErrLine().startsWith("ariel: models/circle.vm has 6 instructions, ") && r.firstErrLine().endsWith(
                "over the JIT's budget of 2 (--jit-max-ops); rendering with the interpreter"), r::toString);
        assertExit(ExitCodes.OK, run("render", CIRCLE.toString(), "--engine", "interp", "-s", "64", "-o", ref.toString()));
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out));
    }

    @Test
    void infoWithJitReportsCompileTimesAndCodeSize() {
        Run r = run("info", "--jit", "-O2", CIRCLE.toString());
        assertExit(ExitCodes.OK, r);
        assertTrue(r.out().contains("\njit         O2, LLVM 20.1.7, "), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("ir +\\d+ instructions before the passes, \\d+ after")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches(
                "compile +[0-9.]+ ms: IR build [0-9.]+, passes [0-9.]+, codegen [0-9.]+, link [0-9.]+")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("code +\\d+ bytes of machine code \\(object file \\d+ bytes\\)")), r::toString);
    }

    // ---------------------------------------------------------------- helpers

    private static Raster decodePng(Path png, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(img, png + " is not a PNG that ImageIO can read");
        assertEquals(width, img.getWidth(), "width");
        assertEquals(height, img.getHeight(), "height");
        assertEquals(1, img.getRaster().getNumBands(), "greyscale expected");
        assertEquals(1, img.getColorModel().getPixelSize(), "a mono image is a 1-bit PNG");
        return dev.ariel.testing.Pngs.samples(bytes);
    }

    private static int[] histogram(Raster img) {
        int[] counts = new int[256];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                counts[img.getSample(x, y, 0)]++;
            }
        }
        return counts;
    }
}
