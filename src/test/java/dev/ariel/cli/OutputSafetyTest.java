package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does to files: a failed run leaves an existing image untouched and says why in one
 * line, the model is never overwritten, links and permissions survive, and devices and standard
 * output are written in place.
 */
class OutputSafetyTest {
    private static final String CIRCLE = "models/circle.vm";
    private static final byte[] OLD = "an image the user had\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(new StringWriter()); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        return new Run(code, err.toString());
    }

    private static void assertOneLine(int code, String contains, Run r) {
        assertEquals(code, r.code(), r::err);
        assertEquals(1, r.err().lines().count(), () -> "one line: " + r.err());
        assertTrue(r.err().contains(contains), () -> "'" + contains + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), r::err);
    }

    @Test
    void aFailedRunLeavesTheOldImageUntouched() throws IOException {
        Path image = tmp.resolve("out.png");
        Files.write(image, OLD);
        Path bad = tmp.resolve("bad.vm");
        Files.writeString(bad, "_0 var-x\n_1 frobnicate _0\n");
        assertOneLine(ExitCodes.FAILURE, bad + ":2: unknown opcode 'frobnicate'", run("render", bad.toString(), "-s", "16", "-o",
                image.toString()));
        assertArrayEquals(OLD, Files.readAllBytes(image));
        assertEquals(List.of(image), listing(), "no temporary file is left behind");
    }

    @Test
    void aFullDeviceIsReportedAndStaysADevice() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && !Files.isRegularFile(full), "this system has no /dev/full");
        Run r = run("render", CIRCLE, "-s", "16", "-q", "-o", "/dev/full", "--format", "pgm");
        assertOneLine(ExitCodes.FAILURE, "No space left on device", r);
        assertFalse(Files.isRegularFile(full), "/dev/full was not replaced by a file");
        // Without --format, a name with no extension is a usage error that says what to do.
        assertOneLine(ExitCodes.USAGE, "--format", run("render", CIRCLE, "-s", "16", "-q", "-o", "/dev/full"));
    }

    @Test
    void anUnwritableDirectoryIsReportedBeforeAndAfterRendering() {
        // /proc refuses new files even to root, who ignores permission bits.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
        Run r = run("render", CIRCLE, "-s", "16", "-q", "-o", "/proc/ariel-test.png");
        assertEquals(ExitCodes.FAILURE, r.code(), r::err);
        assertEquals(1, r.err().lines().count(), r::err);
        assertTrue(r.err().startsWith("ariel: /proc/"), r::err);
        assertTrue(r.err().startsWith("ariel: /proc/ariel-test.png: "), () -> "names the user's path: " + r.err());
        assertFalse(r.err().contains(".tmp"), () -> "never the temporary file: " + r.err());
    }

    /**
     * Every output of every command, aimed at the model three ways (its own path, a symbolic link
     * to it, a hard link to it), is refused with one line before any work, and the model keeps its
     * bytes. {@code --format csv/json} and {@code --stats} print to standard output or error, so a
     * redirection onto the model is the shell's doing, not Ariel's, and not covered here. The
     * emitted files of {@code --emit-dir} are named after the model (MODEL.O0.ll), so they can
     * reach it only through links.
     */
    @Test
    void noOutputOfAnyCommandLandsOnTheModel() throws IOException {
        // A model whose name would pass for every output's kind of file: .svg is what --chart needs.
        Path model = tmp.resolve("model.svg");
        Files.copy(Path.of(CIRCLE), model);
        byte[] before = Files.readAllBytes(model);
        Path emitDir = Files.createDirectory(tmp.resolve("emitted"));
        record Output(String what, java.util.function.Function<Path, List<String>> args) {}
        List<Output> outputs = List.of(
                new Output("the image", p -> List.of("render", model.toString(), "-s", "16", "--format", "pgm", "-o", p.toString())),
                new Output("the IR", p -> List.of("render", model.toString(), "-s", "16", "--emit-llvm=" + p)),
                new Output("the assembly", p -> List.of("render", model.toString(), "-s", "16", "--emit-asm=" + p)),
                new Output("the chart", p -> List.of("compare", model.toString(), "-s", "16", "--runs", "1", "--levels", "O0",
                        "-q", "--chart", p.toString())),
                new Output("the mesh", p -> List.of("mesh", model.toString(), "--level", "2", "--format", "stl", "-o", p.toString())));
        int n = 0;
        for (Output o : outputs) {
            Path symlink = Files.createSymbolicLink(tmp.resolve("sym" + n + ".svg"), model);
            Path hardLink = Files.createLink(tmp.resolve("hard" + n++ + ".svg"), model);
            for (Path target : List.of(model, symlink, hardLink)) {
                Run r = run(o.args().apply(target).toArray(String[]::new));
                assertRefused(o.what(), r, target);
                assertArrayEquals(before, Files.readAllBytes(model), () -> o.what() + " through " + target);
            }
        }
        for (String ext : List.of(".ll", ".s")) {
            Path emitted = emitDir.resolve("model.svg.O0" + ext);
            for (boolean symbolic : List.of(true, false)) {
                if (symbolic) Files.createSymbolicLink(emitted, model);
                else Files.createLink(emitted, model);
                Run r = run("compare", model.toString(), "-s", "16", "--runs", "1", "--levels", "O0", "-q", "--emit-dir",
                        emitDir.toString());
                assertRefused(ext.equals(".ll") ? "the IR" : "the assembly", r, emitted);
                assertArrayEquals(before, Files.readAllBytes(model), () -> "--emit-dir through " + emitted);
                Files.delete(emitted);
            }
        }
    }

    private static void assertRefused(String what, Run r, Path target) {
        assertTrue(r.code() == ExitCodes.FAILURE || r.code() == ExitCodes.USAGE, () -> target + ": " + r);
        assertEquals(1, r.err().lines().count(), () -> "one line: " + r.err());
        assertTrue(r.err().startsWith("ariel: refusing to write " + what + " over the model "), () -> target + ": " + r.err());
        assertFalse(r.err().contains("\tat "), r::err);
    }

    @Test
    void twoOutputsOfOneRunOnOneFileAreAUsageError() throws IOException {
        Path x = tmp.resolve("x.pgm");
        assertOneLine(ExitCodes.USAGE, "-o and --emit-llvm both write " + x,
                run("render", CIRCLE, "-s", "16", "-o", x.toString(), "--emit-llvm=" + x));
        Path y = tmp.resolve("y.txt");
        assertOneLine(ExitCodes.USAGE, "--emit-llvm and --emit-asm both write " + y,
                run("render", CIRCLE, "-s", "16", "--emit-asm=" + y, "--emit-llvm=" + y));
        // Through a link to a file that does not exist yet, and through a hard link to one that does.
        Path link = Files.createSymbolicLink(tmp.resolve("link.ll"), x.getFileName());
        assertOneLine(ExitCodes.USAGE, "-o and --emit-llvm both write " + link,
                run("render", CIRCLE, "-s", "16", "-o", x.toString(), "--emit-llvm=" + link));
        Files.write(x, OLD);
        Path hard = Files.createLink(tmp.resolve("hard.s"), x);
        assertOneLine(ExitCodes.USAGE, "-o and --emit-asm both write " + hard,
                run("render", CIRCLE, "-s", "16", "-o", x.toString(), "--emit-asm=" + hard));
        assertArrayEquals(OLD, Files.readAllBytes(x), "nothing was written");
    }

    @Test
    void theModelIsNeverOverwritten() throws IOException {
        // A model whose name looks like an image, and a link to a model.
        Path model = tmp.resolve("model.png");
        Files.copy(Path.of(CIRCLE), model);
        byte[] before = Files.readAllBytes(model);
        assertOneLine(ExitCodes.FAILURE, "refusing to write the image over the model",
                run("render", model.toString(), "-s", "16", "-o", model.toString()));
        Path link = tmp.resolve("link.pgm");
        Files.createSymbolicLink(link, model);
        assertOneLine(ExitCodes.FAILURE, "refusing to write the image over the model",
                run("render", model.toString(), "-s", "16", "-o", link.toString()));
        Path vm = tmp.resolve("m.vm");
        Files.copy(Path.of(CIRCLE), vm);
        assertOneLine(ExitCodes.FAILURE, "refusing to write the IR over the model",
                run("render", vm.toString(), "-s", "16", "--emit-llvm=" + vm));
        assertArrayEquals(before, Files.readAllBytes(model));
        assertArrayEquals(before, Files.readAllBytes(vm));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aLinkIsFollowedAndPermissionsAreKept() throws IOException {
        Path real = tmp.resolve("real.png");
        Files.write(real, OLD);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = tmp.resolve("link.png");
        Files.createSymbolicLink(link, real);
        assertEquals(0, run("render", CIRCLE, "-s", "16", "-q", "-o", link.toString()).code());
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        byte[] png = Files.readAllBytes(real);
        assertEquals((byte) 0x89, png[0], "the file it names holds the new PNG");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }

    @Test
    void formatOverridesTheExtensionAndDashWritesToStandardOutput() throws Exception {
        Path pgm = tmp.resolve("image.bin");
        assertEquals(0, run("render", CIRCLE, "-s", "16", "-q", "-o", pgm.toString(), "--format", "pgm").code());
        assertTrue(new String(Files.readAllBytes(pgm), 0, 2, StandardCharsets.US_ASCII).equals("P5"));

        // Standard output, in a child JVM whose stdout we can read as bytes.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.ariel.cli.Main",
                "render", CIRCLE, "-s", "16", "-q", "-o", "-", "--format", "pgm"));
        Path out = tmp.resolve("stdout.bin");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertArrayEquals(Files.readAllBytes(pgm), Files.readAllBytes(out), "-o - writes the same bytes");

        assertOneLine(ExitCodes.USAGE, "both write to standard output",
                run("render", CIRCLE, "-s", "16", "-o", "-", "--emit-llvm"));
        assertOneLine(ExitCodes.USAGE, "expected png, ppm or pgm, not 'gif'",
                run("render", CIRCLE, "-s", "16", "-o", pgm.toString(), "--format", "gif"));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".vm")).sorted().toList();
        }
    }
}
