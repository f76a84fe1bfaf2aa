package dev.ariel.bench;

import dev.ariel.parse.ParsedModel;
import dev.ariel.parse.ReadLimits;
import dev.ariel.parse.VmReader;
import dev.ariel.tape.SsaTape;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** How long reading prospero.vm takes in a warm JVM: parsing into the graph, and building the tape. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReadBenchmark {
    private byte[] prospero;

    @Setup
    public void load() throws Exception {
        prospero = Files.readAllBytes(SharedModels.require("prospero.vm"));
    }

    /** Bytes to hash-consed graph. */
    @Benchmark
    public ParsedModel parse() throws Exception {
        return VmReader.parse(prospero, "prospero.vm", ReadLimits.defaults());
    }

    /** Bytes to graph to tape with its slot plan: all that happens before rendering. */
    @Benchmark
    public SsaTape parseAndTape() throws Exception {
        ParsedModel m = VmReader.parse(prospero, "prospero.vm", ReadLimits.defaults());
        return SsaTape.of(m.graph(), m.root());
    }
}
