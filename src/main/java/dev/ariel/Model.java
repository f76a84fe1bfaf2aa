package dev.ariel;

import dev.ariel.expr.ExprGraph;
import dev.ariel.io.Invocation;
import dev.ariel.io.Memo;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ParsedModel;
import dev.ariel.parse.ReadLimits;
import dev.ariel.parse.VmReader;
import dev.ariel.render.RenderModel;
import dev.ariel.shape.Shape;
import dev.ariel.tape.SsaTape;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.tape.Box;
import dev.ariel.tape.PrunedTape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * A model read from {@code .vm} text or built as a {@link Shape}, ready to render and evaluate:
 * immutable and safe to share between threads. It evaluates itself at points
 * ({@link #valueAt}), over boxes ({@link #boundsOver}) and with derivatives ({@link #gradientAt});
 * {@link dev.ariel.wiring.FrameSource} (or {@link dev.ariel.render.TileRenderer} and
 * {@link dev.ariel.render.Renderer}) renders it over a {@link dev.ariel.render.View}, and
 * {@link dev.ariel.wiring.Meshes} meshes it. It is the façade above {@code render}: the renderers
 * take it as a {@link dev.ariel.render.RenderModel}, and import nothing of it.
 */
public final class Model implements RenderModel {
    /** The resource name of the bundled default model, written for Ariel (see {@code models/}). */
    public static final String BUNDLED_NAME = "ariel.vm";

    private final ParsedModel parsed;
    private final SsaTape tape;

    private Model(ParsedModel parsed) {
        this.parsed = parsed;
        this.tape = SsaTape.of(parsed.graph(), parsed.root());
    }

    /** Reads a {@code .vm} file under the default limits. */
    public static Model read(Path path) throws ModelException, IOException {
        return read(path, ReadLimits.defaults());
    }

    /** Reads a {@code .vm} file under {@code limits}. */
    public static Model read(Path path, ReadLimits limits) throws ModelException, IOException {
        byte[] bytes = VmReader.readBytes(path, limits);
        String source = VmReader.sourceName(path);
        // A long-lived process (the daemon) keeps recent models: the same name, limits and bytes
        // parse to the same model, and parsing prospero.vm costs a warm JVM 6-7 ms a call.
        Memo memo = Invocation.current().memo();
        Object key = new Parsed(source, limits, bytes, Arrays.hashCode(bytes));
        if (memo.get(key) instanceof Model kept) return kept;
        Model m = new Model(VmReader.parse(bytes, source, limits));
        memo.put(key, m, 16L * bytes.length + 4096);
        return m;
    }

    // What decides a parsed model. Arrays.hashCode and Arrays.equals are vectorized intrinsics:
    // some 0.1 ms for prospero.vm's 300 KB, where ByteBuffer's byte-at-a-time loop took far longer.
    private record Parsed(String source, ReadLimits limits, byte[] bytes, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Parsed p && p.hash == hash && p.source.equals(source) && p.limits.equals(limits)
                    && Arrays.equals(p.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Parses {@code .vm} text; {@code source} names it in error messages. */
    public static Model parse(String text, String source) throws ModelException {
        return new Model(VmReader.parse(text, source));
    }

    /** Parses the bytes of a {@code .vm} file under {@code limits}; {@code source} names it in error messages. */
    public static Model parse(byte[] bytes, String source, ReadLimits limits) throws ModelException {
        return new Model(VmReader.parse(bytes, source, limits));
    }

    /** The model of a shape built in Java, named {@code "shape"} in messages. */
    public static Model of(Shape shape) {
        return of(shape, "shape");
    }

    /**
     * The model of a shape built in Java; {@code name} stands for its source in messages. The
     * shape lowers straight into a hash-consed graph, with no {@code .vm} text in between.
     */
    public static Model of(Shape shape, String name) {
        ExprGraph.Builder builder = ExprGraph.builder();
        int root = shape.addTo(builder);
        return of(builder.build(), root, name);
    }

    /**
     * The model of node {@code root} of {@code graph}, for a graph built with
     * {@link ExprGraph#builder()}; {@code name} stands for its source in messages. As the graph
     * has no file, its "lines" are the nodes that {@code root} depends on.
     */
    public static Model of(ExprGraph graph, int root, String name) {
        if (root < 0 || root >= graph.size()) {
            throw new IllegalArgumentException("no node " + root + " in a graph of " + graph.size());
        }
        boolean[] live = graph.reachableFrom(root);
        int[] opcodeLines = new int[Opcode.values().length];
        int lines = 0;
        for (int i = 0; i <= root; i++) {
            if (!live[i]) continue;
            opcodeLines[graph.opcode(i).ordinal()]++;
            lines++;
        }
        return new Model(new ParsedModel(name, graph, root, lines, opcodeLines));
    }

    /** The default model bundled in the jar. */
    public static Model bundled() {
        Model m = bundled;
        if (m == null) bundled = m = readBundled();
        return m;
    }

    private static volatile Model bundled; // immutable, so one for every caller

    private static Model readBundled() {
        try (InputStream in = Model.class.getResourceAsStream("models/" + BUNDLED_NAME)) {
            if (in == null) {
                throw new IllegalStateException("the bundled model is missing from the jar");
            }
            return new Model(VmReader.parse(in.readAllBytes(), BUNDLED_NAME + " (bundled)", ReadLimits.defaults()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelException e) {
            throw new IllegalStateException("the bundled model is invalid: " + e.getMessage(), e);
        }
    }

    /** The file or source name the model came from. */
    public String source() {
        return parsed.source();
    }

    /** The expression graph of every op in the file, deduplicated and folded. */
    public ExprGraph graph() {
        return parsed.graph();
    }

    /** The graph node of the model's value (the file's last op). */
    public int root() {
        return parsed.root();
    }

    /** The flat SSA tape of what the value depends on: what evaluators run. */
    @Override
    public SsaTape tape() {
        return tape;
    }

    /** The input variables the value depends on. */
    public Set<Opcode> variables() {
        return tape.variables();
    }

    /** What the model consists of, before and after simplification. */
    public ModelInfo info() {
        int[] after = tape.opcodeCounts();
        after[Opcode.CONST.ordinal()] = tape.constantCount();
        int[] depths = parsed.graph().depths();
        return new ModelInfo(parsed.source(), parsed.opLines(), parsed.opcodeLines(),
                tape.length() + tape.constantCount(), after, depths[parsed.root()], tape.slotCount(), variables());
    }

    /**
     * The model's f32 value at (x, y, z), by the Java interpreter: the value every tier renders
     * (a pixel is filled where it is below 0). For many points, use {@link #valuesAt}.
     */
    public float valueAt(float x, float y, float z) {
        return JavaEngine.INSTANCE.pointEvaluator(tape).evaluate(x, y, z);
    }

    /**
     * The model's values at points {@code 0 .. n-1} of {@code xs}, {@code ys}, {@code zs}, into
     * {@code out}: one evaluator for the whole batch.
     */
    public void valuesAt(float[] xs, float[] ys, float[] zs, int n, float[] out) {
        PointEvaluator e = JavaEngine.INSTANCE.pointEvaluator(tape);
        for (int i = 0; i < n; i++) out[i] = e.evaluate(xs[i], ys[i], zs[i]);
    }

    /**
     * Bounds on the model's values over a box, by f32 interval arithmetic: every value at a
     * point of the box lies in [lower, upper], or is NaN where {@code maybeNaN} says it may be.
     * This is what the renderers prune by: a box whose lower bound is at least 0 holds no filled
     * point, and one whose upper bound is below 0 (and never NaN) is filled throughout.
     */
    public Bounds boundsOver(float xMin, float xMax, float yMin, float yMax, float zMin, float zMax) {
        Box box = new Box(xMin, xMax, yMin, yMax, zMin, zMax); // checks the order of each pair
        PrunedTape t = PrunedTape.of(tape);
        IntervalEvaluator ie = JavaEngine.INSTANCE.intervalEvaluator(t.length());
        ie.evaluate(t, box.xMin(), box.xMax(), box.yMin(), box.yMax(), box.zMin(), box.zMax());
        int out = t.output();
        return new Bounds(ie.lower(t, out), ie.upper(t, out), ie.maybeNaN(t, out));
    }

    /**
     * The model's value and its partial derivatives at (x, y, z), by forward-mode automatic
     * differentiation; where the value is not differentiable the rules of
     * {@link dev.ariel.eval.GradientRules} pick one of the one-sided derivatives.
     */
    public Gradient gradientAt(float x, float y, float z) {
        float[] v = new float[1], dx = new float[1], dy = new float[1], dz = new float[1];
        JavaEngine.INSTANCE.gradientEvaluator(tape).evaluate(new float[] {x}, new float[] {y}, new float[] {z}, 1, v, dx, dy, dz);
        return new Gradient(v[0], dx[0], dy[0], dz[0]);
    }

    /**
     * Bounds on a model's values over a box (see {@link #boundsOver}).
     *
     * @param lower no value in the box is below it
     * @param upper no value in the box is above it
     * @param maybeNaN whether some value in the box may be NaN
     */
    public record Bounds(float lower, float upper, boolean maybeNaN) {
        /** Whether no point of the box can be filled (a value below 0). */
        public boolean empty() {
            return lower >= 0;
        }

        /** Whether every point of the box is filled. */
        public boolean filled() {
            return upper < 0 && !maybeNaN;
        }
    }

    /**
     * A model's value at a point and its partial derivatives there.
     *
     * @param value the value, as {@link #valueAt} gives it
     * @param dx the partial derivative along x
     * @param dy the partial derivative along y
     * @param dz the partial derivative along z
     */
    public record Gradient(float value, float dx, float dy, float dz) {}
}
