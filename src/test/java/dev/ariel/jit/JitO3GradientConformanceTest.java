package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientConformance;
import dev.ariel.llvm.OptLevel;
import org.junit.jupiter.api.AfterAll;

/**
 * The gradient suite against kernels compiled at -O3, whose passes must keep every edge input's
 * bits (no fast-math flag lets them fold {@code 0·x} or reorder a sum); {@link JitBackendConformanceTest}
 * runs it at -O0.
 */
class JitO3GradientConformanceTest implements GradientConformance {
    private static final JitBackend BACKEND = JitBackend.of(CompileOptions.of(OptLevel.O3), 1);

    @Override
    public Backend backend() {
        return BACKEND;
    }

    @AfterAll
    static void unload() {
        BACKEND.close();
    }
}
