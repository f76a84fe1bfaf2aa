package dev.ariel.jit;

import dev.ariel.testing.Frames;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.llvm.Llvm;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.RandomModels;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child-JVM main for {@code SignalHandlerTest}: loads LLVM, compiles and runs code, then checks
 * that the JVM still owns its signal handlers and still turns faults in code it has compiled into
 * exceptions: an implicit null check (a SIGSEGV on a null field read) into a NullPointerException
 * and a stack bang into the guard pages (also a SIGSEGV) into a StackOverflowError. Run it with
 * {@code -Xbatch} or {@code -Xcomp} so that the hot methods below are compiled before they fault.
 *
 * <p>Prints lines starting with {@code ariel-probe:}; exits 0 only if every check passed. If LLVM
 * had taken over SIGSEGV, the JVM would not survive the first fault, and the parent sees a crash.
 *
 * <p>With the argument {@code control}, it skips LLVM and instead re-installs the JVM's SIGILL
 * handler with other flags for a moment, which both the handler comparison and
 * {@code -Xcheck:jni} must notice: that shows the checks can fail.
 */
public final class SignalProbe {
    private SignalProbe() {}

    private static final String P = "ariel-probe: ";

    /** A field to read through a reference that is sometimes null. */
    static final class Holder {
        int value;

        Holder(int value) {
            this.value = value;
        }
    }

    public static void main(String[] args) throws Throwable {
        boolean control = args.length > 0 && args[0].equals("control");
        // The JDK sets SIGCHLD's flags (SA_NOCLDSTOP, keeping SIG_DFL) when java.lang.ProcessImpl is
        // first initialised, which JavaCPP's loader causes: do it first, so only others show.
        Class.forName("java.lang.ProcessImpl");
        Map<Integer, long[]> before = handlers();
        System.out.println(P + "handlers read " + before.size());

        CompiledKernel kernel = null;
        Arena arena = Arena.ofAuto();
        MemorySegment sigill = null;
        if (control) {
            sigill = changeSigillFlags(arena);
        } else {
            kernel = loadLlvmAndRunCode();
        }

        Map<Integer, long[]> after = handlers();
        int changed = 0;
        for (var e : before.entrySet()) {
            long[] was = e.getValue(), now = after.get(e.getKey());
            if (!Arrays.equals(was, now)) {
                changed++;
                // One write, so that the JVM's own warnings (on the same stdout) cannot split the line.
                System.out.print(String.format(P + "handler changed: signal %d was handler 0x%x flags 0x%x, now handler 0x%x flags 0x%x%n",
                        e.getKey(), was[0], was[1], now[0], now[1]));
            }
        }
        if (changed == 0) System.out.println(P + "handlers unchanged " + before.size());
        if (sigill != null) {
            Thread.sleep(Long.getLong("probe.linger", 400)); // let -Xcheck:jni see it
            restore(4, sigill);
        }

        // Implicit null checks in compiled code: a hot loop over non-null holders, then nulls.
        Holder[] full = new Holder[64];
        for (int i = 0; i < full.length; i++) full[i] = new Holder(i);
        Holder[] holed = full.clone();
        holed[holed.length - 1] = null;
        long sum = 0;
        float[] xs = {0.5f, 1.5f, 2.5f, 3.5f}, out = new float[4];
        for (int i = 0; i < 30_000; i++) {
            sum += sumValues(full);
            if (kernel != null && (i & 15) == 0) kernel.evaluate(xs, 0, xs.length, 1f, 0f, out); // the downcall gets hot too
        }
        int npes = 0;
        for (int i = 0; i < 2_000; i++) npes += npeRound(holed);
        System.out.println(P + "npe " + (npes == 2_000 ? "ok " : "MISSING ") + npes + " (sum " + sum + ")");

        // Stack overflows in compiled code: warm a recursion up, then let it run away, three times
        // on this thread (the guard pages must be re-armed each time) and once on a new thread.
        long warm = 0;
        for (int i = 0; i < 20_000; i++) warm += down(50);
        int soes = 0;
        for (int i = 0; i < 3; i++) soes += overflow();
        int[] fromThread = new int[1];
        Thread t = Thread.ofPlatform().stackSize(512 << 10).start(() -> fromThread[0] = overflow());
        t.join();
        soes += fromThread[0];
        System.out.println(P + "soe " + (soes == 4 ? "ok " : "MISSING ") + soes + " (warm " + warm + ")");

        if (kernel != null) {
            kernel.evaluate(xs, 0, xs.length, 1f, 0f, out);
            kernel.close();
            System.out.println(P + "kernel still runs " + (out[0] == 1.5f ? "ok" : "WRONG " + out[0]));
        }
        // -Xcheck:jni compares the handlers periodically, on the JVM's watcher thread: give it time.
        Thread.sleep(Long.getLong("probe.linger", 400));
        System.out.println(P + "done");
        System.exit(changed == 0 && npes == 2_000 && soes == 4 ? 0 : 3);
    }

