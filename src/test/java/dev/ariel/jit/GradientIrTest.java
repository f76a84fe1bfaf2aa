package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.JavaGradientEvaluator;
import dev.ariel.expr.FloatEquality;
import dev.ariel.jit.KernelCompiler.Stage;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.LlvmTools;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gradient kernel's IR: valid for Debian's opt-22, vectorised at the row kernels' width, free
 * of fast-math flags; its compiled code on the shared 3D models equals the Java tier's; and the
 * level it is compiled at.
 */
class GradientIrTest {
    private static SsaTape tape(String which) throws Exception {
        return which.startsWith("random-")
                ? Model.parse(RandomModels.generate(Long.parseLong(which.substring(7)), 60), which + ".vm").tape()
                : Model.read(SharedModels.require(which)).tape();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random-1", "random-2", "bear.vm", "tanglecube.vm"})
    void debianOptVerifiesTheIr(String which) throws Exception {
        Path opt = LlvmTools.requireOpt22();
        SsaTape tape = tape(which);
        Path dir = Files.createTempDirectory("ariel-gradient-ir");
        try {
            for (Stage stage : Stage.values()) {
                String text = KernelCompiler.gradientIr(tape, CompileOptions.of(OptLevel.O2), stage);
                Path ll = dir.resolve(which + "-" + stage + ".ll");
                Files.writeString(ll, text, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(opt.toString(), "-passes=verify", "-disable-output", ll.toString())
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "opt-22 did not finish");
                assertEquals(0, p.exitValue(), "opt-22 rejected " + which + " " + stage + ":\n" + output);
                Files.delete(ll);
            }
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void theIrIsVectorCodeAtTheRowWidthWithoutFastMath() throws Exception {
        String text = KernelCompiler.gradientIr(tape("random-3"), CompileOptions.of(OptLevel.O0), Stage.BEFORE);
        assertTrue(text.contains("define void @ariel_gradient("), text.substring(0, Math.min(2000, text.length())));
        int lanes = HostTarget.host().floatLanes();
        assertTrue(text.contains("<" + lanes + " x float>"), "no <" + lanes + " x float> vectors");
        assertTrue(text.contains("@llvm.masked.store.v" + lanes + "f32"), "the outputs are not stored as vectors");
        assertFalse(text.matches("(?s).*\\b(fast|reassoc|nnan|ninf|nsz|arcp|contract|afn)\\b.*"), "a fast-math flag");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bear.vm", "colonnade.vm", "tanglecube.vm"})
    void sharedSolidsMatchTheJavaTierAtEveryOptLevel(String which) throws Exception {
        SsaTape tape = tape(which);
        int n = 333; // not a multiple of the vector width, so the masked tail runs
        SplittableRandom random = new SplittableRandom(which.hashCode());
        float[] xs = new float[n], ys = new float[n], zs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) random.nextDouble(-1, 1);
            ys[i] = (float) random.nextDouble(-1, 1);
            zs[i] = (float) random.nextDouble(-1, 1);
        }
        float[][] want = gradients(new JavaGradientEvaluator(tape), xs, ys, zs);
        for (OptLevel level : new OptLevel[] {OptLevel.O0, OptLevel.O3}) {
            try (JitEngine engine = JitEngine.of(CompileOptions.of(level))) {
                float[][] got = gradients(engine.gradientEvaluator(tape), xs, ys, zs);
                assertEquals(1, engine.compiledCount(), "the gradient kernel was compiled");
                for (int c = 0; c < 4; c++) {
                    for (int i = 0; i < n; i++) {
                        assertTrue(FloatEquality.same(want[c][i], got[c][i]), which + " -" + level + " output " + c
                                + " at point " + i + ": " + got[c][i] + ", Java " + want[c][i]);
                    }
                }
            }
        }
    }

    @Test
    void gradientKernelsTakeO0sPassesForO1AndKeepTheCodegenLevel() {
        CompileOptions o1 = CompileOptions.of(OptLevel.O1).withCodegen(OptLevel.CodegenLevel.NONE);
        try (JitEngine engine = JitEngine.of(o1)) {
            assertEquals(OptLevel.O0, engine.gradientOptions().opt());
            assertEquals(OptLevel.CodegenLevel.NONE, engine.gradientOptions().codegen());
            assertEquals(o1.maxOps(), engine.gradientOptions().maxOps());
        }
        for (OptLevel level : new OptLevel[] {OptLevel.O0, OptLevel.O2, OptLevel.O3}) {
            try (JitEngine engine = JitEngine.of(CompileOptions.of(level))) {
                assertEquals(CompileOptions.of(level), engine.gradientOptions(), level.name());
            }
        }
    }

    private static float[][] gradients(GradientEvaluator eval, float[] xs, float[] ys, float[] zs) {
        float[][] out = new float[4][xs.length];
        eval.evaluate(xs, ys, zs, xs.length, out[0], out[1], out[2], out[3]);
        return out;
    }
}
