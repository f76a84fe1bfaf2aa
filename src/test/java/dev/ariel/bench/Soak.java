package dev.ariel.bench;

import dev.ariel.testing.Frames;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.Jit;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.testing.RandomModels;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The soak run: compiles, renders and unloads many different random models in one process and
 * reports resident memory, so that a leak per compiled model shows as growth. For each model it
 * compiles the whole tape (JitEngine, one kernel for the view's box) and the tiles' pruned tapes
 * (JitTapeCompiler, batches on background threads), renders a small image with each, checks each
 * against the interpreter on the same path (brute force, or the same tiles) pixel for pixel, closes
 * both (unloading every object) and checks that the JIT holds no kernel. No disk cache is used.
 *
 * <p>Usage: {@code Soak [MODELS] [SAMPLE_EVERY] [MAX_OPS]} (default 1000 20 2000), or
 * {@code Soak --link-only [N]} for the LLJIT alone (N links and unloads of one object). Prints
 * {@code soak:} lines as it goes and one {@code soak-result:} line of {@code key=value} pairs at
 * the end; exits 1 if a JIT image differed from its interpreter's or kernels stayed loaded (a tiled
 * image that differs from brute force in the interpreter too is reported, not failed). Run it with a fixed, pre-touched
 * heap ({@code -Xms=-Xmx -XX:+AlwaysPreTouch}, as {@code scripts/soak} does) so that RSS growth is
 * native memory (LLVM, JIT code, malloc) rather than the Java heap growing.
 */
public final class Soak {
    private Soak() {}