    // Loads LLVM, compiles a kernel (returned, loaded) and renders a random model through the tiled
    // JIT on background threads, unloading what that compiled.
    private static CompiledKernel loadLlvmAndRunCode() throws Exception {
        System.out.println(P + "llvm " + Llvm.version());
        SsaTape tape = Model.parse("_0 var-x\n_1 var-y\n_2 add _0 _1\n", "probe.vm").tape();
        CompiledKernel kernel = Jit.shared().compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), CompileOptions.of(OptLevel.O1));
        float[] out = new float[3];
        kernel.evaluate(new float[] {1f, 2f, -4f}, 0, 3, 0.5f, 0f, out);
        if (out[0] != 1.5f || out[1] != 2.5f || out[2] != -3.5f) throw new AssertionError("kernel gave " + Arrays.toString(out));

        Model model = Model.parse(RandomModels.generate(7, 200), "random-7");
        View view = View.of(64).withScale(2);
        CompileOptions options = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);
        try (JitTapeCompiler compiler = new JitTapeCompiler(options, 2, JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, 2_000)) {
            TileRenderer jit = new TileRenderer(2, TileSizes.of(32, 8),
                    new CompiledTier(compiler, 32, CompiledTier.Policy.ALWAYS, CostModel.defaults()));
            var compiled = Frames.mono(jit.render(model, view, RenderMode.MONO, 1));
            var interpreted = Frames.mono(new TileRenderer(2, TileSizes.of(32, 8), null).render(model, view, RenderMode.MONO, 1));
            if (!compiled.equals(interpreted)) throw new AssertionError("the compiled render differs from the interpreter's");
            System.out.println(P + "tiles compiled " + compiler.counters().tapesCompiled());
        }
        System.out.println(P + "kernel ok, loaded " + Jit.shared().loadedKernels());
        return kernel;
    }

    static int sumValues(Holder[] hs) {
        int s = 0;
        for (Holder h : hs) s += h.value; // an implicit null check in compiled code
        return s;
    }

    static int npeRound(Holder[] hs) {
        try {
            sumValues(hs);
            return 0;
        } catch (NullPointerException e) {
            return 1;
        }
    }

    static int down(int n) {
        return n <= 0 ? 0 : down(n - 1) + 1;
    }

    static int overflow() {
        try {
            down(Integer.MAX_VALUE);
            return 0;
        } catch (StackOverflowError e) {
            return 1;
        }
    }

    // The handler address and flags of signals 1 to 31, read with sigaction(2) (glibc's struct
    // sigaction on 64-bit Linux: the handler at offset 0, a 128-byte mask, then int sa_flags).
    private static Map<Integer, long[]> handlers() throws Throwable {
        Map<Integer, long[]> map = new LinkedHashMap<>();
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").matches("amd64|x86_64|aarch64")) {
            return map;
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(256);
            for (int sig = 1; sig < 32; sig++) {
                if (sig == 9 || sig == 19) continue; // SIGKILL and SIGSTOP have no handlers
                old.fill((byte) 0);
                int rc = (int) sigaction.invokeExact(sig, MemorySegment.NULL, old);
                if (rc == 0) map.put(sig, new long[] {old.get(JAVA_LONG, 0), old.get(JAVA_INT, 136)});
            }
        }
        return map;
    }

    // Re-installs the JVM's own SIGILL handler with one more flag (SA_NODEFER), so that the JVM
    // still handles the signal but the setup differs from what it installed. JDK 25's -Xcheck:jni
    // watches only SEGV, ILL, FPE and BUS this way. Returns the original setup, to restore.
    private static MemorySegment changeSigillFlags(Arena arena) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        MemorySegment original = arena.allocate(256);
        if ((int) sigaction.invokeExact(4, MemorySegment.NULL, original) != 0) throw new IllegalStateException("sigaction");
        MemorySegment changed = arena.allocate(256);
        changed.copyFrom(original);
        changed.set(JAVA_INT, 136, changed.get(JAVA_INT, 136) | 0x40000000);
        if ((int) sigaction.invokeExact(4, changed, MemorySegment.NULL) != 0) throw new IllegalStateException("sigaction");
        System.out.println(P + "control: added SA_NODEFER to the SIGILL handler 0x" + Long.toHexString(original.get(JAVA_LONG, 0)));
        return original;
    }

    private static void restore(int sig, MemorySegment setup) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        if ((int) sigaction.invokeExact(sig, setup, MemorySegment.NULL) != 0) throw new IllegalStateException("sigaction");
    }
}
