package dev.ariel.eval;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.expr.FloatEquality;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.Box;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SpecOracle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite of the leaf-tile kind, which every backend passes: its
 * {@link Backend#tileEvaluator} and, for a compiling backend, its compiled tiles through
 * {@link TileEvaluator#compiled}, on every opcode at edge values and on random models, bit for bit
 * against the written semantics and the Java point evaluator. A backend's test implements it.
 */
public interface TileConformance {
    /** The backend under test. */
    Backend backend();

    @ParameterizedTest
    @EnumSource(Opcode.class)
    default void everyOpcodeOnEdgeValuesInATile(Opcode op) throws ModelException {
        if (op.arity() == 0) return; // inputs and constants are covered by every other case
        float[] edge = EdgeValues.FLOATS;
        String text = op.arity() == 1 ? "_0 var-x\n_1 " + op.text() + " _0\n" : "_0 var-x\n_1 var-y\n_2 " + op.text() + " _0 _1\n";
        SsaTape tape = Model.parse(text, "test.vm").tape();
        List<String> failures = new ArrayList<>();
        for (TileEvaluator eval : evaluators(tape, Box.EVERYTHING)) {
            float[] out = new float[edge.length * edge.length];
            eval.evaluate(PrunedTape.of(tape, false), edge, 0, edge.length, edge, 0, edge.length, 0f, out);
            for (int r = 0; r < edge.length; r++) {
                for (int j = 0; j < edge.length; j++) {
                    float expected = SpecOracle.apply(op, edge[j], op.arity() == 1 ? 0f : edge[r]);
                    check(failures, (eval.compiled() ? "compiled " : "") + op.text() + "(" + edge[j] + ", " + edge[r] + ")",
                            expected, out[r * edge.length + j]);
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    default void randomModelsInTilesOfEveryShape() throws ModelException {
        List<String> failures = new ArrayList<>();
        int[][] shapes = {{32, 32}, {7, 5}, {1, 9}, {16, 1}};
        for (long seed = 1; seed <= 12; seed++) {
            SsaTape tape = Model.parse(RandomModels.generate(seed, 40), "random-" + seed + ".vm").tape();
            float[] xs = grid(40, -1.1f, 0.05f), ys = grid(40, 0.95f, -0.045f);
            Box box = new Box(-1.1f, 1f, -0.95f, 0.95f, 0.5f, 0.5f);
            PointEvaluator oracle = JavaEngine.INSTANCE.pointEvaluator(tape);
            for (TileEvaluator eval : evaluators(tape, box)) {
                for (int[] shape : shapes) {
                    int w = shape[0], h = shape[1], from = 3, yFrom = 2;
                    float[] out = new float[w * h];
                    eval.evaluate(PrunedTape.of(tape, false), xs, from, w, ys, yFrom, h, 0.5f, out);
                    for (int r = 0; r < h; r++) {
                        for (int j = 0; j < w; j++) {
                            float x = xs[from + j], y = ys[yFrom + r];
                            check(failures, "seed " + seed + (eval.compiled() ? " compiled" : "") + " at (" + x + ", " + y + ")",
                                    oracle.evaluate(x, y, 0.5f), out[r * w + j]);
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    /**
     * Models built so that every instruction reads x alone, y alone, z alone (one value in a
     * tile), constants alone, or several of them: the interpreter evaluates the first kinds once
     * per column or row and spreads them, and every pixel must still be the point evaluator's.
     */
    @Test
    default void modelsOfXOnlyYOnlyAndMixedInstructions() throws ModelException {
        List<String> failures = new ArrayList<>();
        int[][] shapes = {{32, 32}, {7, 5}, {1, 9}, {16, 1}, {3, 2}};
        for (long seed = 1; seed <= 40; seed++) {
            SsaTape tape = Model.parse(separable(seed), "separable-" + seed + ".vm").tape();
            float[] xs = grid(40, -1.1f, 0.05f), ys = grid(40, 0.95f, -0.045f);
            Box box = new Box(-1.1f, 1f, -0.95f, 0.95f, 0.25f, 0.25f);
            PointEvaluator oracle = JavaEngine.INSTANCE.pointEvaluator(tape);
            for (TileEvaluator eval : evaluators(tape, box)) {
                for (int[] shape : shapes) {
                    int w = shape[0], h = shape[1], from = 1, yFrom = 4;
                    float[] out = new float[w * h];
                    java.util.Arrays.fill(out, Float.NaN);
                    eval.evaluate(PrunedTape.of(tape, false), xs, from, w, ys, yFrom, h, 0.25f, out);
                    for (int r = 0; r < h; r++) {
                        for (int j = 0; j < w; j++) {
                            float x = xs[from + j], y = ys[yFrom + r];
                            check(failures, "separable-" + seed + (eval.compiled() ? " compiled" : "") + " " + w + "x" + h
                                    + " at (" + x + ", " + y + ")", oracle.evaluate(x, y, 0.25f), out[r * w + j]);
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    /**
     * A random model of chains on x alone, y alone and z alone, joined by instructions that read
     * two of them; the root may itself read only one variable (a stripe), or none but z.
     */
    static String separable(long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        StringBuilder vm = new StringBuilder("x var-x\ny var-y\nz var-z\nk1 const 0.75\nk2 const -0.3\n");
        String[] unary = {"neg", "abs", "square", "sqrt", "sin", "cos", "floor", "recip", "exp", "ln"};
        String[] binary = {"add", "sub", "mul", "div", "min", "max", "atan2", "mod", "compare", "and", "or"};
        List<List<String>> byVar = List.of(new ArrayList<>(List.of("x")), new ArrayList<>(List.of("y")),
                new ArrayList<>(List.of("z")), new ArrayList<>(List.of("k1", "k2")));
        List<String> mixed = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < 24; i++) {
            String name = "v" + next++;
            if (rnd.nextInt(3) > 0) {
                List<String> same = byVar.get(rnd.nextInt(4));
                String a = same.get(rnd.nextInt(same.size()));
                if (rnd.nextBoolean()) vm.append(name).append(' ').append(unary[rnd.nextInt(unary.length)]).append(' ').append(a);
                else vm.append(name).append(' ').append(binary[rnd.nextInt(binary.length)]).append(' ').append(a).append(' ')
                        .append(byVar.get(rnd.nextBoolean() ? 3 : byVar.indexOf(same)).get(0));
                if (same != byVar.get(3)) same.add(name);
            } else {
                List<String> pool = new ArrayList<>(mixed);
                for (List<String> l : byVar) pool.addAll(l);
                String a = pool.get(rnd.nextInt(pool.size())), b = pool.get(rnd.nextInt(pool.size()));
                vm.append(name).append(' ').append(binary[rnd.nextInt(binary.length)]).append(' ').append(a).append(' ').append(b);
                mixed.add(name);
            }
            vm.append('\n');
        }
        // The root: a mixed value, or (one seed in four) a value of one variable alone.
        List<String> rootPool = seed % 4 == 0 ? byVar.get((int) (seed / 4 % 3)) : mixed.isEmpty() ? byVar.get(0) : mixed;
        vm.append("out add ").append(rootPool.get(rootPool.size() - 1)).append(" k2\n");
        return vm.toString();
    }

    /** The backend's leaf evaluators for {@code tape} over {@code box}: the interpreter's, and compiled code where the backend compiles. */
    private List<TileEvaluator> evaluators(SsaTape tape, Box box) {
        List<TileEvaluator> list = new ArrayList<>(List.of(backend().tileEvaluator(16)));
        TapeCompiler compiler = backend().tapeCompiler();
        if (compiler != null && compiler.compiles(tape)) {
            compiler.compileAll(List.of(tape), List.of(box)).join();
            try (TapeCompiler.Lease lease = compiler.lease()) {
                RowEvaluator code = compiler.cached(tape, box);
                assertNotNull(code, "a compiled tape is cached");
                list.add(TileEvaluator.compiled(code));
            }
        }
        return list;
    }

    private static float[] grid(int n, float start, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return v;
    }

    private static void check(List<String> failures, String what, float expected, float got) {
        if (!FloatEquality.same(expected, got)) {
            failures.add(what + ": expected " + FloatEquality.describe(expected) + ", got " + FloatEquality.describe(got));
        }
    }
}
