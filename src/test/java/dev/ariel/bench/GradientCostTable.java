package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.JavaGradientEvaluator;
import dev.ariel.eval.JavaTileEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitEngine;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.tape.PrunedTape;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints the constants a 3D cost model needs, on one thread, as medians of interleaved rounds:
 * the gradient evaluators' ns per point-instruction (Java and compiled, 262,144 seeded points of
 * [−1, 1]³ in batches of 4,096, as render3d asks), the interpreter's ns per voxel-instruction on
 * its row path (512-column rows at a fixed z) and its leaf path (8×8 leaf blocks, as the octree's
 * leaves), and compile cost: the gradient and row kernels of each model, and a least-squares
 * fit {@code fixed + perOp · ops} of the row and gradient kernels of the model's prefixes, at
 * -O0, at the CLI's default (-O1, codegen none) and at O0 passes with default codegen. Compile
 * times are IR build, passes and codegen; linking is not included. Gradient and row evaluation
 * use each level's compiled code. Not a unit test: it only prints.
 *
 * <p>Usage: {@code scripts/grad-costs [ROUNDS] MODEL...} (see the script).
 */
public final class GradientCostTable {
    private static final int POINTS = 262_144;
    private static final int BATCH = 4096;
    // -O0; the CLI's default; and O0's passes with default codegen, which the notes found quick to compile and fast to run.
    private static final CompileOptions[] LEVELS = {CompileOptions.of(OptLevel.O0),
            CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE),
            CompileOptions.of(OptLevel.O0).withCodegen(OptLevel.CodegenLevel.DEFAULT)};

    private GradientCostTable() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        for (int m = 1; m < args.length; m++) {
            model(Path.of(args[m]), rounds);
            fit(Path.of(args[m]), rounds);
        }
    }

    private static void model(Path path, int rounds) throws Exception {
        SsaTape tape = Model.read(path).tape();
        int ops = tape.length();
        SplittableRandom random = new SplittableRandom(7);
        float[] xs = new float[POINTS], ys = new float[POINTS], zs = new float[POINTS];
        for (int i = 0; i < POINTS; i++) {
            xs[i] = (float) random.nextDouble(-1, 1);
            ys[i] = (float) random.nextDouble(-1, 1);
            zs[i] = (float) random.nextDouble(-1, 1);
        }
        JitEngine[] jits = new JitEngine[LEVELS.length];
        GradientEvaluator[] compiled = new GradientEvaluator[LEVELS.length];
        RowEvaluator[] jitRows = new RowEvaluator[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            jits[l] = JitEngine.of(LEVELS[l]);
            compiled[l] = jits[l].gradientEvaluator(tape);
            jitRows[l] = jits[l].rowEvaluator(tape, Box.EVERYTHING);
        }
        GradientEvaluator java = new JavaGradientEvaluator(tape);
        RowEvaluator javaRows = JavaEngine.INSTANCE.rowEvaluator(tape, Box.EVERYTHING);
        PrunedTape pruned = PrunedTape.of(tape);
        int columns = 3 + 2 * LEVELS.length;
        long[][] t = new long[columns][rounds];
        for (int r = 0; r < rounds; r++) {
            t[0][r] = gradients(java, xs, ys, zs);
            t[1][r] = rows(javaRows, xs);
            t[2][r] = leaves(pruned, xs);
            for (int l = 0; l < LEVELS.length; l++) {
                t[3 + 2 * l][r] = gradients(compiled[l], xs, ys, zs);
                t[4 + 2 * l][r] = rows(jitRows[l], xs);
            }
        }
        double pointOps = (double) POINTS * ops;
        System.out.printf(Locale.ROOT, "%s: %d instructions, 1 thread, ns per point- or voxel-instruction (median of %d)%n",
                path.getFileName(), ops, rounds);
        System.out.printf(Locale.ROOT, "  java       gradient %.3f (%.1f ms per 262,144 points)  rows %.3f  8x8 leaves %.3f%n",
                median(t[0]) / pointOps, median(t[0]) / 1e6, median(t[1]) / pointOps, median(t[2]) / pointOps);
        for (int l = 0; l < LEVELS.length; l++) {
            System.out.printf(Locale.ROOT, "  jit %-10s gradient (as %s) %.3f (%.1f ms per 262,144 points)  rows %.3f%n",
                    LEVELS[l].label(), jits[l].gradientOptions().label(), median(t[3 + 2 * l]) / pointOps,
                    median(t[3 + 2 * l]) / 1e6, median(t[4 + 2 * l]) / pointOps);
        }
        for (JitEngine j : jits) j.close();
    }

    private static long gradients(GradientEvaluator g, float[] xs, float[] ys, float[] zs) {
        float[] v = new float[BATCH], dx = new float[BATCH], dy = new float[BATCH], dz = new float[BATCH];
        float[] bx = new float[BATCH], by = new float[BATCH], bz = new float[BATCH];
        long t0 = System.nanoTime();
        for (int from = 0; from < POINTS; from += BATCH) {
            System.arraycopy(xs, from, bx, 0, BATCH);
            System.arraycopy(ys, from, by, 0, BATCH);
            System.arraycopy(zs, from, bz, 0, BATCH);
            g.evaluate(bx, by, bz, BATCH, v, dx, dy, dz);
        }
        return System.nanoTime() - t0;
    }

    // 262,144 voxels as 512-column rows: 32 rows × 16 slices, one call per row at its z.
    private static long rows(RowEvaluator e, float[] xs) {
        float[] out = new float[512];
        long t0 = System.nanoTime();
        for (int k = 0; k < 16; k++) {
            float z = -1f + 2f * k / 15f;
            for (int j = 0; j < 32; j++) e.evaluate(xs, 0, 512, -1f + 2f * j / 31f, z, out);
        }
        return System.nanoTime() - t0;
    }

    // 262,144 voxels as 8×8 leaf blocks at one z each, as the octree's leaves are evaluated.
    private static long leaves(PrunedTape tape, float[] xs) {
        JavaTileEvaluator e = new JavaTileEvaluator(64);
        float[] ys = new float[8], out = new float[64];
        for (int j = 0; j < 8; j++) ys[j] = -1f + 2f * j / 7f;
        long t0 = System.nanoTime();
        for (int b = 0; b < POINTS / 64; b++) {
            e.evaluate(tape, xs, (b * 8) % 4096, 8, ys, 0, 8, -1f + (b % 64) / 32f, out);
        }
        return System.nanoTime() - t0;
    }

    // compile = fixed + perOp · ops, fitted by least squares over prefixes of the model's file (its
    // first quarter, half, three quarters and all of its lines), so the op mix is the model's.
    private static void fit(Path path, int rounds) throws Exception {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(path);
        for (CompileOptions o : LEVELS) {
            for (boolean gradient : new boolean[] {false, true}) {
                double[] n = new double[4], t = new double[4];
                for (int q = 1; q <= 4; q++) {
                    String prefix = String.join("\n", lines.subList(0, lines.size() * q / 4)) + "\n";
                    SsaTape tape = Model.parse(prefix, path.getFileName().toString()).tape();
                    long[] c = new long[Math.min(rounds, 3)];
                    for (int r = 0; r < c.length; r++) {
                        c[r] = gradient ? KernelCompiler.compileGradient(tape, o, HostTarget.host(), "g").stats().totalNanos()
                                : KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING), o, HostTarget.host(), "k")
                                        .stats().totalNanos();
                    }
                    n[q - 1] = tape.length();
                    t[q - 1] = median(c);
                }
                double mn = Arrays.stream(n).average().orElse(0), mt = Arrays.stream(t).average().orElse(0);
                double sxy = 0, sxx = 0;
                for (int k = 0; k < n.length; k++) {
                    sxy += (n[k] - mn) * (t[k] - mt);
                    sxx += (n[k] - mn) * (n[k] - mn);
                }
                double perOp = sxy / sxx, fixed = mt - perOp * mn;
                System.out.printf(Locale.ROOT, "  compile fit %-10s %-8s fixed %6.2f ms + %5.1f µs/instruction (prefixes of %.0f..%.0f)%n",
                        o.label(), gradient ? "gradient" : "row", fixed / 1e6, perOp / 1e3,
                        Arrays.stream(n).min().orElse(0), Arrays.stream(n).max().orElse(0));
            }
        }
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
