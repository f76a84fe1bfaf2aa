package dev.ariel.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shapes through the LLVM JIT, whole-tape and per tile: the interpreter's images, for shapes
 * whose lowering uses opcodes that models from files rarely do ({@code compare} and {@code mod}
 * in polygons, {@code round} in repetition, the transcendental ones in gyroids).
 */
class ShapeJitTest {
    @Test
    void theJitRendersShapesAsTheInterpreterDoes() {
        List<View> views = List.of(View.of(128), View.of(96).withZ(0.3), View.of(80).withCenter(0.2, 0.1).withScale(0.3));
        for (Strategy strategy : Strategy.values()) {
            RenderSettings settings = RenderSettings.of(EngineKind.JIT, strategy).withThreads(2).withDiskCache(false);
            for (Shape s : List.of(ShapeModelTest.LOGO, ShapeModelTest.SCENE)) {
                Model m = Model.of(s);
                for (View view : views) {
                    MonoImage want = TileRenderer.interpreter().render(m, view);
                    try (FrameSource jit = FrameSource.open(settings, m, view, RenderMode.MONO)) {
                        assertEquals(want, jit.next().image(), strategy + " " + view);
                        FrameSource.Summary summary = jit.finish();
                        assertTrue(strategy == Strategy.BRUTE ? summary.compileNanos() > 0 : summary.tapesCompiled() > 0,
                                strategy + " compiled: " + summary);
                    }
                    assertTrue(want.filledCount() > 0, "not blank");
                }
            }
        }
    }
}
