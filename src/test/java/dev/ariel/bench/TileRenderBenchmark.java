package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The quadtree on prospero.vm, 2 threads: a frame with the pruned interpreter, and a later frame
 * of the same view with every tier-1 tape compiled ({@code --engine jit}, warm), in mono and SDF
 * mode, at 1024² and 4096².
 */
@State(Scope.Benchmark)
// Frames back to back, as -N renders them: each iteration is a second of frames, and the score
// its mean frame time; scripts/jmh-median gives the median over iterations.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class TileRenderBenchmark {
    @Param({"1024", "4096"})
    public int size;

    @Param({"MONO", "SDF"})
    public RenderMode mode;

    private Model model;
    private View view;
    private TileRenderer interpreter;
    private TileRenderer compiled;
    private JitTapeCompiler compiler;

    @Setup(Level.Trial)
    public void load() throws Exception {
        model = Model.read(SharedModels.require("prospero.vm"));
        view = View.of(size);
        interpreter = new TileRenderer(2, TileSizes.defaults(), null);
        compiler = new JitTapeCompiler(CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE));
        compiled = new TileRenderer(2, TileSizes.defaults(),
                new CompiledTier(compiler, 128, CompiledTier.Policy.ALWAYS, CostModel.defaults().withFramesExpected(1000)));
        compiled.render(model, view, mode, 1000);
    }

    @TearDown(Level.Trial)
    public void close() {
        compiler.close();
    }

    @Benchmark
    public Frame interpreter() {
        return interpreter.render(model, view, mode, 1);
    }

    @Benchmark
    public Frame compiledWarm() {
        return compiled.render(model, view, mode, 1000);
    }
}
