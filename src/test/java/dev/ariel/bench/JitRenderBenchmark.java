package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.MonoImage;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * prospero.vm at 1024² rendered by JIT-compiled code (compiled once, in setup), per
 * optimization level, on 1 thread and on every core. {@link JitCompileBenchmark} times the compile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JitRenderBenchmark {
    @Param({"O0", "O1", "O2", "O3"})
    public String level;

    @Param({"1", "0"})
    public int threads;

    private Model model;
    private View view;
    private JitEngine engine;
    private Renderer renderer;

    @Setup
    public void setUp() throws Exception {
        model = Model.read(SharedModels.require("prospero.vm"));
        view = View.of(1024);
        engine = JitEngine.of(CompileOptions.of(OptLevel.valueOf(level)));
        engine.kernel(model.tape(), view.box());
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        renderer = new Renderer(engine, n);
    }

    @TearDown
    public void unload() {
        engine.close();
    }

    @Benchmark
    public MonoImage render() {
        return renderer.render(model, view);
    }
}
