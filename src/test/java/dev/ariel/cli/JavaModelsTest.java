package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.io.Invocation;
import dev.ariel.parse.ModelException;
import dev.ariel.render.MonoImage;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written as single Java files ({@code ariel render model.java}): they run, render, and fail in one line. */
class JavaModelsTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theBundledJavaModelsRenderAsTheirVmTextDoes() throws Exception {
        for (String name : new String[] {"gear.java", "letter-a.java", "pawn.java"}) {
            Path file = Path.of("models", name);
            Model m = JavaModels.read(file);
            assertEquals("models/" + name, m.source());
            View view = View.of(96);
            MonoImage direct = TileRenderer.interpreter().render(m, view);
            assertTrue(direct.filledCount() > 96 * 96 / 20, name + " draws something: " + direct.filledCount());
            // The CLI's image equals the one of the model read back from the .vm its shape writes.
            Path out = tmp.resolve(name + ".pgm");
            FuzzTest.Run run = FuzzTest.runCli(new String[] {"render", file.toString(), "-s", "96", "-q", "-o", out.toString()}, 120);
            assertEquals(0, run.code(), () -> name + ": " + run);
            assertTrue(Files.size(out) > 96 * 96, name);
        }
        // A compact file and a class with a static method both work; so does a file name that is no identifier.
        Path classic = write("my-disc.java", """
                import dev.ariel.shape.*;
                class Disc {
                    static Shape model() { return Shapes.circle(0.5); }
                }
                """);
        Model disc = JavaModels.read(classic);
        assertEquals(-0.5f, disc.valueAt(0, 0, 0), 1e-6f);
        assertEquals(0f, disc.valueAt(0.3f, 0.4f, 0), 1e-6f);
    }

    @Test
    void compileErrorsAndExceptionsAreOneLineWithTheFileAndLine() throws Exception {
        Path typo = write("typo.java", """
                import dev.ariel.shape.*;

                Shape model() {
                    return Shapes.circel(0.5);
                }
                """);
        FuzzTest.Run run = FuzzTest.runCli(new String[] {"render", typo.toString(), "-s", "16", "-o", tmp.resolve("t.png").toString()}, 120);
        assertEquals(1, run.code(), run::toString);
        assertEquals(typo + ":4: cannot find symbol: method circel(double)\n", run.err());

        Path boom = write("boom.java", """
                import dev.ariel.shape.*;

                Shape model() {
                    Shape ok = Shapes.circle(0.5);
                    return ok.union(Shapes.circle(-1));
                }
                """);
        ModelException e = assertThrows(ModelException.class, () -> JavaModels.read(boom));
        assertTrue(e.getMessage().startsWith(boom + ":5: IllegalArgumentException: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        Path none = write("none.java", "import dev.ariel.shape.*;\n\nShape shape() { return Shapes.circle(0.5); }\n");
        assertEquals(none + ": has no 'Shape model()' method: write one that returns the shape to render",
                assertThrows(ModelException.class, () -> JavaModels.read(none)).getMessage());
        Path nothing = write("null.java", "import dev.ariel.shape.*;\n\nShape model() { return null; }\n");
        assertEquals(nothing + ": model() returned null, not a shape",
                assertThrows(ModelException.class, () -> JavaModels.read(nothing)).getMessage());
    }

    @Test
    void aSharedProcessRefusesToRunUserCode() throws Exception {
        Path disc = write("disc.java", "import dev.ariel.shape.*;\n\nShape model() { return Shapes.circle(0.5); }\n");
        Invocation shared = Invocation.of(tmp, Map.of(), null, new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream()), new Invocation.Terminal(false, 0), () -> false).inSharedProcess();
        ModelException e = assertThrows(ModelException.class, () -> shared.run(() -> JavaModels.read(Path.of("disc.java"))));
        assertEquals("disc.java: a model written in Java runs in its own process, not in the daemon that other commands "
                + "share: run the command with --no-daemon", e.getMessage());
        assertTrue(Files.exists(disc));
    }
}
