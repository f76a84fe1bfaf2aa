package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.cli.Converters.AttachedValueOnly;
import dev.ariel.cli.Converters.Bounds;
import dev.ariel.io.JsonWriter;
import dev.ariel.io.OutputFiles;
import dev.ariel.mesh.Mesh;
import dev.ariel.mesh.MeshFiles;
import dev.ariel.mesh.MeshFormat;
import dev.ariel.mesh.MeshSettings;
import dev.ariel.mesh.MeshStats;
import dev.ariel.parse.ModelException;
import dev.ariel.render.Deadline;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.Meshes;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ariel mesh}: writes a model's solid as a closed, oriented triangle mesh (STL, OBJ or PLY). */
@Command(
        name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Writes the solid where MODEL's value is < 0 as a watertight triangle mesh file.",
            "The solid is clipped to the bounds and closed by flat caps where it meets them, and its "
                + "triangles face outward. An octree of interval arithmetic finds the cells the surface may "
                + "cross, and manifold dual contouring places their vertices."
        })
final class MeshCommand implements Callable<Integer> {
    /** The fewest f32 steps, at the bounds' largest coordinate, a finest cell may span. */
    static final int MIN_CELL_STEPS = 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .vm model file.")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output mesh, .stl (binary), .obj or .ply (default: MODEL's name with .stl).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Converters.MeshFormatConverter.class,
            description = "stl, stl-ascii, obj or ply, whatever -o's name (default: from -o's extension).")
    MeshFormat format;

    @Option(names = "--ascii", description = "ASCII STL instead of binary (STL only).")
    boolean ascii;

    @Option(names = "--level", paramLabel = "L", description = "The finest cells are the bounds' longest side / 2^L, "
            + MeshSettings.MAX_LEVEL + " at most (default: " + MeshSettings.DEFAULT_LEVEL + ", 128 cells a side).")
    int level = MeshSettings.DEFAULT_LEVEL;

    @Option(names = "--bounds", paramLabel = "X0,Y0,Z0,X1,Y1,Z1", converter = Converters.BoundsConverter.class,
            description = "The box to mesh; each lower below its upper, all finite (default: -1,-1,-1,1,1,1).")
    Bounds bounds = new Bounds(-1, -1, -1, 1, 1, 1);

    @Option(names = "--threads", paramLabel = "N", description = "Mesh threads (default: all cores).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = Engines.AUTO,
            description = "auto: compile the model with LLVM where the cost model says the level's evaluations pay "
                    + "for it; interp: the Java interpreter only; jit: compile (default: ${DEFAULT-VALUE}). Every "
                    + "engine writes the same bytes.",
            completionCandidates = Engines.class, converter = Engines.Converter.class)
    EngineKind engine;

    @Option(names = "--stats", paramLabel = "FORMAT", arity = "0..1", preprocessor = AttachedValueOnly.class,
            description = "Print where the time went on stderr; --stats=json prints one JSON object instead.")
    String stats;

    @Mixin
    JitOptions jit;

    @Option(names = "--no-cache", description = "Neither read nor write the on-disk code cache.")
    boolean noCache;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() throws ModelException, IOException {
        MeshSettings meshSettings = meshSettings();
        RenderSettings settings = RenderSettings.of(engine, Strategy.PRUNED).withCompile(jit.compileSettings())
                .withThreads(meshSettings.threads()).withDiskCache(!noCache);
        if (stats != null && !stats.equals("-") && !stats.equals("json") && !stats.equals("text")) {
            throw new ParameterException(spec.commandLine(), "--stats takes no value or =json, not '" + stats + "'");
        }
        Path out = output != null ? output : Path.of(defaultOutputName());
        MeshFormat f = meshFormat(out);
        OutputFiles outputs = OutputFiles.protecting("model", model);
        outputs.check(out, "the mesh");
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Model m = JavaModels.read(model);
        long t1 = System.nanoTime();
        Meshes.Result r;
        try (Spinner ignored = Spinner.open(!quiet, "mesh L" + meshSettings.level())) {
            r = Meshes.mesh(settings, m, meshSettings, Deadline.NONE.orWhen(dev.ariel.io.Invocation.current()::cancelled));
        }
        long t2 = System.nanoTime();
        MeshFiles.write(r.mesh(), out, f, outputs);
        long t3 = System.nanoTime();
        // The notes say what the user may not expect (a prism, an empty mesh); -q silences them too.
        if (!quiet) for (String note : r.notes()) err.printf("ariel: %s %s%n", m.source(), note);
        long[] nanos = {t1 - t0, t2 - t1, t3 - t2};
        if (stats != null) {
            err.print(stats.equals("json") ? json(m, meshSettings, r, nanos, f) + System.lineSeparator()
                    : text(r.mesh(), nanos));
        }
        if (!quiet) {
            int n = meshSettings.threads();
            err.printf(Locale.ROOT, "wrote %s: %d triangles, %d vertices (level %d, read %.1f ms, mesh %.1f ms on %d thread%s, "
                    + "%s, write %.1f ms)%n", out, r.mesh().triangleCount(), r.mesh().vertexCount(), meshSettings.level(),
                    nanos[0] / 1e6, nanos[1] / 1e6, n, n == 1 ? "" : "s", r.compiled() ? "compiled" : "interpreted",
                    nanos[2] / 1e6);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private MeshSettings meshSettings() {
        if (level < 1 || level > MeshSettings.MAX_LEVEL) {
            throw new ParameterException(spec.commandLine(), "--level must be 1.." + MeshSettings.MAX_LEVEL + ", not " + level);
        }
        Bounds b = bounds;
        if (!Double.isFinite(b.x0()) || !Double.isFinite(b.y0()) || !Double.isFinite(b.z0()) || !Double.isFinite(b.x1())
                || !Double.isFinite(b.y1()) || !Double.isFinite(b.z1())) {
            throw new ParameterException(spec.commandLine(), "--bounds must be finite numbers");
        }
        if (!(b.x0() < b.x1() && b.y0() < b.y1() && b.z0() < b.z1())) {
            throw new ParameterException(spec.commandLine(), "--bounds needs X0 < X1, Y0 < Y1 and Z0 < Z1");
        }
        if (!Double.isFinite(b.x1() - b.x0()) || !Double.isFinite(b.y1() - b.y0()) || !Double.isFinite(b.z1() - b.z0())) {
            throw new ParameterException(spec.commandLine(), "--bounds must span a finite box, each side below 1.7e308");
        }
        // Vertices are f32: a cell must span enough f32 steps at the bounds' coordinates for its
        // crossings and vertices, 1% of a cell apart, to stay distinct (the default bounds allow level 12).
        double longest = Math.max(b.x1() - b.x0(), Math.max(b.y1() - b.y0(), b.z1() - b.z0()));
        double cell = longest / (1 << level);
        double reach = Math.max(Math.max(Math.abs(b.x0()), Math.abs(b.x1())), Math.max(Math.max(Math.abs(b.y0()),
                Math.abs(b.y1())), Math.max(Math.abs(b.z0()), Math.abs(b.z1()))));
        if (!(cell >= MIN_CELL_STEPS * Math.ulp((float) Math.max(reach, Float.MIN_NORMAL)))) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "--bounds and --level %d give cells of "
                    + "%.3g, too small for f32 coordinates up to %.3g: use larger bounds or a lower level", level, cell, reach));
        }
        int n = RenderCommand.threadCount(spec.commandLine(), threads);
        return new MeshSettings(level, b.x0(), b.y0(), b.z0(), b.x1(), b.y1(), b.z1(), n);
    }

    private MeshFormat meshFormat(Path out) {
        MeshFormat f = format != null ? format : MeshFormat.forPath(out).orElse(null);
        if (f == null) {
            throw new ParameterException(spec.commandLine(),
                    "cannot tell the mesh format of '" + out + "': use a " + MeshFormat.choices() + " file name, or --format");
        }
        if (ascii) {
            if (f != MeshFormat.STL && f != MeshFormat.STL_ASCII) {
                throw new ParameterException(spec.commandLine(), "--ascii applies to STL only, not " + label(f));
            }
            return MeshFormat.STL_ASCII;
        }
        return f;
    }

    private static String label(MeshFormat f) {
        return f == MeshFormat.OBJ ? "OBJ" : f == MeshFormat.PLY ? "PLY" : "STL";
    }

    private String text(Mesh mesh, long[] nanos) {
        MeshStats s = mesh.stats();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "time        read %.1f ms; mesh %.1f ms: octree %.1f ms, edges %.1f ms, vertices "
                + "%.1f ms, faces %.1f ms (all threads); write %.1f ms%n", nanos[0] / 1e6, nanos[1] / 1e6, s.octreeNanos() / 1e6,
                s.edgeNanos() / 1e6, s.vertexNanos() / 1e6, s.faceNanos() / 1e6, nanos[2] / 1e6));
        StringBuilder depths = new StringBuilder();
        long[] perDepth = s.cellsPerDepth();
        for (int d = 0; d < perDepth.length; d++) depths.append(d == 0 ? "" : " ").append(perDepth[d]);
        sb.append("cells       per depth ").append(depths).append(String.format(Locale.ROOT,
                "; %d proved inside, %d outside; %d surface cells%n", s.provedInside(), s.provedOutside(), s.surfaceCells()));
        sb.append(String.format(Locale.ROOT, "contour     %d vertices placed, %d split cells, %d repaired cells; %d point "
                + "evaluations, %d gradients%n", s.components(), s.splitCells(), s.repairedCells(), s.pointEvaluations(),
                s.gradientEvaluations()));
        sb.append(String.format(Locale.ROOT, "mesh        %d triangles, %d vertices%n", mesh.triangleCount(), mesh.vertexCount()));
        return sb.toString();
    }

    // Why this method is long: one flat list of fields, in the order the README documents them.
    private String json(Model m, MeshSettings ms, Meshes.Result r, long[] nanos, MeshFormat f) {
        MeshStats s = r.mesh().stats();
        JsonWriter w = JsonWriter.compact().beginObject()
                .field("model", m.source())
                .field("format", f.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .field("level", ms.level())
                .field("engine", engine.label())
                .field("compiled", r.compiled())
                .field("threads", ms.threads())
                .field("triangles", r.mesh().triangleCount())
                .field("vertices", r.mesh().vertexCount())
                .field("read_ms", nanos[0] / 1e6)
                .field("mesh_ms", nanos[1] / 1e6)
                .field("octree_ms", s.octreeNanos() / 1e6)
                .field("edge_ms", s.edgeNanos() / 1e6)
                .field("vertex_ms", s.vertexNanos() / 1e6)
                .field("face_ms", s.faceNanos() / 1e6)
                .field("write_ms", nanos[2] / 1e6);
        w.name("cells_per_depth").beginArray();
        for (long c : s.cellsPerDepth()) w.value(c);
        return w.endArray()
                .field("proved_inside", s.provedInside())
                .field("proved_outside", s.provedOutside())
                .field("surface_cells", s.surfaceCells())
                .field("components", s.components())
                .field("split_cells", s.splitCells())
                .field("repaired_cells", s.repairedCells())
                .field("point_evaluations", s.pointEvaluations())
                .field("gradient_evaluations", s.gradientEvaluations())
                .endObject().text();
    }

    private String defaultOutputName() {
        String name = model.toString().equals("-") ? "stdin.stl"
                : model.getFileName() != null ? model.getFileName().toString() : "mesh";
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".stl";
    }

    /**
     * An indeterminate progress bar with the elapsed time, on a terminal only: the mesher reports
     * no progress while it runs, so this says that it is working, not how far it got. It is
     * cleared when the mesh is done, so the success line stands alone.
     */
    static final class Spinner implements AutoCloseable {
        private final me.tongfei.progressbar.ProgressBar bar;

        private Spinner(me.tongfei.progressbar.ProgressBar bar) {
            this.bar = bar;
        }

        static Spinner open(boolean wanted, String task) {
            if (!wanted || !TerminalBars.terminal()) return new Spinner(null);
            return new Spinner(TerminalBars.builder().setTaskName(task).setInitialMax(-1).hideEta()
                    .clearDisplayOnFinish().continuousUpdate().build());
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }
}
