package example;

import dev.ariel.Model;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import dev.ariel.shape.Shape;
import dev.ariel.shape.Shapes;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;

/** What a library user does with Ariel: a model in code, rendered by the interpreter and the JIT, and evaluated. */
public final class Consumer {
    public static void main(String[] args) throws Exception {
        // A disc of radius 0.5 with a bar blended in and a triangle cut out, as a Java value.
        Shape logo = Shapes.circle(0.5)
                .smoothUnion(Shapes.rectangle(0.9, 0.3).move(0.5, 0), 0.1)
                .difference(Shapes.polygon(-0.2, -0.2, 0.2, -0.2, 0, 0.25));
        Model model = Model.of(logo, "logo");
        Model disc = Model.of(Shapes.circle(0.5));
        View view = View.of(256);
        MonoImage interp = TileRenderer.interpreter().render(model, view);
        MonoImage jit;
        try (FrameSource frames = FrameSource.open(RenderSettings.of(EngineKind.JIT, Strategy.BRUTE).withDiskCache(false),
                model, view, RenderMode.MONO)) {
            jit = ((dev.ariel.render.Frame.Mono) frames.next()).mono();
        } catch (dev.ariel.llvm.LlvmException e) {
            // Run without --enable-native-access: scripts/consumer-check expects this one line.
            System.err.println("consumer: " + e.getMessage());
            System.exit(3);
            return;
        }
        check(interp.filledCount() > 0.19 * 256 * 256, "the logo covers more than the disc's pi/16: " + interp.filledCount());
        check(java.util.Arrays.equals(interp.pixels(), jit.pixels()), "the interpreter and the JIT agree pixel for pixel");
        check(Math.abs(disc.valueAt(0.3f, 0.4f, 0)) < 1e-6f, "the disc's edge passes (0.3, 0.4): " + disc.valueAt(0.3f, 0.4f, 0));
        check(model.valueAt(0, 0.1f, 0) > 0, "the triangle is cut out: " + model.valueAt(0, 0.1f, 0));
        Model.Bounds far = model.boundsOver(0.6f, 0.9f, 0.6f, 0.9f, 0, 0);
        check(far.empty() && far.lower() > 0, "a far box is empty: " + far);
        check(disc.boundsOver(-0.45f, -0.35f, -0.05f, 0.05f, 0, 0).filled(), "a box inside the disc is filled");
        System.out.printf("consumer ok: %d filled pixels by the interpreter and the JIT, bounds %s%n",
                interp.filledCount(), far);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer: FAILED: " + what);
            System.exit(1);
        }
    }
}
