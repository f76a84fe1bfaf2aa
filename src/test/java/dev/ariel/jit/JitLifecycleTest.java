package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Compiling and unloading hundreds of kernels in one process: unloaded code is gone, calls after close fail cleanly, and memory stays bounded. */
class JitLifecycleTest {
    private static final int KERNELS = 500;
    private static final int WARM_UP = 100;
    /**
     * Allowed VmRSS growth from kernel 100 to kernel 500. Each kernel costs roughly 100 KB while it
     * is loaded (notes/llvm-javacpp-facts.md), and a compile builds and frees an LLVM context, a
     * target machine and an object file of similar size; a leak of any of these per kernel would
     * add 40 MB or more over 400 kernels. Measured on the 2-core AVX-512 dev machine: about 15 MB
     * of growth from kernel 100 to 500 (HotSpot compiling, malloc arenas settling), and in a
     * 3,000-kernel probe RSS was flat (+0.2 MB) from kernel 1,000 to 3,000, so the growth is
     * warm-up, not a per-kernel leak. 64 MB is four times the measured growth.
     */
    private static final long MAX_GROWTH_KB = 64 * 1024;

    @Test
    void compilesEvaluatesAndUnloadsFiveHundredKernels() throws Exception {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        CompileOptions options = CompileOptions.of(OptLevel.O1);
        Set<String> symbols = new HashSet<>();
        float[] xs = {-2.5f, 0f, 1f, 3.25f, 1e6f, -0f, 7f};
        float[] out = new float[xs.length];
        long rssAfterWarmUp = 0;
        for (int i = 0; i < KERNELS; i++) {
            // Distinct constants: distinct code; a mul and a min so every kernel has some body.
            float k = 0.5f + i;
            SsaTape tape = Model.parse("_0 var-x\n_1 const " + k + "\n_2 add _0 _1\n_3 var-y\n_4 mul _2 _3\n"
                    + "_5 const 1000\n_6 min _4 _5\n", "k" + i + ".vm").tape();
            CompiledKernel kernel = jit.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), options);
            assertTrue(symbols.add(kernel.symbol()), "symbol reused while distinct: " + kernel.symbol());
            assertEquals(loadedAtStart + 1, jit.loadedKernels(), "loaded kernels while one is loaded");
            assertEquals(kernel.address(), jit.lookup(kernel.symbol()), "the JIT resolves a loaded kernel to its address");

            kernel.evaluate(xs, 0, xs.length, 2f, 0f, out);
            for (int j = 0; j < xs.length; j++) {
                float expected = Math.min((xs[j] + k) * 2f, 1000f);
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[j]),
                        "kernel " + i + " at x=" + xs[j] + ": expected " + expected + ", got " + out[j]);
            }

            kernel.close();
            assertTrue(kernel.isClosed());
            assertEquals(loadedAtStart, jit.loadedKernels(), "loaded kernels after close");
            LlvmException gone = assertThrows(LlvmException.class, () -> jit.lookup(kernel.symbol()),
                    "an unloaded symbol still resolves");
            assertTrue(gone.getMessage().contains(kernel.symbol()), gone.getMessage());
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> kernel.evaluate(xs, 0, xs.length, 2f, 0f, out));
            assertTrue(closed.getMessage().contains("unloaded"), closed.getMessage());
            kernel.close(); // idempotent: must not unload twice nor miscount
            assertEquals(loadedAtStart, jit.loadedKernels(), "loaded kernels after a second close");

            if (i + 1 == WARM_UP) rssAfterWarmUp = rssKb();
        }
        long rssAtEnd = rssKb();
        System.out.printf("[ariel-tests] JitLifecycleTest VmRSS after %d kernels: %d KB, after %d: %d KB, growth %d KB%n",
                WARM_UP, rssAfterWarmUp, KERNELS, rssAtEnd, rssAtEnd - rssAfterWarmUp);
        assertTrue(rssAtEnd - rssAfterWarmUp < MAX_GROWTH_KB, "VmRSS grew by " + (rssAtEnd - rssAfterWarmUp)
                + " KB from kernel " + WARM_UP + " to " + KERNELS + ", over the bound of " + MAX_GROWTH_KB + " KB");
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    @Test
    void anEngineUnloadsEveryKernelItMadeOnClose() throws Exception {
        Jit jit = Jit.shared();
        long loadedAtStart = jit.loadedKernels();
        JitEngine engine = JitEngine.of(CompileOptions.of(OptLevel.O0));
        CompiledKernel[] kernels = new CompiledKernel[5];
        for (int i = 0; i < kernels.length; i++) {
            SsaTape tape = Model.parse("_0 var-x\n_1 const " + (i + 0.25f) + "\n_2 sub _0 _1\n", "e" + i + ".vm").tape();
            kernels[i] = engine.kernel(tape, Box.EVERYTHING);
            assertTrue(kernels[i] == engine.kernel(tape, Box.EVERYTHING), "the engine caches its kernel");
        }
        assertEquals(kernels.length, engine.kernelCount());
        assertEquals(loadedAtStart + kernels.length, jit.loadedKernels());
        engine.close();
        assertEquals(0, engine.kernelCount());
        assertEquals(loadedAtStart, jit.loadedKernels());
        for (CompiledKernel k : kernels) {
            assertTrue(k.isClosed());
            assertThrows(LlvmException.class, () -> jit.lookup(k.symbol()));
            assertThrows(IllegalStateException.class, () -> k.evaluate(new float[3], 0, 3, 0f, 0f, new float[3]));
        }
        // A closed engine may be used again: it compiles afresh.
        SsaTape tape = Model.parse("_0 var-x\n_1 const 0.25\n_2 sub _0 _1\n", "again.vm").tape();
        CompiledKernel again = engine.kernel(tape, Box.EVERYTHING);
        assertNotEquals(kernels[0].symbol(), again.symbol());
        float[] out = new float[1];
        again.evaluate(new float[] {1f}, 0, 1, 0f, 0f, out);
        assertEquals(0.75f, out[0]);
        engine.close();
        assertEquals(loadedAtStart, jit.loadedKernels());
    }

    private static long rssKb() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status on this OS");
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
