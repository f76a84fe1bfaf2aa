package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.jit.CodeCache;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.JitTapeCompiler;
import dev.ariel.jit.JitWarmUp;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.parse.ModelException;
import dev.ariel.render.CompiledTier;
import dev.ariel.render.CostModel;
import dev.ariel.render.Frame;
import dev.ariel.render.FrameImages;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.Renderer;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
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
            "By default, interval arithmetic over a quadtree of tiles decides most pixels, the Java",
            "interpreter evaluates the rest, and LLVM compiles the tiles' tapes where that pays.",
            "The shorter side of the image spans [c - s, c + s]; pixels are square."
        })
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image, .png, .ppm or .pgm, or - for standard output (default: MODEL's name with .png, "
                    + "in the current directory).")
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
    Point center = new Point(0, 0);

    @Option(names = "--scale", paramLabel = "S",
            description = "Half the extent of the shorter side (default: 1, which shows [-1,1]).")
    double scale = 1;

    @Option(names = "--z", paramLabel = "Z", description = "The z slice for models that read var-z (default: 0).")
    double z = 0;

    @Option(names = "--threads", paramLabel = "N", description = "Render threads (default: all cores).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.AUTO,
            description = {"auto: interpret first and compile with LLVM what the cost model says will pay;",
                "interp: the Java interpreter only (never loads LLVM); jit: compile everything first",
                "(default: ${DEFAULT-VALUE})."},
            completionCandidates = Engines.class, converter = Engines.Converter.class)
    String engine;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "pruned", converter = StrategyConverter.class,
            description = "pruned: interval arithmetic over a quadtree of tiles; brute: every pixel, whole model "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "mono", converter = ModeConverter.class,
            description = {"mono: black and white; debug: colours each pixel by how it was decided (interval,",
                "interpreter or compiled code); sdf: shades the value (default: ${DEFAULT-VALUE})."})
    RenderMode mode;

    @Option(names = {"-N", "--frames"}, paramLabel = "K", description = "Render K frames in one process and keep the "
            + "last, as a benchmark does (default: 1).")
    int frames = 1;

    @Option(names = "--tiles", paramLabel = "SIZES", converter = TileSizesConverter.class,
            description = {"Quadtree tile sizes, coarse to leaf, each dividing the one before (default:",
                "512,128,32, or 512,128,32,8 for a single frame, which runs before the JVM has warmed up)."})
    TileSizes tiles;

    @Option(names = "--compile-tile", paramLabel = "PX",
            description = "The tile size whose simplified tapes tier 1 compiles; one of --tiles (default: 128 if it is "
                    + "one, else the coarsest).")
    Integer compileTile;

    @Option(names = "--stats", paramLabel = "FORMAT", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Print where the time went and what decided the pixels on stderr; --stats=json prints "
                    + "one JSON object instead.")
    String stats;

    @Mixin
    JitOptions jit;

    @Option(names = "--no-cache", description = "Neither read nor write the compiled-code cache on disk "
            + "(see `ariel cache info`): compile everything this run needs.")
    boolean noCache;

    @Option(names = "--emit-llvm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = {"Write the LLVM IR of every kernel the run compiled, each headed by a comment naming the",
                "tile it serves, to stdout, or to FILE with --emit-llvm=FILE. If the run compiled nothing,",
                "the whole model's kernel. Without -o, no image is written."})
    String emitLlvm;

    @Option(names = "--emit-stage", paramLabel = "STAGE", converter = StageConverter.class,
            description = "IR before or after the optimization passes (default: before).")
    KernelCompiler.Stage emitStage = KernelCompiler.Stage.BEFORE;

    @Option(names = "--emit-asm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Write the host assembly of the same kernels to stdout, or to FILE with --emit-asm=FILE.")
    String emitAsm;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

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
        if (writeImage && !toStdout) checkOutput(out, imageFormat);
        int n = threadCount(spec.commandLine(), threads);
        if (frames < 1) throw new ParameterException(spec.commandLine(), "-N must be at least 1, not " + frames);
        if (frames > MAX_FRAMES) throw new ParameterException(spec.commandLine(), "-N must be at most " + MAX_FRAMES + ", not " + frames);
        boolean pruned = strategy.equals("pruned");
        if (tiles == null) tiles = TileSizes.forFrames(frames);
        if (compileTile == null) compileTile = tiles.levelOf(128) >= 0 ? 128 : tiles.size(0);
        if (pruned && tiles.levelOf(compileTile) < 0 && !engine.equals(Engines.INTERP)) {
            throw new ParameterException(spec.commandLine(), "--compile-tile " + compileTile + " is not one of the tile sizes "
                    + tiles);
        }
        if (stats != null && !stats.equals("-") && !stats.equals("json") && !stats.equals("text")) {
            throw new ParameterException(spec.commandLine(), "--stats takes no value or =json, not '" + stats + "'");
        }
        CompileOptions options = jit.compileOptions();
        // A one-frame tiered render links what the code cache holds for this model and view
        // when an earlier multi-frame run measured that its code saves more than loading LLVM costs.
        String hintKey = pruned && engine.equals(Engines.AUTO) && !noCache ? hintKey(view, options) : null;
        boolean fromCache = false;
        if (hintKey != null && frames == 1) {
            CodeCache.Hint hint = CodeCache.readHint(CodeCache.Settings.defaults().directory(), hintKey);
            fromCache = hint != null && hint.savingNanos() > LINK_PAYS_NANOS;
        }
        if (engine.equals(Engines.JIT) || fromCache) JitWarmUp.start();
        PrintWriter err = spec.commandLine().getErr();
        RenderStats report = new RenderStats();

        long t0 = System.nanoTime();
        Model m = model != null ? Model.read(model) : Model.bundled();
        long t1 = System.nanoTime();
        report.readMillis = ms(t1 - t0);
        String tierNote = "";
        Frame last = null;
        List<Emitted> compiledKernels = new ArrayList<>();
        if (pruned && engine.equals(Engines.AUTO) && frames == 1 && !fromCache) {
            tierNote = ", tier 1 compiled nothing (one frame)";
        }
        if (pruned) {
            JitTapeCompiler compiler = null;
            CompiledTier tier = null;
            // One frame gives the tiered engine nothing to compile for: no frame follows to use
            // the code. Then it is the interpreter, and LLVM is never loaded.
            boolean tiered = engine.equals(Engines.JIT) || (engine.equals(Engines.AUTO) && frames > 1) || fromCache;
            if (tiered) {
                // --engine jit waits for its compiles before rendering, so they may use every core;
                // the tiered engine compiles beside a render and leaves it one. Linking from the
                // code cache also waits, and compiles nothing.
                compiler = fromCache ? JitTapeCompiler.loadingOnly(options, n, codeCache())
                        : new JitTapeCompiler(options, engine.equals(Engines.JIT) ? n : JitTapeCompiler.defaultThreads(),
                                JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, JitTapeCompiler.DEFAULT_BATCH_OPS, codeCache());
                CompiledTier.Policy policy = engine.equals(Engines.JIT) || fromCache ? CompiledTier.Policy.ALWAYS
                        : CompiledTier.Policy.AUTO;
                tier = new CompiledTier(compiler, compileTile, policy, CostModel.defaults().withFramesExpected(frames));
            }
            try {
                TileRenderer renderer = new TileRenderer(n, tiles, tier);
                if (writeImage || stats != null || compiler != null) {
                    for (int k = 0; k < frames; k++) {
                        last = renderer.render(m, view, mode, frames - k);
                        report.add(last.stats());
                    }
                }
                if (compiler != null) {
                    tier.awaitCompiles();
                    TapeCompiler.Counters c = compiler.counters();
                    report.compileMillis = ms(c.compileNanos());
                    report.tapesCompiled = c.tapesCompiled();
                    report.tapesLoaded = c.tapesLoaded();
                    report.cacheHits = c.cacheHits();
                    noteCodeCache(report, compiler.diskCounters());
                    for (CompiledTier.CompiledTile t : tier.compiledTiles()) {
                        compiledKernels.add(new Emitted(String.format(Locale.ROOT,
                                "; tile %dx%d px at pixel (%d, %d): x in [%s, %s], y in [%s, %s]; %d instructions of %d",
                                t.size(), t.size(), t.x(), t.y(), t.box().xMin(), t.box().xMax(), t.box().yMin(),
                                t.box().yMax(), t.tape().length(), m.tape().length()), t.tape(), t.box()));
                    }
                    String loaded = c.tapesLoaded() == 0 ? ""
                            : String.format(Locale.ROOT, ", loaded %d from the code cache", c.tapesLoaded());
                    if (fromCache && c.tapesLoaded() == 0) {
                        // The hint outlived its code (evicted, or another LLVM or CPU): forget it.
                        CodeCache.deleteHint(CodeCache.Settings.defaults().directory(), hintKey);
                    }
                    if (hintKey != null && frames > 1 && c.tapesCompiled() + c.tapesLoaded() > 0) {
                        writeHint(hintKey, report);
                    }
                    tierNote = c.tapesCompiled() == 0 ? ", tier 1 compiled nothing" + loaded
                            : String.format(Locale.ROOT, ", tier 1 compiled %d tapes at %s in %.1f ms of compile threads' time%s",
                                    c.tapesCompiled(), options.label(), ms(c.compileNanos()), loaded);
                }
            } finally {
                if (compiler != null) compiler.close();
            }
        } else {
            Renderer renderer = bruteRenderer(m, view, n, options, report, err, compiledKernels);
            if (writeImage || stats != null) {
                for (int k = 0; k < frames; k++) {
                    last = renderer.frame(m, view, mode);
                    report.add(last.stats());
                }
            }
            if (renderer.engine() instanceof JitEngine j) {
                j.close();
                tierNote = report.tapesLoaded > 0
                        ? String.format(Locale.ROOT, ", loaded %s code from the code cache in %.1f ms", options.label(), report.compileMillis)
                        : String.format(Locale.ROOT, ", compiled at %s in %.1f ms", options.label(), report.compileMillis);
            }
        }
        if (emitting) emit(m, view, options, compiledKernels, last);
        long t3 = System.nanoTime();
        if (writeImage && last != null) {
            if (toStdout) {
                java.io.OutputStream stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                stdout.write(ImageFiles.encode(FrameImages.image(last), imageFormat));
                stdout.flush();
            } else {
                ImageFiles.write(FrameImages.image(last), out, imageFormat);
            }
        }
        long t4 = System.nanoTime();
        report.writeMillis = ms(t4 - t3);
        report.fact("model", m.source());
        report.fact("width", view.width());
        report.fact("height", view.height());
        report.fact("engine", engine);
        report.fact("strategy", strategy);
        report.fact("mode", mode.name().toLowerCase(Locale.ROOT));
        report.fact("threads", n);
        if (last != null && last.mono() != null) report.fact("filled_pixels", last.mono().filledCount());
        if (stats != null) {
            err.print(stats.equals("json") ? report.json() + System.lineSeparator() : report.text());
        }
        if (!quiet && writeImage && last != null) {
            err.printf(Locale.ROOT, "wrote %s: %dx%d%s (read %.1f ms, %s%s, write %.1f ms)%n", out, view.width(),
                    view.height(), last.mono() != null ? ", " + last.mono().filledCount() + " filled pixels" : "",
                    ms(t1 - t0), frameSummary(report, n), tierNote, ms(t4 - t3));
        }
        err.flush();
        return ExitCodes.OK;
    }

    private String frameSummary(RenderStats report, int n) {
        String threadsText = n + " thread" + (n == 1 ? "" : "s");
        if (frames == 1) {
            return String.format(Locale.ROOT, "%s render %.1f ms on %s", strategy, report.firstFrameMillis(), threadsText);
        }
        return String.format(Locale.ROOT, "%s render of %d frames: first %.1f ms, median %.1f ms on %s", strategy, frames,
                report.firstFrameMillis(), report.medianFrameMillis(), threadsText);
    }

    // Brute force: the whole model at every pixel, by the interpreter or one compiled kernel.
    private Renderer bruteRenderer(Model m, View view, int n, CompileOptions options, RenderStats report, PrintWriter err,
            List<Emitted> compiledKernels) {
        boolean compile = engine.equals(Engines.JIT);
        if (engine.equals(Engines.AUTO)) {
            // The same cost model as tier 1, for one kernel over the whole view and every frame.
            long pixels = (long) view.width() * view.height();
            int ops = m.tape().length();
            double saving = CostModel.defaults().netSaving(ops, pixels, view.height(), (long) ops * view.height(),
                    pixels * ops, frames);
            compile = saving > 0;
        }
        if (!compile) return new Renderer(JavaEngine.INSTANCE, n);
        JitEngine jitEngine = JitEngine.of(options, codeCache());
        if (!jitEngine.compiles(m.tape())) {
            if (!quiet) {
                err.printf("ariel: %s has %d instructions, over the JIT's budget of %d (--jit-max-ops); rendering with the "
                        + "interpreter%n", m.source(), m.tape().length(), options.maxOps());
            }
            return new Renderer(JavaEngine.INSTANCE, n);
        }
        CompiledKernel kernel = jitEngine.kernel(m.tape(), view.box());
        report.compileMillis = ms(kernel.stats().totalNanos());
        report.tapesCompiled = jitEngine.compiledCount();
        report.tapesLoaded = jitEngine.loadedFromDiskCount();
        noteCodeCache(report, jitEngine.diskCounters());
        compiledKernels.add(new Emitted("; the whole model over the view, " + m.tape().length() + " instructions",
                m.tape(), view.box()));
        return new Renderer(jitEngine, n);
    }

    /**
     * The pixel time (CPU, all threads) that compiled code must have saved an earlier run's frame
     * for a one-frame render to link it from the code cache: loading libLLVM and the first FFM
     * handle cost about 150 ms of CPU in a cold process here, partly hidden behind the read.
     * Measured on dense.vm at 1024: linking saved 200 ms of a 760 ms process.
     */
    static final long LINK_PAYS_NANOS = 150_000_000L;

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

    // What decides the compile level's tapes and their code: the model file, the view and mode,
    // the tile sizes down to the compile level, and the compile options.
    private String hintKey(View view, CompileOptions options) {
        String source;
        if (model == null) {
            // A rebuilt jar with another bundled model would find no code under this key: the
            // render then links nothing and deletes the hint.
            source = "bundled " + dev.ariel.Model.BUNDLED_NAME;
        } else {
            try {
                Path abs = model.toAbsolutePath().normalize();
                source = abs + " " + Files.size(abs) + " " + Files.getLastModifiedTime(abs).toMillis();
            } catch (IOException e) {
                return null; // the read reports it
            }
        }
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i <= tiles.levelOf(compileTile); i++) sizes.append(i == 0 ? "" : ",").append(tiles.size(i));
        return "model=" + source + ";view=" + view + ";mode=" + mode + ";tiles=" + sizes + ";code=" + options.label()
                + ";maxOps=" + options.maxOps();
    }

    private static void writeHint(String key, RenderStats report) {
        long first = report.frame(0).evalNanos();
        long last = report.frame(report.frameCount() - 1).evalNanos();
        if (report.frame(report.frameCount() - 1).pixelsCompiled() == 0) return;
        CodeCache.writeHint(CodeCache.Settings.defaults().directory(), key, new CodeCache.Hint(first, last));
    }

    // The compiled-code cache on disk, unless --no-cache.
    private CodeCache.Settings codeCache() {
        return noCache ? null : CodeCache.Settings.defaults();
    }

    private void noteCodeCache(RenderStats report, CodeCache.Counters c) {
        if (noCache) return;
        report.codeCache = CodeCache.Settings.defaults().directory().toString();
        if (c != null) report.codeCacheRejected = c.rejected();
    }

    // An output must never replace the model it came from, even through a link (-o model.vm.png is fine).
    private void refuseToOverwriteModel(Path file, String what, String choose) throws IOException {
        if (model != null && Files.exists(file) && Files.exists(model) && Files.isSameFile(file, model)) {
            throw new IOException("refusing to write " + what + " over the model " + model + ": choose another " + choose);
        }
    }

    private void checkOutput(Path out, ImageFormat imageFormat) throws IOException {
        if (imageFormat == null) {
            throw new ParameterException(spec.commandLine(),
                    "cannot tell the image format of '" + out + "': use a .png, .ppm or .pgm file name, or --format");
        }
        refuseToOverwriteModel(out, "the image", "-o");
        // Fail before the render, not after it, when the output cannot be written.
        if (Files.isDirectory(out)) {
            throw new IOException("cannot write " + out + ": it is a directory");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
    }

    /** A kernel to show: what it serves, its tape and the box it was specialised for. */
    private record Emitted(String header, SsaTape tape, Box box) {}

    private void emit(Model m, View view, CompileOptions options, List<Emitted> compiled, Frame last) throws IOException {
        List<Emitted> kernels = compiled;
        String preamble = "";
        if (kernels.isEmpty()) {
            if (m.tape().length() > options.maxOps()) {
                throw new IOException(m.source() + " has " + m.tape().length() + " instructions, over the JIT's budget of "
                        + options.maxOps() + " (--jit-max-ops)");
            }
            preamble = "; this run compiled nothing (" + (engine.equals(Engines.INTERP) ? "--engine interp"
                    : last == null ? "no frame was rendered: give -o to render one" : "the cost model kept every tile in the interpreter")
                    + "): the whole model's kernel follows\n";
            kernels = List.of(new Emitted("; the whole model over the view, " + m.tape().length() + " instructions",
                    m.tape(), view.box()));
        }
        if (emitLlvm != null) {
            StringBuilder sb = new StringBuilder(preamble);
            for (Emitted e : kernels) {
                sb.append(e.header()).append('\n').append(KernelCompiler.ir(e.tape(), e.box(), options, emitStage)).append('\n');
            }
            write(emitLlvm, sb.toString());
        }
        if (emitAsm != null) {
            StringBuilder sb = new StringBuilder(preamble.replace(';', '#'));
            for (Emitted e : kernels) {
                sb.append(e.header().replaceFirst(";", "#")).append('\n')
                        .append(KernelCompiler.assembly(e.tape(), e.box(), options)).append('\n');
            }
            write(emitAsm, sb.toString());
        }
    }

    private void write(String target, String text) throws IOException {
        if (target.equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Path file = Path.of(target);
            refuseToOverwriteModel(file, "the IR", "the file");
            ImageFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
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
        String name = model != null && model.getFileName() != null
                ? model.getFileName().toString() : Model.BUNDLED_NAME;
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".png";
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static final class StrategyConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.equals("pruned") || value.equals("brute")) return value;
            throw new picocli.CommandLine.TypeConversionException("expected pruned or brute, not '" + value + "'");
        }
    }

    static final class FormatConverter implements ITypeConverter<ImageFormat> {
        @Override
        public ImageFormat convert(String value) {
            for (ImageFormat f : ImageFormat.values()) {
                if (f.extension().equals(value)) return f;
            }
            throw new picocli.CommandLine.TypeConversionException("expected png, ppm or pgm, not '" + value + "'");
        }
    }

    static final class ModeConverter implements ITypeConverter<RenderMode> {
        @Override
        public RenderMode convert(String value) {
            return switch (value) {
                case "mono" -> RenderMode.MONO;
                case "debug" -> RenderMode.DEBUG;
                case "sdf" -> RenderMode.SDF;
                default -> throw new picocli.CommandLine.TypeConversionException("expected mono, debug or sdf, not '" + value + "'");
            };
        }
    }

    static final class TileSizesConverter implements ITypeConverter<TileSizes> {
        @Override
        public TileSizes convert(String value) {
            try {
                return TileSizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Takes an optional value only when it is attached with {@code =}, so that in
     * {@code --emit-llvm model.vm} the model path is never taken for the output file.
     */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if ("=".equals(info.get("separator"))) return false;
            argSpec.setValue("-");
            return true;
        }
    }

    static final class StageConverter implements ITypeConverter<KernelCompiler.Stage> {
        @Override
        public KernelCompiler.Stage convert(String value) {
            return switch (value) {
                case "before" -> KernelCompiler.Stage.BEFORE;
                case "after" -> KernelCompiler.Stage.AFTER;
                default -> throw new picocli.CommandLine.TypeConversionException("expected before or after, not '" + value + "'");
            };
        }
    }

    /** A point given as {@code CX,CY}. */
    record Point(double x, double y) {}

    /** Parses {@code CX,CY}. */
    static final class PointConverter implements ITypeConverter<Point> {
        @Override
        public Point convert(String value) {
            String[] parts = value.split(",", -1);
            try {
                if (parts.length == 2) {
                    return new Point(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new picocli.CommandLine.TypeConversionException("expected CX,CY, such as 0.5,-0.25, not '" + value + "'");
        }
    }
}
