package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.eval.Engine;
import dev.ariel.eval.JavaEngine;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.JitWarmUp;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.parse.ModelException;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.MonoImage;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
            "The shorter side of the image spans [c - s, c + s]; pixels are square."
        })
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image, .png or .pgm (default: MODEL's name with .png, in the current directory).")
    Path output;

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

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.JIT,
            description = "Execution tier: jit (LLVM-compiled code) or interp (the Java interpreter) "
                    + "(default: ${DEFAULT-VALUE}).",
            completionCandidates = Engines.class, converter = Engines.Converter.class)
    String engine;

    @Mixin
    JitOptions jit;

    @Option(names = "--emit-llvm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = {"Write the kernel's LLVM IR to stdout, or to FILE with --emit-llvm=FILE.",
                "Without -o, nothing is rendered."})
    String emitLlvm;

    @Option(names = "--emit-stage", paramLabel = "STAGE", converter = StageConverter.class,
            description = "IR before or after the optimization passes (default: before).")
    KernelCompiler.Stage emitStage = KernelCompiler.Stage.BEFORE;

    @Option(names = "--emit-asm", paramLabel = "FILE", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Write the kernel's host assembly to stdout, or to FILE with --emit-asm=FILE.")
    String emitAsm;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws ModelException, IOException {
        View view = view();
        if (emitLlvm != null || emitAsm != null) {
            emit(view);
            if (output == null) return ExitCodes.OK;
        }
        Path out = output != null ? output : Path.of(defaultOutputName());
        if (ImageFormat.forPath(out).isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "cannot tell the image format of '" + out + "': use a .png or .pgm file name");
        }
        // Fail before the render, not after it, when the output cannot be written.
        if (Files.isDirectory(out)) {
            throw new IOException("cannot write " + out + ": it is a directory");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + n);
        }
        if (engine.equals(Engines.JIT)) JitWarmUp.start();
        long t0 = System.nanoTime();
        Model m = model != null ? Model.read(model) : Model.bundled();
        long t1 = System.nanoTime();
        String compiled = "";
        Engine tier = JavaEngine.INSTANCE;
        JitEngine jitEngine = null;
        if (engine.equals(Engines.JIT)) {
            jitEngine = JitEngine.of(jit.compileOptions());
            if (jitEngine.compiles(m.tape())) {
                // Compile before rendering, so that the summary can say what each step cost.
                CompiledKernel kernel = jitEngine.kernel(m.tape(), view.box());
                compiled = String.format("jit %.1f ms: compile %.1f at %s, ", ms(System.nanoTime() - t1),
                        ms(kernel.stats().totalNanos()), jitEngine.options().label());
                tier = jitEngine;
            } else if (!quiet) {
                spec.commandLine().getErr().printf("ariel: %s has %d instructions, over the JIT's budget of %d "
                        + "(--jit-max-ops); rendering with the interpreter%n", m.source(), m.tape().length(),
                        jitEngine.options().maxOps());
            }
        }
        long t2 = System.nanoTime();
        MonoImage image = new Renderer(tier, n).render(m, view);
        long t3 = System.nanoTime();
        if (jitEngine != null) jitEngine.close();
        ImageFiles.write(image, out);
        long t4 = System.nanoTime();
        if (!quiet) {
            spec.commandLine().getErr().printf("wrote %s: %dx%d, %d filled pixels (read %.1f ms, %srender %.1f ms on %d thread%s, write %.1f ms)%n",
                    out, view.width(), view.height(), image.filledCount(),
                    ms(t1 - t0), compiled, ms(t3 - t2), n, n == 1 ? "" : "s", ms(t4 - t3));
        }
        return ExitCodes.OK;
    }

    private void emit(View view) throws ModelException, IOException {
        Model m = model != null ? Model.read(model) : Model.bundled();
        CompileOptions options = jit.compileOptions();
        if (m.tape().length() > options.maxOps()) {
            throw new IOException(m.source() + " has " + m.tape().length() + " instructions, over the JIT's budget of "
                    + options.maxOps() + " (--jit-max-ops)");
        }
        if (emitLlvm != null) write(emitLlvm, KernelCompiler.ir(m.tape(), view.box(), options, emitStage));
        if (emitAsm != null) write(emitAsm, KernelCompiler.assembly(m.tape(), view.box(), options));
    }

    private void write(String target, String text) throws IOException {
        if (target.equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            ImageFiles.writeAtomically(Path.of(target), text.getBytes(StandardCharsets.UTF_8));
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