    /** What a run measured; memory in KB. */
    public record Result(int models, long rssStart, long rssWarm, long rssPeak, long rssEnd, long rssEndTrimmed,
            long mallocWarm, long mallocEnd, long hwm, long loadedAtEnd, long objectsLinked, int mismatches, int pruningMismatches,
            long millis, int warmUp, boolean mallocTuned) {
        /** RSS growth per model after warm-up, in KB. */
        public double growthPerModelKb() {
            return models > warmUp ? (double) (rssEnd - rssWarm) / (models - warmUp) : 0;
        }

        String line() {
            return String.format(Locale.ROOT, "soak-result: models=%d warmup=%d rss-start=%d rss-warm=%d rss-peak=%d rss-end=%d "
                    + "rss-end-trimmed=%d malloc-warm=%d malloc-end=%d vmhwm=%d loaded-at-end=%d objects=%d mismatches=%d "
                    + "pruning-mismatches=%d ms=%d growth-per-model-kb=%.2f malloc-tuned=%b", models, warmUp, rssStart, rssWarm, rssPeak,
                    rssEnd, rssEndTrimmed, mallocWarm, mallocEnd, hwm, loadedAtEnd, objectsLinked, mismatches, pruningMismatches,
                    millis, growthPerModelKb(), mallocTuned);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--link-only")) {
            linkOnly(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
            return;
        }
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int maxOps = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Result r = run(models, every, maxOps);
        System.out.println(r.line());
        System.exit(r.mismatches() == 0 && r.loadedAtEnd() == 0 ? 0 : 1);
    }

    /**
     * The JIT alone: links and unloads one precompiled batch of 20 kernels {@code n} times, with
     * no LLVM context or codegen in between, so that growth of the LLJIT itself (its execution
     * session, symbol string pool, JITDylib tables, linker memory) shows in malloc's count.
     */
    static void linkOnly(int n) throws Exception {
        Jit jit = Jit.shared();
        java.util.List<dev.ariel.llvm.KernelIr.Kernel> kernels = new java.util.ArrayList<>();
        for (int k = 0; k < 20; k++) {
            dev.ariel.tape.SsaTape tape = Model.parse(RandomModels.generate(k, 50), "link-" + k).tape();
            kernels.add(new dev.ariel.llvm.KernelIr.Kernel(tape, dev.ariel.tape.MinMaxFacts.of(tape, dev.ariel.tape.Box.EVERYTHING),
                    "ariel_soak_link_" + k));
        }
        var batch = dev.ariel.jit.KernelCompiler.compileBatch(kernels, CompileOptions.of(OptLevel.O1), jit.host());
        java.util.List<String> names = batch.symbols().stream().map(dev.ariel.jit.KernelCompiler.Symbol::name).toList();
        float[] xs = {1f, 2f}, out = new float[2];
        long t0 = System.nanoTime();
        System.out.printf("soak-link: %8s %10s %12s %8s%n", "links", "RSS KB", "malloc KB", "seconds");
        for (int i = 1; i <= n; i++) {
            var linked = jit.link(null, batch.code(), names, dev.ariel.jit.CompileStats.loaded(batch.code()), true).kernels();
            linked.get(i % linked.size()).evaluate(xs, 0, 2, 0.5f, 0f, out);
            for (var k : linked) k.close();
            if (i % Math.max(1, n / 20) == 0 || i == n) {
                System.out.printf(Locale.ROOT, "soak-link: %8d %10d %12d %8.1f%n", i, rssKb(), mallocInUseKb(), (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.println("soak-link: loaded at end " + jit.loadedKernels());
    }

    /** Runs {@code models} models of 100 to {@code maxOps} ops, sampling memory every {@code every} models. */
    public static Result run(int models, int every, int maxOps) throws Exception {
        int warmUp = Math.min(models, Math.max(every, models / 10));
        long t0 = System.nanoTime();
        Jit jit = Jit.shared(); // loads LLVM: part of the start, not of the growth
        long rssStart = rssKb(), rssWarm = rssStart, peak = rssStart, mallocWarm = mallocInUseKb();
        long objects = 0;
        int mismatches = 0, pruningMismatches = 0;
        View view = View.of(64).withScale(1.5);
        System.out.printf(Locale.ROOT, "soak: %d models of 100-%d ops, 64x64, RSS at start %d KB (LLVM loaded)%n", models, maxOps, rssStart);
        System.out.printf("soak: %6s %10s %10s %12s %8s%n", "models", "RSS KB", "peak KB", "malloc KB", "seconds");
        SplittableRandom sizes = new SplittableRandom(42);
        for (int i = 1; i <= models; i++) {
            int ops = 100 + sizes.nextInt(Math.max(1, maxOps - 99));
            Model model = Model.parse(RandomModels.generate(10_000L + i, ops), "soak-" + i);
            OptLevel level = OptLevel.values()[i % 3]; // O0, O1, O2 in turn
            MonoImage expected = new Renderer(JavaEngine.INSTANCE, 1).render(model, view);

            // The whole tape, one kernel (the `--engine jit` brute-force path of earlier versions).
            try (JitEngine engine = JitEngine.of(CompileOptions.of(level).withCodegen(OptLevel.CodegenLevel.NONE))) {
                MonoImage got = new Renderer(engine, 2).render(model, view);
                if (!got.equals(expected)) {
                    mismatches++;
                    System.out.println("soak: model " + i + " (" + ops + " ops, " + level + "): the JitEngine image differs");
                }
                objects += engine.compiledCount();
            }
            // The tiles' pruned tapes in batches, compiled on two background threads. They are
            // checked against the interpreter over the same tiles: the tiled renderer fills tiles
            // that interval arithmetic proves inside or outside without evaluating them, so a
            // difference from brute force there is the pruning's, not the JIT's (counted apart).
            MonoImage tiledExpected = Frames.mono(new TileRenderer(1, TileSizes.of(32, 8), null).render(model, view, RenderMode.MONO, 1));
            if (!tiledExpected.equals(expected)) {
                pruningMismatches++;
                System.out.println("soak: model " + i + " (seed " + (10_000L + i) + ", " + ops
                        + " ops): the tiled interpreter's image differs from brute force (interval pruning, not the JIT)");
            }
            try (JitTapeCompiler compiler = new JitTapeCompiler(CompileOptions.of(level).withCodegen(OptLevel.CodegenLevel.NONE), 2,
                    JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, 2_000)) {
                TileRenderer tiles = new TileRenderer(2, TileSizes.of(32, 8),
                        new CompiledTier(compiler, 32, CompiledTier.Policy.ALWAYS, CostModel.defaults()));
                MonoImage got = Frames.mono(tiles.render(model, view, RenderMode.MONO, 1));
                if (!got.equals(tiledExpected)) {
                    mismatches++;
                    System.out.println("soak: model " + i + " (" + ops + " ops, " + level + "): the tiled JIT image differs");
                }
                objects += compiler.counters().modules();
            }
            if (jit.loadedKernels() != 0) {
                System.out.println("soak: model " + i + ": " + jit.loadedKernels() + " kernels still loaded after closing");
                mismatches++;
            }
            long rss = rssKb();
            peak = Math.max(peak, rss);
            if (i == warmUp) {
                settle();
                rssWarm = rssKb();
                mallocWarm = mallocInUseKb();
            }
            if (i % every == 0 || i == models) {
                System.out.printf(Locale.ROOT, "soak: %6d %10d %10d %12d %8.1f%n", i, rss, peak, mallocInUseKb(), (System.nanoTime() - t0) / 1e9);
                if (Boolean.getBoolean("soak.smaps")) System.out.println("soak:        " + smaps());
            }
        }
        settle();
        long rssEnd = rssKb();
        long mallocEnd = mallocInUseKb();
        long hwm = statusKb("VmHWM:");
        trim();
        long trimmed = rssKb();
        if (Boolean.getBoolean("soak.smaps")) {
            System.out.println("soak: after malloc_trim: " + smaps() + ", malloc in use " + mallocInUseKb() + " KB");
            topMappings(25);
        }
        return new Result(models, rssStart, rssWarm, Math.max(peak, rssEnd), rssEnd, trimmed, mallocWarm, mallocEnd, hwm,
                jit.loadedKernels(), objects, mismatches, pruningMismatches, (System.nanoTime() - t0) / 1_000_000, warmUp,
                dev.ariel.jit.NativeHeap.tuned());
    }

    // Resident KB by kind of mapping, from /proc/self/smaps: brk heap (the main malloc arena),
    // anonymous mappings (Java heap, code cache, thread arenas of malloc, JIT code), libraries, other files.
    private static String smaps() throws IOException {
        long heap = 0, anon = 0, libs = 0, files = 0, stacks = 0;
        String kind = "anon";
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String path = f.length > 5 ? f[5] : "";
                kind = path.isEmpty() ? "anon" : path.equals("[heap]") ? "heap" : path.startsWith("[stack") ? "stack"
                        : path.contains(".so") ? "lib" : path.startsWith("[") ? "anon" : "file";
            } else if (line.startsWith("Rss:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                switch (kind) {
                    case "heap" -> heap += kb;
                    case "stack" -> stacks += kb;
                    case "lib" -> libs += kb;
                    case "file" -> files += kb;
                    default -> anon += kb;
                }
            }
        }
        return "brk-heap " + heap + " KB, anon " + anon + " KB, libs " + libs + " KB, files " + files + " KB, stack " + stacks + " KB";
    }

    // The n largest mappings by resident KB, for a diagnosis of where memory went.
    private static void topMappings(int n) throws IOException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        String header = "";
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                header = line;
            } else if (line.startsWith("Rss:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                String[] range = header.split("\\s+")[0].split("-");
                long size = (Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16)) / 1024;
                rows.add(String.format("%010d rss %8d KB of %8d KB  %s", kb, kb, size, header));
            }
        }
        rows.sort(java.util.Comparator.reverseOrder());
        for (String r : rows.subList(0, Math.min(n, rows.size()))) System.out.println("soak-map: " + r.substring(11));
    }

