package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.MonoImage;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** prospero.vm through the JIT at every level: the challenge's fill count, and pixel-equal to the interpreter. */
class JitProsperoTest {
    private static Model prospero;
    private static MonoImage interpreted;

    private static synchronized Model prospero() throws Exception {
        if (prospero == null) prospero = Model.read(SharedModels.require("prospero.vm"));
        return prospero;
    }

    private static synchronized MonoImage interpreted() throws Exception {
        if (interpreted == null) interpreted = new Renderer(JavaEngine.INSTANCE, 2).render(prospero(), View.of(1024));
        return interpreted;
    }

    @ParameterizedTest(name = "-{0}")
    @EnumSource(OptLevel.class)
    void fillsTheChallengeCountAndEqualsTheInterpreterPixelForPixel(OptLevel level) throws Exception {
        Model model = prospero();
        try (JitEngine engine = JitEngine.of(CompileOptions.of(level))) {
            MonoImage image = new Renderer(engine, 2).render(model, View.of(1024));
            assertEquals(132_033, image.filledCount());
            MonoImage reference = interpreted();
            int differ = 0;
            for (int j = 0; j < 1024; j++) {
                for (int i = 0; i < 1024; i++) {
                    if (image.isFilled(i, j) != reference.isFilled(i, j)) differ++;
                }
            }
            assertEquals(0, differ, "pixels that differ from the interpreter's image");
            CompiledKernel kernel = engine.kernel(model.tape(), View.of(1024).box());
            // Over [-1,1]² intervals prove every min/max NaN-free, and no zero sign can show: one instruction each.
            assertEquals(kernel.stats().minMax(), kernel.stats().hardwareMinMax());
            assertTrue(kernel.stats().textBytes() > 10_000, "machine code: " + kernel.stats().textBytes() + " bytes");
        }
    }
}
