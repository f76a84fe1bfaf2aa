package dev.ariel.eval;

/** The Java interpreter tier against the shared conformance suite. */
class JavaEngineConformanceTest extends EngineConformanceSuite {
    @Override
    protected Backend engine() {
        return JavaEngine.INSTANCE;
    }
}
