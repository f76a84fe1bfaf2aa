package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.io.Invocation;
import dev.ariel.io.Memo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run for a caller other than this process, as the daemon runs them: paths resolve in
 * the caller's directory, standard input and output are the caller's, and cancelling stops work.
 */
class InvocationCliTest {
    private static final String DISC = "x var-x\ny var-y\nxx square x\nyy square y\nr add xx yy\nk const 0.25\nd sub r k\n";

    @TempDir
    Path dir;

    /** What one command printed for its caller. */
    record Run(int code, byte[] out, String err) {}

    private Invocation invocation(byte[] stdin, Map<String, byte[]> preRead, AtomicBoolean cancel, Memo memo,
            PrintStream o, PrintStream e) {
        return Invocation.of(dir, Map.of(), new Invocation.Inputs() {
            @Override
            public InputStream stdin() {
                return new ByteArrayInputStream(stdin);
            }

            @Override
            public byte[] preRead(String given) {
                return preRead.get(given);
            }
        }, o, e, new Invocation.Terminal(false, 0), cancel::get).withMemo(memo);
    }

    private Run run(byte[] stdin, Map<String, byte[]> preRead, AtomicBoolean cancel, Memo memo, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Invocation inv = invocation(stdin, preRead, cancel, memo, o, e);
        int code = inv.run(() -> Cli.run(args, new PrintWriter(o, true), new PrintWriter(e, true)));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) throws Exception {
        return run(new byte[0], Map.of(), new AtomicBoolean(), Memo.NONE, args);
    }

    @Test
    void relativeModelAndOutputResolveInTheCallersDirectory() throws Exception {
        Files.writeString(dir.resolve("disc.vm"), DISC);
        Run r = run("render", "disc.vm", "-s", "32", "-o", "out.png", "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(dir.resolve("out.png")) > 0, "out.png is written in the caller's directory");
        assertTrue(Files.notExists(Path.of("out.png")), "and not in this process's");
    }

    @Test
    void anErrorNamesTheRelativePathAsGiven() throws Exception {
        Files.writeString(dir.resolve("bad.vm"), "x var-x\ny frobnicate x\n");
        Run r = run("render", "bad.vm", "-s", "32", "-o", "out.png");
        assertEquals(ExitCodes.FAILURE, r.code());
        assertTrue(r.err().startsWith("bad.vm:2: "), r.err());
        Run missing = run("info", "nowhere.vm");
        assertEquals("ariel: nowhere.vm: no such file or directory", missing.err().strip());
        Run noDir = run("render", "bad.vm", "-o", "nodir/x.png");
        assertEquals("ariel: cannot write nodir/x.png: directory nodir does not exist", noDir.err().strip());
    }

    @Test
    void aModelFromStandardInputRendersToStandardOutput() throws Exception {
        Run fromStdin = run(DISC.getBytes(StandardCharsets.UTF_8), Map.of(), new AtomicBoolean(), Memo.NONE,
                "render", "-", "-s", "32", "-o", "-", "--format", "pgm", "-q");
        assertEquals(0, fromStdin.code(), fromStdin.err());
        Files.writeString(dir.resolve("disc.vm"), DISC);
        Run fromFile = run("render", "disc.vm", "-s", "32", "-o", "-", "--format", "pgm", "-q");
        assertArrayEquals(fromFile.out(), fromStdin.out(), "the caller's stdout holds the image bytes");
        assertTrue(new String(fromStdin.out(), 0, 2, StandardCharsets.US_ASCII).equals("P5"));
        Run broken = run("y var-y\nz nope y\n".getBytes(StandardCharsets.UTF_8), Map.of(), new AtomicBoolean(), Memo.NONE,
                "render", "-", "-s", "32", "-o", "-");
        assertTrue(broken.err().startsWith("<stdin>:2: "), broken.err());
    }

    @Test
    void aFileTheClientReadIsServedFromMemory() throws Exception {
        // The client read <(...) itself: /dev/fd/63 here is not the caller's.
        Run r = run(new byte[0], Map.of("/dev/fd/63", DISC.getBytes(StandardCharsets.UTF_8)), new AtomicBoolean(),
                Memo.NONE, "info", "/dev/fd/63");
        assertEquals(0, r.code(), r.err());
        assertTrue(new String(r.out(), StandardCharsets.UTF_8).contains("/dev/fd/63"), new String(r.out(), StandardCharsets.UTF_8));
    }

    @Test
    void aMemoReusesAModelOnlyForTheSameNameAndBytes() throws Exception {
        Memo memo = Memo.bounded(8, 1 << 20);
        Path file = dir.resolve("disc.vm");
        Files.writeString(file, DISC);
        Invocation inv = invocation(new byte[0], Map.of(), new AtomicBoolean(), memo, System.out, System.err);
        Model first = inv.run(() -> Model.read(Path.of("disc.vm")));
        assertSame(first, inv.run(() -> Model.read(Path.of("disc.vm"))), "the same bytes: the kept model");
        assertNotSame(first, inv.run(() -> Model.read(file)), "another name: messages would differ");
        Files.writeString(file, DISC.replace("0.25", "0.5"));
        Model edited = inv.run(() -> Model.read(Path.of("disc.vm")));
        assertNotSame(first, edited, "an edited file is parsed again");
        assertNotSame(first, Model.read(file), "a process of its own keeps nothing");
    }

    @Test
    void aCancelledCommandStopsBetweenFrames() throws Exception {
        Files.writeString(dir.resolve("disc.vm"), DISC);
        AtomicBoolean cancel = new AtomicBoolean();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            cancel.set(true);
        });
        long t0 = System.nanoTime();
        Run r = run(new byte[0], Map.of(), cancel, Memo.NONE, "render", "disc.vm", "-s", "256", "-N", "100000", "-q", "-o", "n.png");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNotEquals(0, r.code(), "a cancelled command does not report success");
        assertTrue(seconds < 20, "100,000 frames would take minutes; cancelled, it stopped after " + seconds + " s");
        assertTrue(Files.notExists(dir.resolve("n.png")), "a cancelled render writes no image");
    }
}
