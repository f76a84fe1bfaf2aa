package dev.ariel.wiring;

import dev.ariel.eval.JavaEngine;
import dev.ariel.expr.Opcode;
import dev.ariel.jit.CodeCache;
import dev.ariel.jit.JitBackend;
import dev.ariel.jit.JitEngine;
import dev.ariel.render.Deadline;
import dev.ariel.render.Image;
import dev.ariel.render.RenderModel;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import dev.ariel.volume.CompilePolicy;
import dev.ariel.volume.HeightField;
import dev.ariel.volume.VolumeFrame;
import dev.ariel.volume.VolumeImages;
import dev.ariel.volume.VolumeMode;
import dev.ariel.volume.VolumeOptions;
import dev.ariel.volume.VolumeRenderer;
import dev.ariel.volume.VolumeStats;
import dev.ariel.volume.VolumeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one entry point for 3D frames, as {@link FrameSource} is for 2D: an engine choice, a
 * strategy and their options turned into the images of one model's view volume. The CLI's
 * {@code render3d}, the service's {@code /render3d} and benchmarks use it. Close it to unload
 * what it compiled. Not thread-safe.
 *
 * <p>Engines: {@code interp} interprets every voxel; {@code jit} compiles the whole tape (brute
 * force) or every undecided compile-level box's tape before its leaves (the octree); {@code auto}
 * compiles where {@link VolumeCosts} says the voxels it saves pay for the compile, on this frame
 * and the frames expected after it. Unlike 2D, a single 3D frame is dense enough work that
 * compiling can pay on it, so {@code auto} may load LLVM on the first frame.
 */
public final class VolumeSource implements AutoCloseable {
    private final RenderSettings settings;
    private final VolumeView view;
    private final VolumeMode mode;
    private final boolean ssao;
    private final SsaTape viewTape;
    private final RenderEngine tiers; // the octree with a compiling engine, else null
    private final boolean brute;
    private final boolean ownsTiers; // false when a service lent its engine: closing leaves it open
    private final JitEngine wholeTape; // brute force that compiles, else null
    private final VolumeRenderer renderer;
    private final List<String> warnings = new ArrayList<>();
    private long bruteCompileNanos;
    private int rendered;

    private VolumeSource(RenderSettings s, RenderEngine shared, RenderModel model, VolumeView view, VolumeMode mode,
            boolean ssao) {
        this.settings = s;
        this.ownsTiers = shared == null;
        this.brute = shared == null && s.strategy() == Strategy.BRUTE;
        this.view = view;
        this.mode = mode;
        this.ssao = ssao;
        SsaTape tape = model.tape();
        if (!tape.variables().contains(Opcode.VAR_Z)) {
            warnings.add("reads no var-z: rendering it as a prism (every column is filled where the 2D model is)");
        }
        this.viewTape = view.viewTape(tape);
        int frames = Math.max(1, s.framesExpected());
        if (shared != null) {
            // A service's engine: its tile compiler, code cache and memory bound serve 3D as they serve tiles.
            wholeTape = null;
            tiers = shared.tiered() ? shared : null;
            renderer = tiers == null ? new VolumeRenderer(JavaEngine.INSTANCE, s.threads(), VolumeOptions.defaults())
                    : new VolumeRenderer(tiers.backend(), s.threads(), compiledOptions(s, tiers, frames));
        } else if (s.strategy() == Strategy.BRUTE) {
            tiers = null;
            JitEngine w = compilesWholeTape(frames)
                    ? JitEngine.of(s.compile(), s.diskCache() ? CodeCache.Settings.defaults() : null) : null;
            if (w != null && !w.compiles(viewTape)) {
                warnings.add(String.format(Locale.ROOT, "has %d instructions, over the JIT's budget of %d (--jit-max-ops); "
                        + "rendering with the interpreter", viewTape.length(), s.compile().maxOps()));
                w = null;
            }
            if (w != null) bruteCompileNanos = w.kernel(viewTape, Box.EVERYTHING).stats().totalNanos();
            wholeTape = w;
            renderer = new VolumeRenderer(w == null ? JavaEngine.INSTANCE : JitBackend.of(w, null), s.threads(),
                    VolumeOptions.defaults());
        } else {
            wholeTape = null;
            if (s.engine() == EngineKind.INTERP) {
                tiers = null;
                renderer = new VolumeRenderer(JavaEngine.INSTANCE, s.threads(), VolumeOptions.defaults());
            } else {
                tiers = RenderEngine.openCompiling(s);
                renderer = new VolumeRenderer(tiers.backend(), s.threads(), compiledOptions(s, tiers, frames));
            }
        }
    }

