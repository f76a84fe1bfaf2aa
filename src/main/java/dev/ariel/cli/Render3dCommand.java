package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.cli.Converters.AttachedValueOnly;
import dev.ariel.cli.Converters.FormatConverter;
import dev.ariel.cli.Converters.StageConverter;
import dev.ariel.cli.Converters.StrategyConverter;
import dev.ariel.cli.Converters.VolumeModeConverter;
import dev.ariel.io.JsonWriter;
import dev.ariel.io.OutputFiles;
import dev.ariel.parse.ModelException;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeStats;
import dev.ariel.volume.VolumeView;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.IrListing;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import dev.ariel.wiring.VolumeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ariel render3d}: renders a solid's heightmap, normals or shaded picture. */
@Command(
        name = "render3d",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Renders MODEL as a solid seen from above, looking down -z.",
            "A voxel is filled where the model's value is < 0, and each pixel shows its column's top filled "
                + "voxel as a height, the model's normal there, or a shaded picture. An octree of interval "
                + "arithmetic skips what cannot be seen."
        })
final class Render3dCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm, a 2D model drawn as a prism).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image, .png, .ppm or .pgm, or - for standard output (default: MODEL's name with .png).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "png, ppm or pgm, whatever -o's name (default: from -o's extension; png for -o -).")
    ImageFormat format;

    @Option(names = {"-s", "--size"}, paramLabel = "N", description = "Width and height in pixels (default: 512).")
    Integer size;

    @Option(names = "--width", paramLabel = "W", description = "Width in pixels (overrides -s).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Height in pixels (overrides -s).")
    Integer height;

    @Option(names = "--depth", paramLabel = "D", description = "z samples across the view volume, 2 to 16384 "
            + "(default: the shorter image side).")
    Integer depth;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "shaded", converter = VolumeModeConverter.class,
            description = "heightmap: each pixel's height, k + 1 for its top filled slice k, as grey (PGM: unscaled, "
                    + "maxval D); normals: the model's gradient there, in view space, as RGB; shaded: a picture lit "
                    + "by the normals (default: ${DEFAULT-VALUE}).")
    VolumeMode mode;

    @Option(names = "--ssao", description = "Darken creases by ambient occlusion (shaded mode).")
    boolean ssao;

    @Option(names = "--center", paramLabel = "CX,CY,CZ", converter = Converters.Point3Converter.class,
            description = "The view volume's centre (default: 0,0,0).")
    Converters.Point3 center = new Converters.Point3(0, 0, 0);

    @Option(names = "--scale", paramLabel = "S",
            description = "Half the extent of the shorter side and of the depth (default: 1, the cube [-1,1]^3).")
    double scale = 1;

    @Option(names = "--yaw", paramLabel = "DEG", description = "Turn the camera about the z axis (default: 0).")
    double yaw;

    @Option(names = "--pitch", paramLabel = "DEG", description = "Raise the camera above the horizontal (default: 0).")
    double pitch;

    @Option(names = "--threads", paramLabel = "N", description = "Render threads (default: all cores).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.AUTO,
            description = "auto (the default): compile with LLVM where the cost model says it pays, even on one frame; "
                    + "interp: the Java interpreter only; jit: compile all of it, whether it pays or not.",
            completionCandidates = Engines.class, converter = Engines.Converter.class)
    EngineKind engine;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "pruned", converter = StrategyConverter.class,
            description = "pruned: an octree of interval arithmetic; brute: every column from the top down to its "
                    + "first filled voxel (default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(names = {"-N", "--frames"}, paramLabel = "K", description = "Render K frames and keep the last (default: 1).")
    int frames = 1;

    @Option(names = "--stats", paramLabel = "FORMAT", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Print where the time went on stderr; --stats=json prints one JSON object instead.")
    String stats;

    @Mixin
    JitOptions jit;

    @Option(names = "--no-cache", description = "Neither read nor write the on-disk code cache.")
    boolean noCache;

    @Option(names = "--emit-llvm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Write the LLVM IR of the view's whole-model kernel (rows of voxels) to stdout, or to FILE "
                    + "with --emit-llvm=FILE. Without -o, no image is written.")
    String emitLlvm;

    @Option(names = "--emit-stage", paramLabel = "STAGE", converter = StageConverter.class,
            description = "IR before or after the passes (default: before).")
    IrListing.Stage emitStage = IrListing.Stage.BEFORE;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws ModelException, IOException {
        VolumeView view = view();
        RenderSettings settings = settings();
        boolean writeImage = output != null || emitLlvm == null;
        Path out = output != null ? output : Path.of(defaultOutputName());
        boolean toStdout = output != null && output.toString().equals("-");
        if (toStdout && "-".equals(emitLlvm)) {
            throw new ParameterException(spec.commandLine(), "-o - and --emit-llvm without a file both write to "
                    + "standard output: give one of them a file");
        }
        ImageFormat imageFormat = format != null ? format : toStdout ? ImageFormat.PNG : ImageFormat.forPath(out).orElse(null);
        OutputFiles outputs = OutputFiles.protecting("model", model);
        if (writeImage && !toStdout) {
            if (imageFormat == null) {
                throw new ParameterException(spec.commandLine(),
                        "cannot tell the image format of '" + out + "': use a .png, .ppm or .pgm file name, or --format");
            }
            if (emitLlvm != null && !emitLlvm.equals("-") && Path.of(emitLlvm).toAbsolutePath().normalize()
                    .equals(out.toAbsolutePath().normalize())) {
                throw new ParameterException(spec.commandLine(), "-o and --emit-llvm name the same file: " + out);
            }
            outputs.check(out, "the image");
        }
        if (emitLlvm != null && !emitLlvm.equals("-")) outputs.check(Path.of(emitLlvm), "the IR");
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Model m = model != null ? JavaModels.read(model) : Model.bundled();
        long readNanos = System.nanoTime() - t0;
        long[] wall = new long[writeImage || stats != null ? frames : 0];
        VolumeSource.Frame last = null;
        FrameSource.Summary summary;
        String tapeIr = null;
        try (VolumeSource source = VolumeSource.open(settings, m, view, mode, ssao)) {
            if (!quiet) for (String w : source.warnings()) err.printf("ariel: %s %s%n", m.source(), w);
            dev.ariel.io.Invocation caller = dev.ariel.io.Invocation.current();
            for (int k = 0; k < wall.length; k++) {
                if (caller.cancelled()) throw new java.util.concurrent.CancellationException("cancelled by the client");
                last = source.next();
                wall[k] = last.stats().wallNanos();
            }
            summary = source.finish();
            if (emitLlvm != null) {
                tapeIr = IrListing.ir("", summary.kernels().isEmpty()
                        ? List.of(IrListing.wholeModel(source.viewTape(), dev.ariel.tape.Box.EVERYTHING)) : summary.kernels(),
                        settings.compile(), emitStage, Runnables.NOTHING);
            }
        }
        if (tapeIr != null) {
            if (emitLlvm.equals("-")) {
                spec.commandLine().getOut().print(tapeIr);
                spec.commandLine().getOut().flush();
            } else {
                outputs.write(Path.of(emitLlvm), tapeIr.getBytes(StandardCharsets.UTF_8), "the IR");
            }
        }
        long t3 = System.nanoTime();
        if (writeImage && last != null) {
            if (toStdout) {
                java.io.OutputStream stdout = dev.ariel.io.Invocation.current().stdout(); // the client's, in the daemon
                stdout.write(ImageFiles.encode(last.image(), imageFormat));
                stdout.flush();
            } else {
                ImageFiles.write(last.image(), out, imageFormat, outputs);
            }
        }
        long writeNanos = System.nanoTime() - t3;
        if (stats != null && last != null) {
            err.print(stats.equals("json") ? json(m, view, settings, last, wall, readNanos, writeNanos, summary) + System.lineSeparator()
                    : text(last, wall, readNanos, writeNanos, summary));
        }
        if (!quiet && writeImage && last != null) {
            err.printf(Locale.ROOT, "wrote %s: %dx%d, depth %d, %d columns filled (read %.1f ms, %s, write %.1f ms)%n", out,
                    view.width(), view.height(), view.depth(), filledColumns(last), readNanos / 1e6,
                    frameSummary(wall, settings.threads(), last.stats()) + summary.note(), writeNanos / 1e6);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static long filledColumns(VolumeSource.Frame f) {
        long n = 0;
        for (int h : f.field().heights()) n += h > 0 ? 1 : 0;
        return n;
    }

    private String frameSummary(long[] wall, int n, VolumeStats s) {
        String threadsText = n + " thread" + (n == 1 ? "" : "s");
        String tier = s.voxelsCompiled() == 0 ? "interpreted" : s.voxelsInterpreted() == 0 ? "compiled"
                : String.format(Locale.ROOT, "%.0f%% of voxels compiled", 100.0 * s.voxelsCompiled() / s.voxels());
        if (wall.length == 1) {
            return String.format(Locale.ROOT, "%s render %.1f ms on %s, %s", strategy.label(), wall[0] / 1e6, threadsText, tier);
        }
        return String.format(Locale.ROOT, "%s render of %d frames: first %.1f ms, median %.1f ms on %s, %s", strategy.label(),
                wall.length, wall[0] / 1e6, median(wall) / 1e6, threadsText, tier);
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    private String text(VolumeSource.Frame f, long[] wall, long readNanos, long writeNanos, FrameSource.Summary summary) {
        VolumeStats s = f.stats();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "frames      %d: first %.2f ms, median %.2f ms%n", wall.length, wall[0] / 1e6,
                median(wall) / 1e6));
        sb.append(String.format(Locale.ROOT, "time        read %.1f ms; last frame (all threads): intervals %.2f ms, simplify "
                + "%.2f ms, voxels %.2f ms, gradients %.2f ms, compile wait %.2f ms; shading %.2f ms; compile %.1f ms; "
                + "write %.1f ms%n", readNanos / 1e6, s.intervalNanos() / 1e6, s.simplifyNanos() / 1e6, s.voxelNanos() / 1e6,
                s.gradientNanos() / 1e6, s.compileNanos() / 1e6, f.shadeNanos() / 1e6, summary.compileNanos() / 1e6,
                writeNanos / 1e6));
        sb.append(String.format(Locale.ROOT, "last frame  %d boxes filled, %d empty, %d split; %d leaves; %d voxels "
                + "interpreted, %d compiled; %d voxel-instructions; %d gradient points%n", s.boxesFilled(), s.boxesEmpty(),
                s.boxesSplit(), s.leaves(), s.voxelsInterpreted(), s.voxelsCompiled(), s.voxelOps(), s.gradientPoints()));
        sb.append(String.format(Locale.ROOT, "tier 1      %d tapes compiled, %d loaded from the code cache%n",
                summary.tapesCompiled(), summary.tapesLoaded()));
        return sb.toString();
    }

    // Why this method is long: one flat list of fields, in the order the README documents them.
    private String json(Model m, VolumeView view, RenderSettings settings, VolumeSource.Frame f, long[] wall, long readNanos,
            long writeNanos, FrameSource.Summary summary) {
        VolumeStats s = f.stats();
        return JsonWriter.compact().beginObject()
                .field("model", m.source())
                .field("width", view.width())
                .field("height", view.height())
                .field("depth", view.depth())
                .field("engine", engine.label())
                .field("strategy", strategy.label())
                .field("mode", mode.label())
                .field("threads", settings.threads())
                .field("filled_columns", filledColumns(f))
                .field("frames", wall.length)
                .field("first_frame_ms", wall[0] / 1e6)
                .field("median_frame_ms", median(wall) / 1e6)
                .field("read_ms", readNanos / 1e6)
                .field("interval_ms", s.intervalNanos() / 1e6)
                .field("simplify_ms", s.simplifyNanos() / 1e6)
                .field("voxel_ms", s.voxelNanos() / 1e6)
                .field("gradient_ms", s.gradientNanos() / 1e6)
                .field("compile_wait_ms", s.compileNanos() / 1e6)
                .field("shade_ms", f.shadeNanos() / 1e6)
                .field("compile_ms", summary.compileNanos() / 1e6)
                .field("write_ms", writeNanos / 1e6)
                .field("boxes_filled", s.boxesFilled())
                .field("boxes_empty", s.boxesEmpty())
                .field("boxes_split", s.boxesSplit())
                .field("leaves", s.leaves())
                .field("voxels_interpreted", s.voxelsInterpreted())
                .field("voxels_compiled", s.voxelsCompiled())
                .field("voxel_ops", s.voxelOps())
                .field("gradient_points", s.gradientPoints())
                .field("tapes_compiled", summary.tapesCompiled())
                .field("tapes_loaded", summary.tapesLoaded())
                .endObject().text();
    }

    private RenderSettings settings() {
        int n = RenderCommand.threadCount(spec.commandLine(), threads);
        if (frames < 1) throw new ParameterException(spec.commandLine(), "-N must be at least 1, not " + frames);
        if (frames > RenderCommand.MAX_FRAMES) {
            throw new ParameterException(spec.commandLine(), "-N must be at most " + RenderCommand.MAX_FRAMES + ", not " + frames);
        }
        if (stats != null && !stats.equals("-") && !stats.equals("json") && !stats.equals("text")) {
            throw new ParameterException(spec.commandLine(), "--stats takes no value or =json, not '" + stats + "'");
        }
        return RenderSettings.of(engine, strategy).withCompile(jit.compileSettings()).withThreads(n)
                .withFramesExpected(frames).withDiskCache(!noCache);
    }

    private VolumeView view() {
        int base = size != null ? size : 512;
        int w = width != null ? width : base;
        int h = height != null ? height : base;
        int d = depth != null ? depth : Math.max(VolumeView.MIN_DEPTH, Math.min(w, h));
        try {
            return new VolumeView(w, h, d, center.x(), center.y(), center.z(), scale, yaw, pitch);
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

    // A class, not a lambda: nothing runs between the IR's kernels here.
    private static final class Runnables implements Runnable {
        static final Runnables NOTHING = new Runnables();

        @Override
        public void run() {}
    }
}
