package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.cli.Converters.AttachedValueOnly;
import dev.ariel.cli.Converters.FormatConverter;
import dev.ariel.cli.Converters.ModeConverter;
import dev.ariel.cli.Converters.PointConverter;
import dev.ariel.cli.Converters.StageConverter;
import dev.ariel.cli.Converters.StrategyConverter;
import dev.ariel.cli.Converters.TileSizesConverter;
import dev.ariel.io.OutputFiles;
import dev.ariel.parse.ModelException;
import dev.ariel.render.Frame;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.wiring.CodeCacheHints;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.IrListing;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ariel render}: renders a model into a PNG or PGM file. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Renders MODEL into an image: a pixel is white where the model's value is < 0.",
            "By default, interval arithmetic over a quadtree of tiles decides most pixels, the Java "
                + "interpreter evaluates the rest, and LLVM compiles the tiles' tapes where that pays.",
            "The shorter side of the image spans [c - s, c + s]; pixels are square."
        })
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image, .png, .ppm or .pgm, or - for standard output (default: MODEL's file name with "
                    + ".png, in the working directory).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "png, ppm or pgm: the image format, whatever -o's name (default: from -o's extension; png for -o -).")
    ImageFormat format;

    @Option(names = {"-s", "--size"}, paramLabel = "N", description = "Width and height in pixels (default: 1024).")
    Integer size;

    @Option(names = "--width", paramLabel = "W", description = "Width in pixels (overrides -s).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Height in pixels (overrides -s).")
    Integer height;

    @Option(names = "--center", paramLabel = "CX,CY", converter = PointConverter.class,
            description = "The point at the image's centre (default: 0,0).")
    Converters.Point center = new Converters.Point(0, 0);

    @Option(names = "--scale", paramLabel = "S",
            description = "Half the extent of the shorter side (default: 1, which shows [-1,1]).")
    double scale = 1;

    @Option(names = "--z", paramLabel = "Z", description = "The z slice for models that read var-z (default: 0).")
    double z = 0;

    @Option(names = "--threads", paramLabel = "N", description = "Render threads (default: all cores).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.AUTO,
            description = "auto: interpret first and compile with LLVM what the cost model says will pay; interp: the "
                    + "Java interpreter only (never loads LLVM); jit: compile everything first (default: "
                    + "${DEFAULT-VALUE}).",
            completionCandidates = Engines.class, converter = Engines.Converter.class)
    EngineKind engine;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "pruned", converter = StrategyConverter.class,
            description = "pruned: interval arithmetic over a quadtree of tiles; brute: the whole model, evaluated "
                    + "at every pixel "
                    + "(default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "mono", converter = ModeConverter.class,
            description = "mono: black and white; debug: colours each pixel by how it was decided (interval, "
                    + "interpreter or compiled code); sdf: shades each pixel by its value (default: ${DEFAULT-VALUE}).")
    RenderMode mode;

    @Option(names = {"-N", "--frames"}, paramLabel = "K", description = "Render K frames in one process and keep the "
            + "last, as a benchmark does (default: 1).")
    int frames = 1;

    @Option(names = "--tiles", paramLabel = "SIZES", converter = TileSizesConverter.class,
            description = "Quadtree tile sizes, coarse to leaf, each dividing the one before (default: 512,128,32, or "
                    + "512,128,32,8 for a single frame, which runs before the JVM has warmed up).")
    TileSizes tiles;

    @Option(names = "--compile-tile", paramLabel = "PX",
            description = "The tile size whose simplified tapes tier 1 compiles; one of --tiles (default: 128 if it is "
                    + "one, else the coarsest).")
    Integer compileTile;

    @Option(names = "--stats", paramLabel = "FORMAT", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Print on stderr where the time went and what decided the pixels; --stats=json prints "
                    + "them as one JSON object.")
    String stats;

    @Mixin
    JitOptions jit;

    @Option(names = "--no-cache", description = "Neither read nor write the compiled-code cache on disk "
            + "(see `ariel cache info`): compile everything this run needs.")
    boolean noCache;

    @Option(names = "--emit-llvm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Write the LLVM IR of every kernel the run compiled, each headed by a comment naming the "
                    + "tile it serves, to stdout, or to FILE with --emit-llvm=FILE; if the run compiled nothing, "
                    + "the whole model's kernel. Without -o, this writes no image at all.")
    String emitLlvm;

    @Option(names = "--emit-stage", paramLabel = "STAGE", converter = StageConverter.class,
            description = "IR before or after the passes (default: before).")
    IrListing.Stage emitStage = IrListing.Stage.BEFORE;

    @Option(names = "--emit-asm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Write the host assembly of the same kernels to stdout, or to FILE with --emit-asm=FILE.")
    String emitAsm;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    // The files this run writes, never over its model.
    private OutputFiles outputs = OutputFiles.unguarded();

    @Override
    public Integer call() throws ModelException, IOException {
        View view = view();
        boolean emitting = emitLlvm != null || emitAsm != null;
        boolean writeImage = output != null || !emitting;
        Path out = output != null ? output : Path.of(defaultOutputName());
        boolean toStdout = output != null && output.toString().equals("-");
        if (toStdout && "-".equals(emitLlvm) || toStdout && "-".equals(emitAsm)) {
            throw new ParameterException(spec.commandLine(), "-o - and --emit-llvm/--emit-asm without a file both write to "
                    + "standard output: give one of them a file");
        }
        ImageFormat imageFormat = format != null ? format : toStdout ? ImageFormat.PNG : ImageFormat.forPath(out).orElse(null);
        outputs = OutputFiles.protecting("model", model);
        String clash = OutputFiles.sameFile(outputsByOption(writeImage && !toStdout ? out : null)).orElse(null);
        if (clash != null) throw new ParameterException(spec.commandLine(), clash);
        if (writeImage && !toStdout) checkOutput(out, imageFormat);
        if (emitLlvm != null && !emitLlvm.equals("-")) outputs.check(Path.of(emitLlvm), "the IR");
        if (emitAsm != null && !emitAsm.equals("-")) outputs.check(Path.of(emitAsm), "the assembly");
        RenderSettings settings = settings();
        // Before the read: a run that will compile starts loading LLVM now, beside it.
        FrameSource.Prepared prepared = FrameSource.prepare(settings, view, mode);
        PrintWriter err = spec.commandLine().getErr();
        RenderStats report = new RenderStats();

        long t0 = System.nanoTime();
        Model m = model != null ? JavaModels.read(model) : Model.bundled();
        long t1 = System.nanoTime();
        report.readMillis = ms(t1 - t0);
        Frame last = null;
        FrameSource.Summary summary;
        try (FrameSource source = prepared.open(m)) {
            if (!quiet) for (String w : source.warnings()) err.printf("ariel: %s %s%n", m.source(), w);
            if (writeImage || stats != null || source.rendersToCompile()) {
                dev.ariel.io.Invocation caller = dev.ariel.io.Invocation.current();
                for (int k = 0; k < frames; k++) {
                    // The daemon's client pressed Ctrl-C or went away: nobody waits for the rest.
                    if (caller.cancelled()) throw new java.util.concurrent.CancellationException("cancelled by the client");
                    last = source.next();
                    report.add(last.stats());
                }
            }
            summary = source.finish();
        }
        note(report, summary);
        if (emitting) emit(m, view, settings, summary.kernels(), last);
        long t3 = System.nanoTime();
        if (writeImage && last != null) {
            // SDF shades by the model's slope, as the service's tiles do, so its image of a tile's view is the tile.
            dev.ariel.render.Image image = last instanceof Frame.Sdf sdf ? dev.ariel.render.SdfShading.image(view, sdf.values(),
                    dev.ariel.render.SdfShading.modelSlope(m, TileRenderer.interpreter(), dev.ariel.render.Deadline.NONE)) : last.image();
            if (toStdout) {
                java.io.OutputStream stdout = dev.ariel.io.Invocation.current().stdout(); // the client's, in the daemon
                stdout.write(ImageFiles.encode(image, imageFormat));
                stdout.flush();
            } else {
                ImageFiles.write(image, out, imageFormat, outputs);
            }
        }
        long t4 = System.nanoTime();
        report.writeMillis = ms(t4 - t3);
        MonoImage mono = mono(last);
        facts(report, m, view, settings, mono);
        if (stats != null) {
            err.print(stats.equals("json") ? report.json() + System.lineSeparator() : report.text());
        }
        if (!quiet && writeImage && last != null) {
            err.printf(Locale.ROOT, "wrote %s: %dx%d%s (read %.1f ms, %s%s, write %.1f ms)%n", out, view.width(),
                    view.height(), mono != null ? ", " + mono.filledCount() + " filled pixels" : "",
                    ms(t1 - t0), frameSummary(report, settings.threads()), summary.note(), ms(t4 - t3));
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static void note(RenderStats report, FrameSource.Summary s) {
        report.compileMillis = ms(s.compileNanos());
        report.tapesCompiled = s.tapesCompiled();
        report.tapesLoaded = s.tapesLoaded();
        report.cacheHits = s.cacheHits();
        if (s.codeCache() != null) {
            report.codeCache = s.codeCache();
            report.codeCacheRejected = s.codeCacheRejected();
        }
    }

    // The black-and-white image of a mono or debug frame; an SDF frame has none. Tests of type,
    // not a pattern switch: its bootstrap would run on every start, outside the AOT cache.
    private static MonoImage mono(Frame f) {
        if (f instanceof Frame.Mono m) return m.mono();
        if (f instanceof Frame.Debug d) return d.mono();
        return null;
    }

    private void facts(RenderStats report, Model m, View view, RenderSettings settings, MonoImage mono) {
        report.fact("model", m.source());
        report.fact("width", view.width());
        report.fact("height", view.height());
        report.fact("engine", engine.label());
        report.fact("strategy", strategy.label());
        report.fact("mode", mode.label());
        report.fact("threads", settings.threads());
        if (mono != null) report.fact("filled_pixels", mono.filledCount());
    }

    /**
     * The most frames of {@code -N}: each frame's statistics stay until the report (16 longs a
     * frame: 100,000 take some 15 MB), and the largest int would render for days.
     */
    static final int MAX_FRAMES = 100_000;

    /** The value of a --threads option, or every core: 1 to {@link TileRenderer#MAX_THREADS}, else a usage error. */
    static int threadCount(picocli.CommandLine cmd, Integer threads) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) throw new ParameterException(cmd, "--threads must be at least 1, not " + n);
        if (n > TileRenderer.MAX_THREADS) {
            throw new ParameterException(cmd, "--threads must be at most " + TileRenderer.MAX_THREADS + ", not " + n);
        }
        return n;
    }

    // The options as the library's settings, each checked with a one-line usage error.
    private RenderSettings settings() {
        int n = threadCount(spec.commandLine(), threads);
        if (frames < 1) throw new ParameterException(spec.commandLine(), "-N must be at least 1, not " + frames);
        if (frames > MAX_FRAMES) throw new ParameterException(spec.commandLine(), "-N must be at most " + MAX_FRAMES + ", not " + frames);
        boolean chosen = tiles == null;
        if (chosen) tiles = TileSizes.forFreshProcess(frames);
        if (compileTile == null) compileTile = tiles.levelOf(128) >= 0 ? 128 : tiles.size(0);
        if (strategy == Strategy.PRUNED && tiles.levelOf(compileTile) < 0 && engine != EngineKind.INTERP) {
            throw new ParameterException(spec.commandLine(), "--compile-tile " + compileTile + " is not one of the tile sizes "
                    + tiles);
        }
        // A warm JVM (the daemon) prunes a one-frame render to the default leaves, which is faster
        // there, wherever nothing the user sees tells the sizes apart: the debug picture and
        // --stats show tiles and leaves, and must be the same in the daemon as in a process of its own.
        TileSizes warm = TileSizes.forFrames(frames);
        if (chosen && mode != RenderMode.DEBUG && stats == null && warm.levelOf(compileTile) >= 0) tiles = warm;
        if (stats != null && !stats.equals("-") && !stats.equals("json") && !stats.equals("text")) {
            throw new ParameterException(spec.commandLine(), "--stats takes no value or =json, not '" + stats + "'");
        }
        // A one-frame tiered render links what the code cache holds for this model and view
        // when an earlier multi-frame run measured that its code saves more than loading LLVM costs.
        String hintSource = strategy == Strategy.PRUNED && engine == EngineKind.AUTO && !noCache
                ? CodeCacheHints.source(model, Model.BUNDLED_NAME) : null;
        return RenderSettings.of(engine, strategy).withCompile(jit.compileSettings()).withTiles(tiles, compileTile)
                .withThreads(n).withFramesExpected(frames).withDiskCache(!noCache).withHintSource(hintSource);
    }

    private String frameSummary(RenderStats report, int n) {
        String threadsText = n + " thread" + (n == 1 ? "" : "s");
        if (frames == 1) {
            return String.format(Locale.ROOT, "%s render %.1f ms on %s", strategy.label(), report.firstFrameMillis(), threadsText);
        }
        return String.format(Locale.ROOT, "%s render of %d frames: first %.1f ms, median %.1f ms on %s", strategy.label(),
                frames, report.firstFrameMillis(), report.medianFrameMillis(), threadsText);
    }

    // The files this run will write, by the option that names them: no two may be one file.
    private Map<String, Path> outputsByOption(Path image) {
        Map<String, Path> byOption = new LinkedHashMap<>();
        byOption.put("-o", image);
        if (emitLlvm != null && !emitLlvm.equals("-")) byOption.put("--emit-llvm", Path.of(emitLlvm));
        if (emitAsm != null && !emitAsm.equals("-")) byOption.put("--emit-asm", Path.of(emitAsm));
        return byOption;
    }

    private void checkOutput(Path out, ImageFormat imageFormat) throws IOException {
        if (imageFormat == null) {
            throw new ParameterException(spec.commandLine(),
                    "cannot tell the image format of '" + out + "': use a .png, .ppm or .pgm file name, or --format");
        }
        outputs.check(out, "the image"); // before the render, not after it
    }

    private void emit(Model m, View view, RenderSettings settings, List<IrListing.Kernel> compiled, Frame last)
            throws IOException {
        List<IrListing.Kernel> kernels = compiled;
        String preamble = "";
        if (kernels.isEmpty()) {
            String over = IrListing.overBudget(m.source(), m.tape(), settings.compile());
            if (over != null) throw new IOException(over + " (--jit-max-ops)");
            preamble = "; this run compiled nothing (" + (engine == EngineKind.INTERP ? "--engine interp"
                    : last == null ? "no frame was rendered: give -o to render one" : "the cost model kept every tile in the interpreter")
                    + "): the whole model's kernel follows\n";
            kernels = List.of(IrListing.wholeModel(m.tape(), view.box()));
        }
        if (emitLlvm != null) write(emitLlvm, IrListing.ir(preamble, kernels, settings.compile(), emitStage, () -> {}), "the IR");
        if (emitAsm != null) write(emitAsm, IrListing.assembly(preamble, kernels, settings.compile()), "the assembly");
    }

    private void write(String target, String text, String what) throws IOException {
        if (target.equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            outputs.write(Path.of(target), text.getBytes(StandardCharsets.UTF_8), what);
        }
    }

    private View view() {
        int base = size != null ? size : 1024;
        int w = width != null ? width : base;
        int h = height != null ? height : base;
        try {
            return new View(w, h, center.x(), center.y(), scale, z);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String defaultOutputName() {
        String name = model != null && model.toString().equals("-") ? "stdin.png"
                : model != null && model.getFileName() != null ? model.getFileName().toString() : Model.BUNDLED_NAME;
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".png";
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
