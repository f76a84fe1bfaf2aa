package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaEngine;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** LLVM failures, budget overruns and bad arguments surface as Java exceptions (or an interpreter fallback), never as a crash. */
class JitFailureTest {
    private static final CompileOptions O0 = CompileOptions.of(OptLevel.O0);

    @Test
    void aBoxOfInfinitiesIsNotTheBoxThatAdmitsNaN() throws Exception {
        // Equal as records, but only Box.EVERYTHING admits NaN: its kernel must keep minNum's NaN rule.
        var tape = Model.parse("x var-x\ny var-y\nm min x y\n", "m.vm").tape();
        float inf = Float.POSITIVE_INFINITY;
        Box infinities = new Box(-inf, inf, -inf, inf, -inf, inf);
        try (JitEngine engine = JitEngine.of(CompileOptions.of(OptLevel.O1))) {
            CompiledKernel proved = engine.kernel(tape, infinities);
            CompiledKernel general = engine.kernel(tape, Box.EVERYTHING);
            assertNotEquals(proved.symbol(), general.symbol(), "different facts, different code");
            float[] out = new float[1];
            general.evaluate(new float[] {Float.NaN}, 0, 1, 1f, 0f, out);
            assertEquals(1f, out[0], "min(NaN, 1) is 1");
        }
    }

    @Test
    void invalidIrIsAnLlvmExceptionNamingTheBuffer() {
        LlvmException e = assertThrows(LlvmException.class, () -> IrModule.parse("this is not IR", "bad.ll"));
        assertTrue(e.getMessage().contains("bad.ll"), e.getMessage());
        // The JIT and parser still work afterwards.
        try (IrModule ok = IrModule.parse("define i32 @f() {\n  ret i32 1\n}\n", "ok.ll")) {
            ok.verify();
            assertEquals(1, ok.instructionCount());
        }
    }

    @Test
    void irThatParsesButIsMalformedFailsVerificationWithAnException() {
        // %x does not dominate its use in %b: the parser accepts it; only the verifier can tell.
        String ir = """
                define i32 @f(i1 %c) {
                entry:
                  br i1 %c, label %a, label %b
                a:
                  %x = add i32 1, 2
                  br label %b
                b:
                  ret i32 %x
                }
                """;
        try (IrModule module = IrModule.parse(ir, "dominance.ll")) {
            LlvmException e = assertThrows(LlvmException.class, module::verify);
            assertTrue(e.getMessage().contains("dominate"), e.getMessage());
        }
    }

    @Test
    void aUsedClosedModuleIsAnIllegalStateNotACrash() {
        IrModule module = IrModule.parse("define void @g() {\n  ret void\n}\n", "closed.ll");
        module.close();
        module.close(); // idempotent
        assertThrows(IllegalStateException.class, module::text);
        assertThrows(IllegalStateException.class, module::verify);
    }

    @Test
    void lookingUpAnUndefinedSymbolIsAnLlvmException() {
        Jit jit = Jit.shared();
        LlvmException e = assertThrows(LlvmException.class, () -> jit.lookup("no_such_symbol"));
        assertTrue(e.getMessage().contains("no_such_symbol"), e.getMessage());
        // Symbols of the process's libraries do resolve (the generated code for mod calls fmodf).
        assertNotEquals(0L, jit.lookup("fmodf"));
        // And a failed lookup leaves the JIT usable.
        assertThrows(LlvmException.class, () -> jit.lookup("no_such_symbol"));
    }

