package dev.ariel.jit;

import dev.ariel.testing.Frames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.testing.SharedModels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-code cache on disk: a later compiler links what an earlier one compiled, and a
 * damaged, truncated or foreign file is never linked but compiled again, with the same image.
 */
// Runs in a child JVM of its own (IsolatedTestsTest): a regression here could crash the JVM.
@Tag("child-jvm")
class CodeCacheTest {
    private static final CompileOptions OPTIONS = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);
    private static final String ENV = "llvm=test;cpu=a";

    @TempDir
    Path dir;

    private static ObjectCode object(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (i * 31 + seed);
        return new ObjectCode(b, size / 2);
    }

    @Test
    void storedObjectsReadBackWithTheirSymbols() {
        CodeCache cache = CodeCache.open(dir, 1 << 20, ENV);
        String id = CodeCache.newObjectId();
        ObjectCode code = object(1000, 1);
        cache.store(id, code, List.of(new CodeCache.Symbol("k1", "f_1"), new CodeCache.Symbol("k2", "f_2")));
        assertEquals(new CodeCache.Pointer(id, "f_2"), cache.find("k2"));
        assertNull(cache.find("k3"));
        CodeCache.Stored s = cache.read(id);
        assertNotNull(s);
        assertArrayEquals(code.bytes(), s.code().bytes());
        assertEquals(code.textBytes(), s.code().textBytes());
        assertEquals("f_1", s.symbolOf("k1"));
        assertEquals(new CodeCache.Counters(1, 1, 0, 1, 0, 0), cache.counters());
        // Another process of the same environment shares it; one of another environment does not see it.
        assertNotNull(CodeCache.open(dir, 1 << 20, ENV).find("k1"));
        assertNull(CodeCache.open(dir, 1 << 20, "llvm=test;cpu=b").find("k1"));
    }

    @Test
    void truncatedCorruptAndForeignObjectsAreRejectedAndDeleted() throws IOException {
        List<Consumer<Path>> damage = List.of(
                f -> rewrite(f, b -> java.util.Arrays.copyOf(b, b.length / 2)), // truncated
                f -> rewrite(f, b -> java.util.Arrays.copyOf(b, b.length - 1)), // one byte short
                f -> rewrite(f, b -> { b[b.length / 2] ^= 0x10; return b; }), // one bit flipped in the code
                f -> rewrite(f, b -> { b[12] ^= 1; return b; }), // one bit flipped in the header
                f -> rewrite(f, b -> new byte[0]), // empty
                f -> rewrite(f, b -> { byte[] c = java.util.Arrays.copyOf(b, b.length + 7); return c; })); // trailing junk
        for (int i = 0; i < damage.size(); i++) {
            CodeCache cache = CodeCache.open(dir.resolve("case" + i), 1 << 20, ENV);
            String id = CodeCache.newObjectId();
            cache.store(id, object(5000, i), List.of(new CodeCache.Symbol("k", "f")));
            Path file = dir.resolve("case" + i).resolve("objects").resolve(id + ".obj");
            damage.get(i).accept(file);
            assertEquals(id, cache.find("k").objectId(), "case " + i + ": the key file is intact");
            assertNull(cache.read(id), "case " + i);
            assertEquals(1, cache.counters().rejected(), "case " + i);
            assertTrue(Files.notExists(file), "case " + i + ": a rejected object is deleted");
        }

        // Foreign: an object written in another environment, behind a key file of this one.
        CodeCache mine = CodeCache.open(dir.resolve("foreign"), 1 << 20, ENV);
        CodeCache theirs = CodeCache.open(dir.resolve("foreign"), 1 << 20, "llvm=other;cpu=a");
        String id = CodeCache.newObjectId();
        theirs.store(id, object(3000, 9), List.of(new CodeCache.Symbol("k", "f")));
        Path file = dir.resolve("foreign/objects/" + id + ".obj");
        byte[] foreign = Files.readAllBytes(file);
        mine.store(id, object(3000, 9), List.of(new CodeCache.Symbol("k", "f")));
        Files.write(file, foreign);
        assertEquals(id, mine.find("k").objectId());
        assertNull(mine.read(id), "an object from another LLVM or CPU is never used");
        assertEquals(1, mine.counters().rejected());
    }

    @Test
    void damagedKeyFilesAreRejected() throws IOException {
        CodeCache cache = CodeCache.open(dir, 1 << 20, ENV);
        cache.store(CodeCache.newObjectId(), object(100, 1), List.of(new CodeCache.Symbol("k", "f")));
        Path key;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("keys"))) {
            key = s.iterator().next();
        }
        rewrite(key, b -> java.util.Arrays.copyOf(b, b.length - 3));
        assertNull(cache.find("k"));
        assertEquals(1, cache.counters().rejected());
        assertTrue(Files.notExists(key));
    }

    @Test
    void hintsRoundTripAndDamagedOnesAreIgnored() throws IOException {
        assertNull(CodeCache.readHint(dir, "model=a;view=b"));
        CodeCache.writeHint(dir, "model=a;view=b", new CodeCache.Hint(700, 200));
        assertEquals(new CodeCache.Hint(700, 200), CodeCache.readHint(dir, "model=a;view=b"));
        assertEquals(500, CodeCache.readHint(dir, "model=a;view=b").savingNanos());
        assertNull(CodeCache.readHint(dir, "model=a;view=c"), "another key");
        Path file;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("hints"))) {
            file = s.iterator().next();
        }
        rewrite(file, b -> java.util.Arrays.copyOf(b, b.length - 4));
        assertNull(CodeCache.readHint(dir, "model=a;view=b"), "a truncated hint is no hint");
        CodeCache.writeHint(dir, "model=a;view=b", new CodeCache.Hint(1, 2));
        CodeCache.deleteHint(dir, "model=a;view=b");
        assertNull(CodeCache.readHint(dir, "model=a;view=b"));
    }

    @Test
    void evictionKeepsTheMostRecentlyUsedObjectsWithinTheBound() throws IOException {
        CodeCache cache = CodeCache.open(dir, 50_000, ENV);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = CodeCache.newObjectId();
            ids.add(id);
            cache.store(id, object(10_000, i), List.of(new CodeCache.Symbol("k" + i, "f")));
            // Distinct, increasing ages without sleeping.
            Files.setLastModifiedTime(dir.resolve("objects/" + id + ".obj"), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        assertNotNull(cache.read(ids.get(0))); // now the most recent
        for (int i = 4; i < 6; i++) {
            String id = CodeCache.newObjectId();
            ids.add(id);
            cache.store(id, object(10_000, i), List.of(new CodeCache.Symbol("k" + i, "f")));
        }
        CodeCache.Usage u = CodeCache.usage(dir);
        assertTrue(u.objectBytes() <= 50_000, "within the bound: " + u);
        assertTrue(cache.counters().evicted() >= 2, cache.counters().toString());
        assertNotNull(cache.find("k0"), "read recently, so kept");
        assertNotNull(cache.find("k5"), "the newest is kept");
        assertNull(cache.find("k1"), "the oldest goes, with its key file");
        assertEquals(u.objects(), u.keys(), "no key file outlives its object");
        assertEquals(u.objects() * 2, CodeCache.clear(dir));
        assertEquals(new CodeCache.Usage(0, 0, 0), CodeCache.usage(dir));
    }

    @Test
    void aSecondCompilerLinksFromDiskAndDamagedEntriesAreRecompiled() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        View view = View.of(256);
        MonoImage expected = new Renderer(JavaEngine.INSTANCE, 2).render(model, view);
        CodeCache.Settings settings = new CodeCache.Settings(dir, 64L << 20);

        Run first = run(model, view, settings);
        assertEquals(expected, first.image());
        assertTrue(first.counters().tapesCompiled() > 10, first.counters().toString());
        assertEquals(0, first.counters().tapesLoaded());

        Run second = run(model, view, settings);
        assertEquals(expected, second.image());
        assertEquals(0, second.counters().tapesCompiled(), "the second run compiles nothing: " + second.counters());
        assertEquals(first.counters().tapesCompiled(), second.counters().tapesLoaded());
        assertTrue(second.frame().stats().pixelsCompiled() > 0, "and runs the loaded code");

        // Damage every object differently; each is detected, deleted and compiled again.
        List<Path> objects = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("objects"), "*.obj")) {
            s.forEach(objects::add);
        }
        assertTrue(objects.size() >= 2, "batches on two threads: " + objects);
        rewrite(objects.get(0), b -> java.util.Arrays.copyOf(b, b.length / 3));
        rewrite(objects.get(1), b -> { b[b.length - 100] ^= 0x40; return b; });
        Run third = run(model, view, settings);
        assertEquals(expected, third.image(), "damaged code is never run");
        assertTrue(third.counters().tapesCompiled() > 0);
        assertTrue(third.disk().rejected() >= 2, third.disk().toString());
        assertEquals(first.counters().tapesCompiled(), third.counters().tapesCompiled() + third.counters().tapesLoaded());

        Run fourth = run(model, view, settings);
        assertEquals(0, fourth.counters().tapesCompiled(), "the recompiled code was stored again");
        assertEquals(expected, fourth.image());
    }

    private record Run(MonoImage image, Frame frame, TapeCompiler.Counters counters, CodeCache.Counters disk) {}

    private static Run run(Model model, View view, CodeCache.Settings settings) {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS, 2, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES,
                JitTapeCompiler.DEFAULT_BATCH_OPS, settings)) {
            TileRenderer r = new TileRenderer(2, TileSizes.of(128, 32),
                    new CompiledTier(compiler, 32, CompiledTier.Policy.ALWAYS, CostModel.defaults().withFramesExpected(1)));
            Frame f = r.render(model, view, RenderMode.MONO, 1);
            return new Run(Frames.mono(f), f, compiler.counters(), compiler.diskCounters());
        }
    }

    private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) {
        try {
            Files.write(file, change.apply(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
