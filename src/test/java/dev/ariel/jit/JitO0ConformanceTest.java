package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.EngineConformanceSuite;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.AfterAll;

/** The shared conformance suite against LLVM-compiled kernels at -O0. */
class JitO0ConformanceTest extends EngineConformanceSuite {
    private static final JitEngine ENGINE = JitEngine.of(CompileOptions.of(OptLevel.O0));

    @Override
    protected Backend engine() {
        return ENGINE;
    }

    @AfterAll
    static void unload() {
        ENGINE.close();
    }
}