    @Test
    void anUnknownTargetIsAnLlvmException() {
        HostTarget bogus = new HostTarget("nonsense-unknown-nowhere", "none", "", 4);
        LlvmException e = assertThrows(LlvmException.class, () -> HostMachine.create(bogus, OptLevel.CodegenLevel.NONE));
        assertTrue(e.getMessage().contains("nonsense-unknown-nowhere"), e.getMessage());
        SsaTape tape = tape("_0 var-x\n_1 sqrt _0\n");
        assertThrows(LlvmException.class,
                () -> KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), O0, bogus, "never_loaded"));
    }

    @Test
    void linkingGarbageOrADuplicateSymbolIsAnLlvmExceptionAndLeavesTheJitUsable() {
        Jit jit = Jit.shared();
        long loaded = jit.loadedKernels();
        CompileStats noStats = new CompileStats(0, 0, 0, 0, 0, 0, 3, 0, 0, 0);
        KernelCompiler.CompiledObject garbage =
                new KernelCompiler.CompiledObject("garbage_kernel", new ObjectCode(new byte[] {1, 2, 3}, 0), noStats);
        assertThrows(LlvmException.class, () -> jit.load(garbage));
        assertEquals(loaded, jit.loadedKernels(), "a failed load counts as loaded");
        assertThrows(LlvmException.class, () -> jit.lookup("garbage_kernel"));

        SsaTape tape = tape("_0 var-x\n_1 const 3\n_2 mul _0 _1\n");
        KernelCompiler.CompiledObject object =
                KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), O0, jit.host(), "ariel_test_duplicate");
        try (CompiledKernel first = jit.load(object)) {
            assertThrows(LlvmException.class, () -> jit.load(object), "the same symbol linked twice");
            assertEquals(loaded + 1, jit.loadedKernels());
            float[] out = new float[2];
            first.evaluate(new float[] {2f, -1f}, 0, 2, 0f, 0f, out);
            assertArrayEquals(new float[] {6f, -3f}, out, "the first kernel still runs after the failed second link");
            assertEquals(first.address(), jit.lookup("ariel_test_duplicate"));
        }
        assertEquals(loaded, jit.loadedKernels());
        assertThrows(LlvmException.class, () -> jit.lookup("ariel_test_duplicate"));
    }

    @Test
    void aTapeOverTheBudgetFallsBackToTheInterpreterInTheEngine() {
        SsaTape small = tape("_0 var-x\n_1 var-y\n_2 mul _0 _1\n");
        SsaTape large = tape("_0 var-x\n_1 var-y\n_2 mul _0 _1\n_3 const 0.5\n_4 sub _2 _3\n_5 sqrt _4\n_6 max _5 _0\n");
        assertEquals(3, small.length(), "instructions in the small tape");
        assertTrue(large.length() > 3, "instructions in the large tape: " + large.length());
        CompileOptions budget = O0.withMaxOps(3);
        Jit jit = Jit.shared();
        long loaded = jit.loadedKernels();
        try (JitEngine engine = JitEngine.of(budget)) {
            assertTrue(engine.compiles(small), "a tape at the budget compiles");
            assertInstanceOf(CompiledKernel.class, engine.rowEvaluator(small, Box.EVERYTHING));
            assertFalse(engine.compiles(large), "a tape over the budget compiles");

            RowEvaluator row = engine.rowEvaluator(large, Box.EVERYTHING);
            assertFalse(row instanceof CompiledKernel, "over the budget, the engine still handed out a compiled kernel");
            assertEquals(1, engine.kernelCount(), "only the small tape was compiled");
            assertEquals(loaded + 1, jit.loadedKernels());
            float[] xs = {-3f, -0.5f, 0f, 0.25f, 1f, 2f, 9f, Float.NaN, Float.POSITIVE_INFINITY};
            for (float y : new float[] {-2f, 0f, 0.5f, 3f}) {
                float[] got = new float[xs.length], expected = new float[xs.length];
                row.evaluate(xs, 0, xs.length, y, 0f, got);
                JavaEngine.INSTANCE.rowEvaluator(large, Box.EVERYTHING).evaluate(xs, 0, xs.length, y, 0f, expected);
                for (int i = 0; i < xs.length; i++) {
                    float direct = Math.max((float) Math.sqrt(xs[i] * y - 0.5f), xs[i]);
                    assertTrue(FloatEquality.same(expected[i], got[i]), "at (" + xs[i] + ", " + y + "): " + got[i]);
                    if (!Float.isNaN(xs[i]) && xs[i] * y - 0.5f >= 0) {
                        assertEquals(direct, got[i], "at (" + xs[i] + ", " + y + ")");
                    }
                }
            }
            PointEvaluator point = engine.pointEvaluator(large);
            assertEquals(Math.max((float) Math.sqrt(2f * 3f - 0.5f), 2f), point.evaluate(2f, 3f, 0f));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> jit.compile(large, MinMaxFacts.of(large, Box.EVERYTHING), budget));
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
            assertEquals(loaded + 1, jit.loadedKernels(), "a refused compile loaded something");
        }
        assertEquals(loaded, jit.loadedKernels());
        assertThrows(IllegalArgumentException.class, () -> O0.withMaxOps(0));
    }

    @Test
    void outOfRangeRunsAreIndexOutOfBoundsAndTouchNothing() {
        SsaTape tape = tape("_0 var-x\n_1 const 1\n_2 add _0 _1\n");
        try (CompiledKernel kernel = Jit.shared().compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), O0)) {
            float[] xs = new float[40];
            for (int i = 0; i < xs.length; i++) xs[i] = i;
            float[] out = new float[40];
            float[] shortOut = new float[20];
            int[][] bad = {
                {-1, 5}, {0, -1}, {0, 41}, {36, 5}, {40, 1}, {41, 0}, {Integer.MAX_VALUE, 2}, {2, Integer.MAX_VALUE},
                {Integer.MIN_VALUE, 1},
            };
            for (int[] run : bad) {
                Arrays.fill(out, -42f);
                assertThrows(IndexOutOfBoundsException.class, () -> kernel.evaluate(xs, run[0], run[1], 0f, 0f, out),
                        "from " + run[0] + ", count " + run[1]);
                for (float v : out) assertEquals(-42f, v, "out written by a refused run from " + run[0] + ", count " + run[1]);
            }
            // An out array shorter than the run: refused before native code could write past it.
            Arrays.fill(shortOut, -42f);
            assertThrows(IndexOutOfBoundsException.class, () -> kernel.evaluate(xs, 10, 15, 0f, 0f, shortOut));
            for (float v : shortOut) assertEquals(-42f, v);
            assertThrows(NullPointerException.class, () -> kernel.evaluate(null, 0, 1, 0f, 0f, out));

            // Runs at the edges are fine: empty at the end, and the last element alone.
            kernel.evaluate(xs, 40, 0, 0f, 0f, out);
            Arrays.fill(out, -42f);
            kernel.evaluate(xs, 39, 1, 0f, 0f, out);
            assertEquals(40f, out[39]);
            assertEquals(-42f, out[38]);
            kernel.evaluate(xs, 3, 17, 0f, 0f, out);
            for (int i = 0; i < 40; i++) {
                float expected = i >= 3 && i < 20 ? i + 1f : i == 39 ? 40f : -42f;
                assertEquals(expected, out[i], "out[" + i + "]");
            }
        }
    }

    private static SsaTape tape(String text) {
        try {
            return Model.parse(text, "failure.vm").tape();
        } catch (ModelException e) {
            throw new AssertionError(e);
        }
    }
}
