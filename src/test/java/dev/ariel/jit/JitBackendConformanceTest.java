package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.IntervalConformance;
import dev.ariel.eval.TileConformance;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.AfterAll;

/**
 * The leaf-tile and interval suites against the LLVM tier: its compiled tiles from
 * {@link JitTapeCompiler} at -O0 (the point and row suite is {@link JitO0ConformanceTest}).
 */
class JitBackendConformanceTest implements TileConformance, IntervalConformance {
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
