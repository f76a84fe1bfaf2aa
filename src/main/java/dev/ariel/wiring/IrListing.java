package dev.ariel.wiring;

import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.render.Choices;
import dev.ariel.render.CompiledTier;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one listing of compiled kernels that {@code ariel render --emit-llvm} and the service's
 * {@code /ir} print: each kernel's IR (or assembly) headed by a comment naming what it serves.
 */
public final class IrListing {
    private IrListing() {}

    /** The IR before or after the optimization passes. */
    public enum Stage implements Choices.Choice {
        BEFORE(KernelCompiler.Stage.BEFORE),
        AFTER(KernelCompiler.Stage.AFTER);

        private final KernelCompiler.Stage stage;

        Stage(KernelCompiler.Stage stage) {
            this.stage = stage;
        }

        /** {@code before} or {@code after}. */
        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stage named {@code value}; else an {@link IllegalArgumentException} listing the choices in one line. */
        public static Stage parse(String value) {
            return Choices.parse(value, values());
        }
    }

    /**
     * A kernel to list: what it serves, its tape and the box it was specialised for.
     *
     * @param header one comment line, starting with {@code ;}
     */
    public record Kernel(String header, SsaTape tape, Box box) {}

    /** The kernel of a compile-level tile, headed by its size, pixel, box and length. */
    public static Kernel tile(CompiledTier.CompiledTile t, int modelOps) {
        Box b = t.box();
        return new Kernel(String.format(Locale.ROOT,
                "; tile %dx%d px at pixel (%d, %d): x in [%s, %s], y in [%s, %s]; %d instructions of %d",
                t.size(), t.size(), t.x(), t.y(), b.xMin(), b.xMax(), b.yMin(), b.yMax(), t.tape().length(), modelOps),
                t.tape(), b);
    }

    /** Every tile kernel {@code tier} asked to compile, in order (none for a null tier). */
    public static List<Kernel> tiles(CompiledTier tier, int modelOps) {
        List<Kernel> list = new ArrayList<>();
        if (tier != null) {
            for (CompiledTier.CompiledTile t : tier.compiledTiles()) list.add(tile(t, modelOps));
        }
        return list;
    }

    /** The whole model's kernel over {@code box}. */
    public static Kernel wholeModel(SsaTape tape, Box box) {
        return new Kernel("; the whole model over the view, " + tape.length() + " instructions", tape, box);
    }

    /**
     * The IR of {@code kernels} at {@code stage}, after {@code preamble} (empty, or comment lines
     * ending in a newline). {@code between} runs before each kernel is built, so that a caller
     * with a deadline can stop a long listing.
     */
    public static String ir(String preamble, List<Kernel> kernels, CompileOptions options, Stage stage, Runnable between) {
        StringBuilder sb = new StringBuilder(preamble);
        for (Kernel k : kernels) {
            between.run();
            sb.append(k.header()).append('\n').append(ir(k, options, stage)).append('\n');
        }
        return sb.toString();
    }

    /** The host assembly of {@code kernels}, with the IR listing's comments in assembly's {@code #}. */
    public static String assembly(String preamble, List<Kernel> kernels, CompileOptions options) {
        StringBuilder sb = new StringBuilder(preamble.replace(';', '#'));
        for (Kernel k : kernels) {
            sb.append(k.header().replaceFirst(";", "#")).append('\n')
                    .append(assembly(k, options)).append('\n');
        }
        return sb.toString();
    }

    /** One kernel's IR at {@code stage}, without its header. */
    public static String ir(Kernel k, CompileOptions options, Stage stage) {
        return KernelCompiler.ir(k.tape(), k.box(), options, stage.stage);
    }

    /** One kernel's host assembly, without its header. */
    public static String assembly(Kernel k, CompileOptions options) {
        return KernelCompiler.assembly(k.tape(), k.box(), options);
    }

    /** The one-line error for a model over the JIT's op budget, or null if it is within it. */
    public static String overBudget(String source, SsaTape tape, CompileOptions options) {
        if (tape.length() <= options.maxOps()) return null;
        return source + " has " + tape.length() + " instructions, over the JIT's budget of " + options.maxOps();
    }
}
