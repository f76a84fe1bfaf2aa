package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.compare.Comparison;
import dev.ariel.compare.ComparisonChart;
import dev.ariel.compare.ComparisonReport;
import dev.ariel.compare.LevelComparison;
import dev.ariel.io.OutputFiles;
import dev.ariel.parse.ModelException;
import dev.ariel.render.View;
import dev.ariel.wiring.CompileSettings;
import dev.ariel.wiring.IrListing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ariel compare}: LLVM's optimization levels side by side on one model. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Measures what each optimization level costs MODEL and what it buys.",
            "For each level: what it costs to compile, what it buys at render time, after how many frames "
                + "it pays for itself against the level below, and whether its image equals the interpreter's. "
                + "Runs interleave the levels; times are medians."
        })
final class CompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm).")
    Path model;

    @Option(names = {"-s", "--size"}, paramLabel = "N", description = "Width and height in pixels (default: 1024).")
    int size = 1024;

    @Option(names = "--levels", paramLabel = "LEVELS", converter = LevelsConverter.class,
            description = "The levels to compare, such as O0,O2 (default: all four, O0 to O3).")
    List<CompileSettings.Level> levels = CompileSettings.Level.all();

    @Option(names = "--codegen", paramLabel = "LEVEL", converter = JitOptions.CodegenConverter.class,
            description = "Also compare every level with this codegen level: rows such as O2/none.")
    CompileSettings.Codegen codegen;

    @Option(names = "--runs", paramLabel = "K", description = "Frames rendered per row, interleaved (default: 5).")
    int runs = 5;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "both",
            description = "brute (the whole model, one kernel), pruned (the quadtree's tile kernels) or both "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--threads", paramLabel = "N", description = "Render threads (default: all cores).")
    Integer threads;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, csv or json (default: ${DEFAULT-VALUE}, an aligned table).")
    String format;

    @Option(names = "--chart", paramLabel = "FILE.svg", description = "Also draw the comparison as an SVG chart.")
    Path chart;

    @Option(names = "--emit-dir", paramLabel = "DIR",
            description = "Write each level's IR after the passes and its assembly: MODEL.O0.ll, MODEL.O0.s, ...")
    Path emitDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws ModelException, IOException {
        List<String> strategies = switch (strategy) {
            case "brute" -> List.of("brute");
            case "pruned" -> List.of("pruned");
            case "both" -> List.of("brute", "pruned");
            default -> throw new ParameterException(spec.commandLine(), "--strategy must be brute, pruned or both, not '"
                    + strategy + "'");
        };
        if (!List.of("text", "csv", "json").contains(format)) {
            throw new ParameterException(spec.commandLine(), "--format must be text, csv or json, not '" + format + "'");
        }
        if (runs < 1) throw new ParameterException(spec.commandLine(), "--runs must be at least 1, not " + runs);
        if (runs > LevelComparison.MAX_RUNS) {
            throw new ParameterException(spec.commandLine(), "--runs must be at most " + LevelComparison.MAX_RUNS + ", not " + runs);
        }
        int n = RenderCommand.threadCount(spec.commandLine(), threads);
        View view;
        try {
            view = View.of(size);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (chart != null && !chart.toString().endsWith(".svg")) {
            throw new ParameterException(spec.commandLine(), "--chart writes SVG: give a file name ending in .svg, not '"
                    + chart + "'");
        }
        Path emitAt = emitDir == null ? null : dev.ariel.io.Invocation.current().resolve(emitDir); // the caller's directory
        if (emitDir != null && Files.exists(emitAt) && !Files.isDirectory(emitAt)) {
            throw new IOException("cannot write into " + emitDir + ": it is not a directory");
        }
        OutputFiles outputs = OutputFiles.protecting("model", model);
        if (chart != null) outputs.check(chart, "the chart");
        Model m = model != null ? JavaModels.read(model) : Model.bundled();
        List<CompileSettings> options = CompileSettings.levels(levels, codegen);
        // Refused before the comparison runs, not minutes after.
        if (emitDir != null && Files.isDirectory(emitAt)) {
            for (CompileSettings o : options) {
                outputs.check(emitted(m, o, ".ll"), "the IR");
                outputs.check(emitted(m, o, ".s"), "the assembly");
            }
        }
        Comparison c;
        try (ProgressReport progress = ProgressReport.open(!quiet, spec.commandLine().getErr())) {
            c = LevelComparison.run(m, view, options, strategies, runs, n, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case "csv" -> ComparisonReport.csv(c);
            case "json" -> ComparisonReport.json(c);
            default -> ComparisonReport.text(c);
        });
        out.flush();
        if (chart != null) ComparisonChart.write(c, chart, outputs);
        if (emitDir != null) emit(m, view, options, outputs);
        return ExitCodes.OK;
    }

    // The whole model's kernel per level, after the passes, and its assembly: files to diff.
    private void emit(Model m, View view, List<CompileSettings> options, OutputFiles outputs) throws IOException {
        Files.createDirectories(dev.ariel.io.Invocation.current().resolve(emitDir));
        IrListing.Kernel kernel = IrListing.wholeModel(m.tape(), view.box());
        for (CompileSettings o : options) {
            outputs.write(emitted(m, o, ".ll"),
                    IrListing.ir(kernel, o.options(), IrListing.Stage.AFTER).getBytes(StandardCharsets.UTF_8), "the IR");
            outputs.write(emitted(m, o, ".s"),
                    IrListing.assembly(kernel, o.options()).getBytes(StandardCharsets.UTF_8), "the assembly");
        }
    }

    // MODEL.O2.ll in the emit directory: the model's file name without .vm, and the level.
    private Path emitted(Model m, CompileSettings o, String extension) {
        String name = m.source().replaceAll(".*[/\\\\]", "").replaceFirst("\\.vm$", "");
        return emitDir.resolve(name + "." + o.label().replace('/', '-') + extension);
    }

    /** Parses {@code O0,O2} (or {@code 0,2}). */
    static final class LevelsConverter implements ITypeConverter<List<CompileSettings.Level>> {
        @Override
        public List<CompileSettings.Level> convert(String value) {
            List<CompileSettings.Level> out = new ArrayList<>();
            for (String part : value.split(",")) {
                try {
                    out.add(CompileSettings.Level.parse(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("levels are O0, O1, O2 or O3, separated by commas, not '" + value + "'");
                }
            }
            if (out.isEmpty() || out.stream().distinct().count() != out.size()) {
                throw new TypeConversionException("levels must be distinct and at least one: '" + value + "'");
            }
            return List.copyOf(out);
        }
    }

    /** The progress bar on a terminal, and nothing elsewhere. */
    static final class ProgressReport implements LevelComparison.Progress, AutoCloseable {
        private final me.tongfei.progressbar.ProgressBar bar;

        private ProgressReport(me.tongfei.progressbar.ProgressBar bar) {
            this.bar = bar;
        }

        static ProgressReport open(boolean wanted, PrintWriter err) {
            if (!wanted || !TerminalBars.terminal()) return new ProgressReport(null);
            return new ProgressReport(TerminalBars.builder().setTaskName("compare")
                    .setInitialMax(1).continuousUpdate().build());
        }

        @Override
        public void step(String what, int done, int total) {
            if (bar == null) return;
            bar.maxHint(total);
            bar.stepTo(done);
            bar.setExtraMessage(what);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }
}
