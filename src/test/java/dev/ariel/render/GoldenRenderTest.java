package dev.ariel.render;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.testing.Frames;
import dev.ariel.testing.SharedModels;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small renders of our own models, kept as ASCII art in src/test/resources/dev/ariel/render/golden.
 * Every engine and thread count must reproduce them exactly. To accept a deliberate change, run
 * with -Dariel.updateGoldens=true and review the diff of the .txt files.
 */
class GoldenRenderTest {
    private static final Path GOLDEN = Path.of("src/test/resources/dev/ariel/render/golden");

    /** Engines under test; the JIT tiers join this list. */
    static final List<Backend> ENGINES = List.of(JavaEngine.INSTANCE);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("circle-24", "circle.vm", new View(24, 24, 0, 0, 1, 0)),
                Arguments.of("ariel-64x40", "ariel.vm", new View(64, 40, 0, 0, 1, 0)),
                Arguments.of("ariel-zoom-48x24", "ariel.vm", new View(48, 24, -0.55, -0.2, 0.3, 0)),
                Arguments.of("showcase-64", "showcase.vm", new View(64, 64, 0, 0, 1, 0)),
                Arguments.of("showcase-odd-33x17", "showcase.vm", new View(33, 17, 0.1, -0.2, 0.9, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersMatchTheirGoldens(String name, String model, View view) throws Exception {
        Model m = Model.read(SharedModels.ours(model));
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("ariel.updateGoldens")) {
            String ascii = Renderer.defaults().withThreads(1).render(m, view).toAscii();
            Files.writeString(file, ascii, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "no golden " + file + "; run with -Dariel.updateGoldens=true to create it");
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        for (Backend engine : ENGINES) {
            for (int threads : new int[] {1, 3}) {
                String actual = new Renderer(engine, threads).render(m, view).toAscii();
                if (!actual.equals(expected)) {
                    fail(name + " with engine " + engine.name() + " on " + threads + " threads differs from "
                            + file + ":\n" + diff(expected, actual));
                }
            }
        }
    }

    /**
     * The same goldens through the library's wiring, under both strategies and every engine: a
     * tiered run of three frames, so that auto's later frames may use what it compiled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyEngineAndStrategyMatchesTheGoldens(String name, String model, View view) throws Exception {
        Model m = Model.read(SharedModels.ours(model));
        String expected = Files.readString(GOLDEN.resolve(name + ".txt"), StandardCharsets.UTF_8);
        for (Strategy strategy : Strategy.values()) {
            for (EngineKind engine : EngineKind.values()) {
                // Tiles small enough that these small views reach the compile level.
                RenderSettings s = RenderSettings.of(engine, strategy).withThreads(2).withFramesExpected(3)
                        .withDiskCache(false).withTiles(TileSizes.of(16, 8, 4), 8);
                try (FrameSource frames = FrameSource.open(s, m, view, RenderMode.MONO)) {
                    for (int k = 0; k < 3; k++) {
                        String actual = Frames.mono(frames.next()).toAscii();
                        if (!actual.equals(expected)) {
                            fail(name + " with " + strategy.label() + " " + engine.label() + ", frame " + k + ", differs:\n"
                                    + diff(expected, actual));
                        }
                    }
                }
            }
        }
    }

    /** The differing rows, expected above actual, with a caret under each differing pixel. */
    static String diff(String expected, String actual) {
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < Math.max(e.length, a.length); row++) {
            String er = row < e.length ? e[row] : "";
            String ar = row < a.length ? a[row] : "";
            if (er.equals(ar)) continue;
            StringBuilder carets = new StringBuilder();
            for (int i = 0; i < Math.max(er.length(), ar.length()); i++) {
                char ec = i < er.length() ? er.charAt(i) : ' ';
                char ac = i < ar.length() ? ar.charAt(i) : ' ';
                carets.append(ec == ac ? ' ' : '^');
            }
            sb.append(String.format("row %3d expected %s%n        actual   %s%n                 %s%n", row, er, ar, carets));
        }
        return sb.toString();
    }
}
