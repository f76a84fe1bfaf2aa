package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.OptLevel;
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

/** Compiling prospero.vm for [-1,1]², from tape to callable code, per optimization level; each compile is unloaded again. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JitCompileBenchmark {
    @Param({"O0", "O1", "O2", "O3"})
    public String level;

    private Model model;
    private View view;

    @Setup
    public void read() throws Exception {
        model = Model.read(SharedModels.require("prospero.vm"));
        view = View.of(1024);
    }

    @Benchmark
    public long compile() {
        try (JitEngine fresh = JitEngine.of(CompileOptions.of(OptLevel.valueOf(level)))) {
            return fresh.kernel(model.tape(), view.box()).stats().textBytes();
        }
    }
}
