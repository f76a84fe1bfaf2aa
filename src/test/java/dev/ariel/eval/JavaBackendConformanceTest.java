package dev.ariel.eval;

/** The leaf-tile and interval suites against the Java interpreter (the point and row suite is {@link JavaEngineConformanceTest}). */
class JavaBackendConformanceTest implements TileConformance, IntervalConformance {
    @Override
    public Backend backend() {
        return JavaEngine.INSTANCE;
    }
}
