package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.EngineConformanceSuite;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.AfterAll;

/** The shared conformance suite against LLVM-compiled kernels at -O3. */
class JitO3ConformanceTest extends EngineConformanceSuite {
    private static final JitEngine ENGINE = JitEngine.of(CompileOptions.of(OptLevel.O3));

    @Override
    protected Backend engine() {
        return ENGINE;
    }

    @AfterAll
    static void unload() {
        ENGINE.close();
    }
}
