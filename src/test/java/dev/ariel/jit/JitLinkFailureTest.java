package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.KernelIr;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Code that calls a function nobody defines fails to link with a message, and nothing runs; a
 * lookup of a symbol an object does not define fails with a message and unloads the object.
 */
class JitLinkFailureTest {
    @Test
    void aMissingSymbolIsAnErrorAtLinkTimeNotACrash() {
        String ir = """
                declare float @ariel_no_such_function(float)
                define float @ariel_calls_nothing(float %x) {
                  %r = call float @ariel_no_such_function(float %x)
                  ret float %r
                }
                """;
        ObjectCode code;
        HostTarget host = HostTarget.host();
        try (IrModule module = IrModule.parse(ir, "missing.ll"); HostMachine machine = HostMachine.create(host, OptLevel.CodegenLevel.NONE)) {
            module.verify();
            code = machine.emitObject(module);
        }
        Jit jit = Jit.shared();
        long before = jit.loadedKernels();
        CompileStats none = new CompileStats(0, 0, 0, 0, 0, 0, code.bytes().length, code.textBytes(), 0, 0);
        LlvmException e = assertThrows(LlvmException.class,
                () -> jit.load(new KernelCompiler.CompiledObject("ariel_calls_nothing", code, none)));
        assertTrue(e.getMessage().contains("ariel_no_such_function"), e.getMessage());
        assertEquals(before, jit.loadedKernels(), "a failed link leaves nothing loaded");
        // The JIT still works afterwards.
        assertThrows(LlvmException.class, () -> jit.lookup("ariel_calls_nothing"));
    }

    @Test
    void aSymbolTheObjectLacksIsAnErrorAndUnloadsTheObject() throws Exception {
        Jit jit = Jit.shared();
        long before = jit.loadedKernels();
        SsaTape tape = Model.parse("_0 var-x\n_1 const 2\n_2 mul _0 _1\n", "double.vm").tape();
        KernelCompiler.CompiledObject object = KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING),
                CompileOptions.of(OptLevel.O0), jit.host(), "ariel_test_defined");
        // The object defines ariel_test_defined, and the JIT is asked for another name.
        KernelCompiler.CompiledObject misnamed =
                new KernelCompiler.CompiledObject("ariel_test_undefined", object.code(), object.stats(), true);
        LlvmException e = assertThrows(LlvmException.class, () -> jit.load(misnamed));
        assertTrue(e.getMessage().contains("ariel_test_undefined"), e.getMessage());
        assertEquals(before, jit.loadedKernels(), "a failed lookup leaves nothing loaded");
        assertThrows(LlvmException.class, () -> jit.lookup("ariel_test_defined"), "the object was unloaded with its tracker");

        // A batch with one missing name loads none of its functions.
        KernelCompiler.CompiledBatch batch = KernelCompiler.compileBatch(List.of(
                new KernelIr.Kernel(tape, MinMaxFacts.of(tape, Box.EVERYTHING), "ariel_test_batch_a"),
                new KernelIr.Kernel(tape, MinMaxFacts.of(tape, Box.EVERYTHING), "ariel_test_batch_b")), CompileOptions.of(OptLevel.O0),
                jit.host());
        List<KernelCompiler.Symbol> names = new ArrayList<>(batch.symbols());
        KernelCompiler.Symbol b = names.get(1);
        names.set(1, new KernelCompiler.Symbol("ariel_test_batch_missing", b.ops(), b.minMax(), b.hardwareMinMax()));
        KernelCompiler.CompiledBatch broken = new KernelCompiler.CompiledBatch(batch.code(), names, batch.stats());
        e = assertThrows(LlvmException.class, () -> jit.loadBatch(broken));
        assertTrue(e.getMessage().contains("ariel_test_batch_missing"), e.getMessage());
        assertEquals(before, jit.loadedKernels());
        assertThrows(LlvmException.class, () -> jit.lookup("ariel_test_batch_a"), "the batch's found function was unloaded too");

        // Nothing of either object stayed behind: both link again under their real names, and run.
        try (CompiledKernel k = jit.load(object)) {
            float[] out = new float[1];
            k.evaluate(new float[] {21f}, 0, 1, 0f, 0f, out);
            assertEquals(42f, out[0]);
        }
        List<CompiledKernel> both = jit.loadBatch(batch);
        assertEquals(before + 2, jit.loadedKernels());
        for (CompiledKernel k : both) k.close();
        assertEquals(before, jit.loadedKernels());
    }
}
