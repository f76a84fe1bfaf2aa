package dev.ariel.bench;

import dev.ariel.Model;
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
import org.openjdk.jmh.annotations.Warmup;

/** The row interpreter rendering prospero.vm at 1024², on 1 thread and on every core. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RenderBenchmark {
    @Param({"1", "0"})
    public int threads;

    @Param({"1024"})
    public int size;

    private Model model;
    private Renderer renderer;
    private View view;

    @Setup
    public void load() throws Exception {
        model = Model.read(SharedModels.require("prospero.vm"));
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        renderer = Renderer.defaults().withThreads(n);
        view = View.of(size);
    }

    @Benchmark
    public MonoImage interpreter() {
        return renderer.render(model, view);
    }
}
