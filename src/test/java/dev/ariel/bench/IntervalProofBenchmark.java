package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaRowEvaluator;
import dev.ariel.eval.RowEvaluator;
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

/**
 * What the interval proof buys the row interpreter: every row of prospero.vm at 1024 on one thread,
 * with min/max proven NaN-free over the view's box (hardware min/max) and without a box (minNum
 * with a NaN test per element).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IntervalProofBenchmark {
    @Param({"view-box", "no-box"})
    public String proof;

    private RowEvaluator evaluator;
    private float[] xs;
    private float[] ys;
    private final float[] out = new float[1024];

    @Setup
    public void load() throws Exception {
        Model model = Model.read(SharedModels.require("prospero.vm"));
        View view = View.of(1024);
        xs = view.columnXs();
        ys = view.rowYs();
        evaluator = new JavaRowEvaluator(model.tape(), proof.equals("view-box") ? view.box() : Box.EVERYTHING);
    }

    @Benchmark
    public float[] allRows() {
        for (float y : ys) {
            evaluator.evaluate(xs, 0, xs.length, y, 0f, out);
        }
        return out;
    }
}