    // Lets JavaCPP free the native memory of unreachable pointers (its deallocator runs after a GC),
    // so that malloc's count at the two points compared holds live memory only.
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
    }

    /** VmRSS of this process in KB. */
    public static long rssKb() throws IOException {
        return statusKb("VmRSS:");
    }

    private static long statusKb(String key) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return -1;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    // glibc's count of bytes malloc has handed out and not had back (all arenas, mmapped chunks
    // included), from mallinfo2(): live native allocations, apart from fragmentation. -1 elsewhere.
    private static long mallocInUseKb() {
        MethodHandle mallinfo2 = libc("mallinfo2", FunctionDescriptor.of(java.lang.foreign.MemoryLayout.structLayout(
                java.lang.foreign.MemoryLayout.sequenceLayout(10, JAVA_LONG))));
        if (mallinfo2 == null) return -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) mallinfo2.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            return (info.getAtIndex(JAVA_LONG, 7) + info.getAtIndex(JAVA_LONG, 4)) / 1024; // uordblks + hblkhd
        } catch (Throwable t) {
            return -1;
        }
    }

    // malloc_trim(0): hands free malloc memory back to the OS, to tell retained-but-free memory from live memory.
    private static void trim() {
        MethodHandle mallocTrim = libc("malloc_trim", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        if (mallocTrim == null) return;
        try {
            int ignored = (int) mallocTrim.invokeExact(0L);
        } catch (Throwable t) {
            // not glibc: nothing to trim
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(a -> linker.downcallHandle(a, descriptor)).orElse(null);
    }
}
