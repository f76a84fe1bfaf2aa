package dev.ariel.eval;

/** The gradient suite against the Java interpreter. */
class JavaGradientConformanceTest implements GradientConformance {
    @Override
    public Backend backend() {
        return JavaEngine.INSTANCE;
    }
}
