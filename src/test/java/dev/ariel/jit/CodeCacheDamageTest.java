package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
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
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded fuzzer over every kind of file in the compiled-code cache (objects, key files, hints):
 * each is truncated, has bytes flipped, or is replaced by a directory, a FIFO, a symlink loop, a
 * symlink to {@code /dev/zero}, a sparse giant file or an unreadable file. Each time the render
 * still succeeds within a time bound, with the image of an uncached render, and the damaged entry
 * is deleted or ignored. These once hung a render for ever (a FIFO), threw an OutOfMemoryError
 * (a giant file) and grew the CLI to 5 GB (a link to /dev/zero).
 */
// Runs in a child JVM of its own (IsolatedTestsTest): a regression could hang on a FIFO or crash.
@Tag("child-jvm")
class CodeCacheDamageTest {
    private static final CompileOptions OPTIONS = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);
    private static final long SEED = 0x5eed_cace_d00dL;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String HINT_KEY = "model=prospero;view=256";

    enum Kind {
        OBJECT("objects"), KEY("keys"), HINT("hints");

        final String directory;

        Kind(String directory) {
            this.directory = directory;
        }
    }

    enum Damage { TRUNCATE, FLIP_BYTES, DIRECTORY, FIFO, SYMLINK_LOOP, SYMLINK_TO_DEV_ZERO, SPARSE_GIANT, UNREADABLE }

    @TempDir
    static Path shared;

    private static Model model;
    private static View view;
    private static MonoImage expected;
    private static Path template;

    @BeforeAll
    static void warmACache() throws Exception {
        model = Model.read(SharedModels.require("prospero.vm"));
        view = View.of(256);
        expected = new Renderer(JavaEngine.INSTANCE, 2).render(model, view);
        template = shared.resolve("template");
        // Both users of the disk cache leave their files: the tile compiler's batches and the engine's kernel.
        assertEquals(expected, tiled(template).image());
        assertEquals(expected, whole(template).image());
        CodeCache.writeHint(template, HINT_KEY, new CodeCache.Hint(700, 200));
        for (Kind k : Kind.values()) assertFalse(files(template.resolve(k.directory)).isEmpty(), k + " files were written");
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Kind k : Kind.values()) for (Damage d : Damage.values()) out.add(Arguments.of(k, d));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aDamagedFileCostsACompileNeverAHangCrashOrWrongImage(Kind kind, Damage damage) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 31L * kind.ordinal() + damage.ordinal());
        Path dir = shared.resolve(kind + "-" + damage);
        copy(template, dir);
        List<Path> candidates = files(dir.resolve(kind.directory));
        Path victim = candidates.get(random.nextInt(candidates.size()));
        if (!damage(victim, damage, random)) {
            System.out.println("[ariel-tests] skipped " + kind + " " + damage + ": running as root, permissions do not deny reads");
            return;
        }
        assertTimeoutPreemptively(BOUND, () -> {
            if (kind == Kind.HINT) {
                assertNull(CodeCache.readHint(dir, HINT_KEY), "a damaged hint is no hint");
                return;
            }
            Run tiles = tiled(dir);
            Run engine = whole(dir);
            assertEquals(expected, tiles.image(), "the tiled render is right");
            assertEquals(expected, engine.image(), "the engine's render is right");
            assertTrue(tiles.rejected() + engine.rejected() >= 1, "the damaged " + kind + " was noticed");
        }, () -> kind + " " + damage + " did not finish within " + BOUND);
        assertDeletedOrIgnored(victim, damage);
    }

    @Test
    void staleTemporaryFilesAreSweptCountedAndBound() throws IOException {
        Path dir = shared.resolve("temps");
        CodeCache cache = CodeCache.open(dir, 60_000, "llvm=test;cpu=a");
        cache.store(CodeCache.newObjectId(), new ObjectCode(new byte[20_000], 5_000), List.of(new CodeCache.Symbol("k0", "f")));
        Path stale = dir.resolve("objects/.killed-writer.obj.1f2e3d.tmp");
        Path young = dir.resolve("objects/.running-writer.obj.4c5b6a.tmp");
        Files.write(stale, new byte[1_000]);
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Files.write(young, new byte[24_000]);
        CodeCache.Usage before = CodeCache.usage(dir);
        assertEquals(2, before.temps(), before.toString());
        assertEquals(25_000, before.tempBytes());
        assertEquals(1, before.objects());

        // This store puts the cache over its bound only with the young temporary file counted.
        cache.store(CodeCache.newObjectId(), new ObjectCode(new byte[20_000], 5_000), List.of(new CodeCache.Symbol("k1", "f")));
        CodeCache.Usage after = CodeCache.usage(dir);
        assertTrue(Files.notExists(stale), "a killed writer's old file is swept");
        assertTrue(Files.exists(young), "a concurrent writer's file is left alone");
        assertEquals(1, after.temps());
        assertTrue(after.objectBytes() + after.tempBytes() <= 60_000, "the bound counts temporary files: " + after);
        assertEquals(1, cache.counters().evicted(), cache.counters().toString());
        assertNull(cache.find("k0"), "the older object went to make room");
        assertEquals(3, CodeCache.clear(dir), "clear removes the object, its key and the temporary file");
    }

    private record Run(MonoImage image, long rejected) {}

    private static Run tiled(Path dir) {
        try (JitTapeCompiler compiler = new JitTapeCompiler(OPTIONS, 2, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES,
                JitTapeCompiler.DEFAULT_BATCH_OPS, new CodeCache.Settings(dir, 64L << 20))) {
            TileRenderer r = new TileRenderer(2, TileSizes.of(128, 32),
                    new CompiledTier(compiler, 32, CompiledTier.Policy.ALWAYS, CostModel.defaults().withFramesExpected(1)));
            Frame f = r.render(model, view, RenderMode.MONO, 1);
            return new Run(dev.ariel.testing.Frames.mono(f), compiler.diskCounters().rejected());
        }
    }

    private static Run whole(Path dir) {
        try (JitEngine engine = JitEngine.of(OPTIONS, new CodeCache.Settings(dir, 64L << 20))) {
            MonoImage image = new Renderer(engine, 2).render(model, view);
            return new Run(image, engine.diskCounters().rejected());
        }
    }

    // Damages the file; false if the damage cannot be made to bite here (permissions, as root).
    private static boolean damage(Path file, Damage damage, SplittableRandom random) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(file);
        switch (damage) {
            case TRUNCATE -> Files.write(file, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)));
            case FLIP_BYTES -> {
                for (int i = 1 + random.nextInt(4); i > 0; i--) bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                Files.write(file, bytes);
            }
            case DIRECTORY -> {
                Files.delete(file);
                Files.createDirectory(file);
                Files.write(file.resolve("inside"), bytes); // not empty, so it cannot simply be deleted
            }
            case FIFO -> {
                Files.delete(file);
                Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + file);
            }
            case SYMLINK_LOOP -> {
                Files.delete(file);
                Files.createSymbolicLink(file, file.getFileName());
            }
            case SYMLINK_TO_DEV_ZERO -> {
                Files.delete(file);
                Files.createSymbolicLink(file, Path.of("/dev/zero"));
            }
            case SPARSE_GIANT -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(64L << 30);
                }
            }
            case UNREADABLE -> {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
                if (Files.isReadable(file)) return false;
            }
        }
        return true;
    }

    private static void assertDeletedOrIgnored(Path victim, Damage damage) throws IOException {
        if (damage == Damage.DIRECTORY) {
            // A directory with files in it is not deleted (a cache never recurses into what it did not write): it is ignored.
            return;
        }
        if (!Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) return;
        // A key file is rewritten in place when its tape is compiled again: then it is a whole, small regular file.
        assertTrue(Files.isRegularFile(victim, LinkOption.NOFOLLOW_LINKS) && Files.size(victim) < (1 << 16),
                victim + " is still there, damaged (" + damage + ")");
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
