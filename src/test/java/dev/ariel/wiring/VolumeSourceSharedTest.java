package dev.ariel.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.render.ImageFiles;
import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.View;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeView;
import org.junit.jupiter.api.Test;

/**
 * {@link VolumeSource#open(RenderEngine, dev.ariel.render.RenderModel, VolumeView, VolumeMode, boolean)},
 * the service's way in: on a shared engine, interpreting or compiling, it gives the bytes of a
 * source of its own, and closing it leaves the engine to the others that share it.
 */
class VolumeSourceSharedTest {
    private static final String SOLID = """
            _x var-x
            _y var-y
            _z var-z
            _a square _x
            _b square _y
            _c square _z
            _s add _a _b
            _t add _s _c
            _u mul _x _z
            _v add _t _u
            _k const 0.6
            _d sub _v _k
            """;

    @Test
    void aSharedEngineGivesTheBytesOfAnOwnSourceAndStaysOpen() throws Exception {
        Model m = Model.parse(SOLID, "solid.vm");
        VolumeView view = new VolumeView(40, 32, 48, 0.05, 0, 0, 1, 25, -30);
        byte[] own;
        try (VolumeSource s = VolumeSource.open(RenderSettings.of(EngineKind.INTERP, Strategy.PRUNED).withThreads(1), m, view,
                VolumeMode.NORMALS, false)) {
            own = ImageFiles.encode(s.next().image(), ImageFormat.PPM);
        }
        for (EngineKind kind : new EngineKind[] {EngineKind.INTERP, EngineKind.JIT}) {
            RenderSettings settings = RenderSettings.of(kind, Strategy.PRUNED).withThreads(2)
                    .withFramesExpected(RenderSettings.UNKNOWN_FRAMES).withDiskCache(false);
            try (RenderEngine engine = RenderEngine.open(settings)) {
                for (int k = 0; k < 2; k++) {
                    try (VolumeSource s = VolumeSource.open(engine, m, view, VolumeMode.NORMALS, false)) {
                        VolumeSource.Frame f = s.next();
                        assertArrayEquals(own, ImageFiles.encode(f.image(), ImageFormat.PPM), kind + ", request " + k);
                        if (kind == EngineKind.JIT) assertTrue(f.stats().voxelsCompiled() > 0, "jit compiles: " + f.stats());
                        else assertEquals(0, f.stats().voxelsCompiled(), "interp compiles nothing");
                    }
                }
                // The engine still serves its 2D renderers after the sources closed.
                assertEquals(64, engine.tileRenderer().render(m, View.of(64), RenderMode.MONO, 1).image().width());
            }
        }
    }
}
