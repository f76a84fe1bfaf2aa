package example;

import dev.ariel.Model;
import dev.ariel.render.MonoImage;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import dev.ariel.wiring.EngineKind;
import dev.ariel.wiring.FrameSource;
import dev.ariel.wiring.RenderSettings;
import dev.ariel.wiring.Strategy;

/** What a library user does with Ariel: a model in code, rendered by the interpreter and the JIT, and evaluated. */
public final class Consumer {
    public static void main(String[] args) throws Exception {
        Model model = Model.parse("""
                _0 var-x
                _1 var-y
                _2 square _0
                _3 square _1
                _4 add _2 _3
                _5 sqrt _4
                _6 const 0.5
                _7 sub _5 _6
                """, "circle.vm");
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
        check(interp.filledCount() > 0.19 * 256 * 256 && interp.filledCount() < 0.2 * 256 * 256,
                "the circle covers pi/16 of the view: " + interp.filledCount());
        check(java.util.Arrays.equals(interp.pixels(), jit.pixels()), "the interpreter and the JIT agree pixel for pixel");
        check(model.valueAt(0.3f, 0.4f, 0) == 0f, "the value at (0.3, 0.4) is 0: " + model.valueAt(0.3f, 0.4f, 0));
        Model.Bounds far = model.boundsOver(0.6f, 0.9f, 0.6f, 0.9f, 0, 0);
        check(far.empty() && far.lower() > 0, "a far box is empty: " + far);
        System.out.printf("consumer ok: %d filled pixels by the interpreter and the JIT, value %.1f at (0.3, 0.4), bounds %s%n",
                interp.filledCount(), model.valueAt(0.3f, 0.4f, 0), far);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer: FAILED: " + what);
            System.exit(1);
        }
    }
}
