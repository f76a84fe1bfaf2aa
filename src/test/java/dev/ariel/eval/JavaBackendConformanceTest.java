package dev.ariel.eval;

/** The leaf-tile, interval and gradient suites against the Java interpreter (the point and row suite is {@link JavaEngineConformanceTest}). */
class JavaBackendConformanceTest implements TileConformance, IntervalConformance, GradientConformance {
    @Override
    public Backend backend() {
        return JavaEngine.INSTANCE;
    }
}