    // The octree on a compiling engine, for the CLI and the service alike: leaves compiled per
    // coarsest box where the policy says so, and gradients interpreted on each box's own tape: a
    // gradient kernel costs several row kernels' compile and serves at most a box's top voxels, so
    // compiling one per box never paid (colonnade at 256: 29.7 s of gradient time compiled, 0.5 s
    // interpreted).
    private static VolumeOptions compiledOptions(RenderSettings s, RenderEngine tiers, int frames) {
        CompilePolicy policy = s.engine() == EngineKind.JIT ? CompilePolicy.ALWAYS
                : CompilePolicy.auto(VolumeCosts.defaults().decider(s.compile(), frames));
        return VolumeOptions.defaults(tiers.backend()).withCompile(policy, 0).withGradientBackend(JavaEngine.INSTANCE)
                .withGradientLevel(-1);
    }

    /** The frames of {@code model} over {@code view}; brute force with a compiling engine compiles the whole tape here. */
    public static VolumeSource open(RenderSettings settings, RenderModel model, VolumeView view, VolumeMode mode,
            boolean ssao) {
        return new VolumeSource(settings, null, model, view, mode, ssao);
    }

    /**
     * The frames of {@code model} over {@code view}, pruned whatever the engine's strategy, on {@code engine}'s backend and tile
     * compiler (a service's, shared by every request; closing this source leaves it open). The
     * images are those {@link #open} gives: every tier computes the same bits.
     */
    public static VolumeSource open(RenderEngine engine, RenderModel model, VolumeView view, VolumeMode mode,
            boolean ssao) {
        return new VolumeSource(engine.settings(), engine, model, view, mode, ssao);
    }

    // Brute force evaluates every column down to its surface: compile when that work, interpreted,
    // would cost more than compiling the whole tape once.
    private boolean compilesWholeTape(int frames) {
        if (settings.engine() == EngineKind.INTERP) return false;
        if (settings.engine() == EngineKind.JIT) return true;
        long voxels = (long) view.width() * view.height() * view.depth() / 2;
        return VolumeCosts.defaults().pays(viewTape, voxels * frames, settings.compile());
    }

    /** Notes for the user, each to follow the model's name (such as a 2D model drawn as a prism). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The tape the frames evaluate: the model's, turned by the view's rotation. */
    public SsaTape viewTape() {
        return viewTape;
    }

    /** Renders the next frame with no time limit. */
    public Frame next() {
        return next(Deadline.NONE);
    }

    /** Renders the next frame, stopping with a {@link dev.ariel.render.RenderTimeoutException} once {@code deadline} passes. */
    public Frame next(Deadline deadline) {
        VolumeFrame f = renderer.renderFrame(viewTape, view, brute, mode.needsGradients(),
                deadline);
        long t0 = System.nanoTime();
        Image image = VolumeImages.of(f.field(), mode, ssao);
        long shade = System.nanoTime() - t0;
        rendered++;
        return new Frame(f.field(), image, f.stats(), shade);
    }

    /** Waits for compiles under way and says what the tiers did. */
    public FrameSource.Summary finish() {
        String label = settings.compile().label();
        if (wholeTape != null) {
            double ms = bruteCompileNanos / 1e6;
            String note = wholeTape.loadedFromDiskCount() > 0
                    ? String.format(Locale.ROOT, ", loaded %s code from the code cache in %.1f ms", label, ms)
                    : String.format(Locale.ROOT, ", compiled at %s in %.1f ms", label, ms);
            return new FrameSource.Summary(bruteCompileNanos, wholeTape.compiledCount(), wholeTape.loadedFromDiskCount(), 0,
                    cacheDirectory(), 0, note, List.of(IrListing.wholeModel(viewTape, Box.EVERYTHING)));
        }
        if (tiers == null) return FrameSource.Summary.NONE;
        var c = tiers.counters();
        String note = c.tapesCompiled() + c.tapesLoaded() == 0 ? ", compiled nothing"
                : String.format(Locale.ROOT, ", compiled %d tapes at %s in %.1f ms of compile threads' time%s", c.tapesCompiled(),
                        label, c.compileNanos() / 1e6, c.tapesLoaded() == 0 ? ""
                                : String.format(Locale.ROOT, ", loaded %d from the code cache", c.tapesLoaded()));
        return new FrameSource.Summary(c.compileNanos(), c.tapesCompiled(), c.tapesLoaded(), c.cacheHits(), cacheDirectory(),
                0, note, List.of(IrListing.wholeModel(viewTape, Box.EVERYTHING)));
    }

    private String cacheDirectory() {
        return settings.diskCache() ? CodeCache.Settings.defaults().directory().toString() : null;
    }

    /** Unloads what this source compiled. */
    @Override
    public void close() {
        if (tiers != null && ownsTiers) tiers.close();
        if (wholeTape != null) wholeTape.close();
    }

    /**
     * One 3D frame.
     *
     * @param field the heights and gradients
     * @param image the picture of the mode asked for
     * @param stats where the render's time went and which tier evaluated the voxels
     * @param shadeNanos turning the field into the image
     */
    public record Frame(HeightField field, Image image, VolumeStats stats, long shadeNanos) {}
}
