package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.LlvmException;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.Test;

/** Code that calls a function nobody defines fails to link with a message, and nothing runs. */
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
}
