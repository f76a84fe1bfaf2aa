package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientConformance;
import dev.ariel.eval.IntervalConformance;
import dev.ariel.eval.TileConformance;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.AfterAll;

/**
 * The leaf-tile, interval and gradient suites against the LLVM tier: its compiled tiles from
 * {@link JitTapeCompiler} and its gradient kernels at -O0 (the point and row suite is
 * {@link JitO0ConformanceTest}; {@link GradientIrTest} runs gradient kernels at -O3 too).
 */
class JitBackendConformanceTest implements TileConformance, IntervalConformance, GradientConformance {
    private static final JitBackend BACKEND = JitBackend.of(CompileOptions.of(OptLevel.O0), 1);

    @Override
    public Backend backend() {
        return BACKEND;
    }

    @AfterAll
    static void unload() {
        BACKEND.close();
    }
}
