package dev.ariel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way Ariel writes a file a user named: atomic, through links, never over the model, errors naming the user's path. */
class OutputFilesTest {
    private static final byte[] MODEL = "_0 var-x\n_1 var-y\n_2 add _0 _1\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new bytes\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void theModelIsRefusedByNameThroughASymbolicLinkAndThroughAHardLink() throws IOException {
        Path model = Files.write(dir.resolve("m.vm"), MODEL);
        Path symlink = Files.createSymbolicLink(dir.resolve("sym.png"), model);
        Path hardLink = Files.createLink(dir.resolve("hard.png"), model);
        Path viaDotDot = dir.resolve("sub").resolve("..").resolve("m.vm");
        Files.createDirectory(dir.resolve("sub"));
        OutputFiles outputs = OutputFiles.protecting("model", model);
        for (Path p : List.of(model, symlink, hardLink, viaDotDot)) {
            OutputRefusedException e = assertThrows(OutputRefusedException.class, () -> outputs.write(p, NEW, "the image"));
            assertTrue(e.getMessage().startsWith("refusing to write the image over the model " + model), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertArrayEquals(MODEL, Files.readAllBytes(model));
        assertTrue(Files.isSymbolicLink(symlink));
        assertEquals(List.of("hard.png", "m.vm", "sub", "sym.png"), names(), "no temporary file is left behind");
        // A file that is not the model is written, also beside it.
        outputs.write(dir.resolve("m.vm.png"), NEW, "the image");
        assertArrayEquals(NEW, Files.readAllBytes(dir.resolve("m.vm.png")));
    }

    @Test
    void aFileIsWrittenOncePerRun() throws IOException {
        OutputFiles outputs = OutputFiles.unguarded();
        Path out = dir.resolve("out.ll");
        outputs.write(out, NEW, "the IR");
        Path link = Files.createSymbolicLink(dir.resolve("link.s"), out);
        OutputRefusedException e = assertThrows(OutputRefusedException.class, () -> outputs.write(link, MODEL, "the assembly"));
        assertTrue(e.getMessage().contains("this run already wrote " + out), e.getMessage());
        assertArrayEquals(NEW, Files.readAllBytes(out), "the first output survives");
        // Another run may replace it.
        OutputFiles.unguarded().write(link, MODEL, "the assembly");
        assertArrayEquals(MODEL, Files.readAllBytes(out));
    }

    @Test
    void twoOutputsNamingOneFileAreFoundBeforeEitherExists() throws IOException {
        Path a = dir.resolve("a.pgm");
        Path dangling = Files.createSymbolicLink(dir.resolve("b.ll"), Path.of("a.pgm"));
        Map<String, Path> byOption = new LinkedHashMap<>();
        byOption.put("-o", a);
        byOption.put("--emit-asm", dir.resolve("c.s"));
        byOption.put("--emit-llvm", dangling);
        assertEquals(Optional.of("-o and --emit-llvm both write " + dangling + ": give each output its own file"),
                OutputFiles.sameFile(byOption));
        byOption.put("--emit-llvm", dir.resolve("sub/../a.pgm"));
        assertTrue(OutputFiles.sameFile(byOption).isPresent());
        byOption.put("--emit-llvm", dir.resolve("d.ll"));
        assertEquals(Optional.empty(), OutputFiles.sameFile(byOption));
        // A device may take every output.
        assumeTrue(Files.exists(Path.of("/dev/null")));
        assertEquals(Optional.empty(), OutputFiles.sameFile(Map.of("-o", Path.of("/dev/null"), "--emit-llvm", Path.of("/dev/null"))));
    }

    @Test
    void aLinkIsFollowedAndPermissionsAreKept() throws IOException {
        Path real = Files.write(dir.resolve("real.svg"), MODEL);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.svg"), real);
        OutputFiles.unguarded().write(link, NEW, "the chart");
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(NEW, Files.readAllBytes(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        // A dangling link creates the file it names.
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.svg"), Path.of("made.svg"));
        OutputFiles.unguarded().write(dangling, NEW, "the chart");
        assertArrayEquals(NEW, Files.readAllBytes(dir.resolve("made.svg")));
    }

    @Test
    void errorsNameThePathTheUserGaveNeverTheTemporaryFile() throws IOException {
        // Found by the check before any work: a missing directory, and an empty directory, which
        // a rename would replace by the file.
        Path missing = dir.resolve("no-such-dir").resolve("out.png");
        IOException early = assertThrows(IOException.class, () -> OutputFiles.unguarded().check(missing, "x"));
        assertEquals("cannot write " + missing + ": directory " + missing.getParent() + " does not exist", early.getMessage());
        Path emptyDir = Files.createDirectory(dir.resolve("busy.svg"));
        early = assertThrows(IOException.class, () -> OutputFiles.unguarded().write(emptyDir, NEW, "x"));
        assertEquals("cannot write " + emptyDir + ": it is a directory", early.getMessage());
        assertTrue(Files.isDirectory(emptyDir));
        // Found while writing: a link into a directory that does not exist.
        Path intoNowhere = Files.createSymbolicLink(dir.resolve("nowhere.png"), dir.resolve("gone").resolve("x.png"));
        FileSystemException viaLink = assertThrows(FileSystemException.class,
                () -> OutputFiles.unguarded().write(intoNowhere, NEW, "x"));
        assertEquals(intoNowhere.toString(), viaLink.getFile());
        assertEquals("directory " + dir.resolve("gone") + " does not exist", viaLink.getReason());
        // Found while writing: /proc refuses new files even to root, so the temporary file fails.
        if (Files.isDirectory(Path.of("/proc/self"))) {
            Path proc = Path.of("/proc/ariel-test.png");
            FileSystemException e = assertThrows(FileSystemException.class, () -> OutputFiles.unguarded().write(proc, NEW, "x"));
            assertEquals(proc.toString(), e.getFile());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        }
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && !Files.isRegularFile(full), "no /dev/full");
        FileSystemException e = assertThrows(FileSystemException.class, () -> OutputFiles.unguarded().write(full, NEW, "x"));
        assertEquals("/dev/full", e.getFile());
        assertTrue(e.getReason().contains("No space left on device"), e.getReason());
    }

    @Test
    void aFifoIsWrittenInPlace() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "no mkfifo");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        OutputFiles.protecting("model", fifo).write(fifo, NEW, "the image"); // a FIFO read protects nothing
        assertArrayEquals(NEW, read.get(10, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "the FIFO stays a FIFO");
    }

    @Test
    void itsTemporaryFilesAreRecognisedForASweep() throws IOException {
        assertTrue(OutputFiles.isTemporary(dir.resolve(".out.png.3f9a0c12d4e5b6a7.tmp")));
        assertFalse(OutputFiles.isTemporary(dir.resolve("out.png")));
        assertFalse(OutputFiles.isTemporary(dir.resolve(".hidden.tmp")));
        assertFalse(OutputFiles.isTemporary(dir.resolve("out.3f9a.tmp")));
        // A failed write removes its own; none is left to sweep.
        Files.createDirectory(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy").resolve("keep"), "x");
        assertThrows(IOException.class, () -> OutputFiles.writeAtomically(dir.resolve("busy"), NEW));
        OutputFiles.writeAtomically(dir.resolve("done.o"), NEW);
        assertEquals(List.of("busy", "done.o"), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
