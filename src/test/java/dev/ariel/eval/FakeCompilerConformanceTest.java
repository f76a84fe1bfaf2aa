package dev.ariel.eval;

import dev.ariel.testing.FakeTapeCompiler;

/** The leaf-tile and interval suites against a backend whose compiling contract is the pure-Java fake. */
class FakeCompilerConformanceTest implements TileConformance, IntervalConformance {
    private final Backend backend = new FakeTapeCompiler(100_000).backend();

    @Override
    public Backend backend() {
        return backend;
    }
}
