package dev.ariel.wiring;

import dev.ariel.eval.JavaEngine;
import dev.ariel.expr.Opcode;
import dev.ariel.mesh.Mesh;
import dev.ariel.mesh.MeshSettings;
import dev.ariel.mesh.Mesher;
import dev.ariel.render.Deadline;
import dev.ariel.render.RenderModel;
import dev.ariel.tape.SsaTape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that turns an engine choice into a mesh: the CLI's {@code mesh} and the service's
 * {@code /mesh} both call {@link #mesh}.
 *
 * <p>Engines: {@code interp} meshes with {@link JavaEngine}, each octree block on its own pruned
 * tape. {@code jit} meshes with a compiling backend made as {@link RenderEngine#openCompiling}
 * makes it for 3D frames; the mesher then compiles the whole model's tape once, a row kernel and a
 * gradient kernel, and every block shares them (see {@code docs/meshing.md}). {@code auto}
 * compiles when {@link #compilePays} says the evaluations the mesh will need, interpreted, cost
 * more than those two compiles; the mesh is the same bytes whichever it picks.
 */
public final class Meshes {
    /**
     * Point evaluations per cell of one face of the bounds, estimated: a surface as large as one
     * face of the bounds, of A/h² finest cells, evaluates its blocks' 9³ corner lattices (about 17
     * per surface cell, as blocks of 8³ cells hold some 64 of them) and, at its ~1.5 crossing edges
     * per cell, about 6 probes each; so some 27·A/h², rounded up for surfaces larger than a face.
     */
    static final double EVALUATIONS_PER_FACE_CELL = 30;

    /** Loading LLVM's natives in a process, which the first compile pays (about 80 ms here; see the JIT notes). */
    static final double LLVM_LOAD_NANOS = 80e6;

    private Meshes() {}

    /**
     * A mesh and how it was made.
     *
     * @param mesh the triangles
     * @param compiled whether compiled code evaluated it (else the interpreter)
     * @param notes one-line notes for the user, each to follow the model's name (a 2D model meshed
     *     as a prism, an empty mesh, a tape over the JIT's budget)
     */
    public record Result(Mesh mesh, boolean compiled, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** Meshes {@code model} as {@code mesh} says with the engine of {@code settings}; throws a timeout past {@code deadline}. */
    public static Result mesh(RenderSettings settings, RenderModel model, MeshSettings mesh, Deadline deadline) {
        SsaTape tape = model.tape();
        List<String> notes = new ArrayList<>();
        boolean compile = choose(settings, tape, mesh, notes);
        Mesh m;
        if (compile) {
            try (RenderEngine engine = RenderEngine.openCompiling(settings)) {
                m = Mesher.mesh(tape, mesh, engine.backend(), deadline);
            }
        } else {
            m = Mesher.mesh(tape, mesh, JavaEngine.INSTANCE, deadline);
        }
        return result(m, compile, notes);
    }

    /**
     * Meshes {@code model} on a service's shared {@code engine}: its JIT, code cache and memory
     * bound serve meshes as they serve tiles (the whole-tape kernels stay memoised for the next
     * request); the engine's settings choose as {@link #mesh(RenderSettings, RenderModel,
     * MeshSettings, Deadline)} does, and an engine that does not compile interprets. The engine
     * stays open.
     */
    public static Result mesh(RenderEngine engine, RenderModel model, MeshSettings mesh, Deadline deadline) {
        SsaTape tape = model.tape();
        List<String> notes = new ArrayList<>();
        boolean compile = engine.tiered() && choose(engine.settings(), tape, mesh, notes);
        Mesh m = Mesher.mesh(tape, mesh, compile ? engine.backend() : JavaEngine.INSTANCE, deadline);
        return result(m, compile, notes);
    }

    // Whether to compile, adding the notes that choice and the model call for.
    private static boolean choose(RenderSettings settings, SsaTape tape, MeshSettings mesh, List<String> notes) {
        if (!tape.variables().contains(Opcode.VAR_Z)) {
            notes.add("reads no var-z: meshing it as a prism through the bounds, capped at their lowest and highest z");
        }
        boolean compile = compiles(settings, tape, mesh.level());
        if (compile && tape.length() > settings.compile().maxOps()) {
            notes.add(String.format(Locale.ROOT, "has %d instructions, over the JIT's budget of %d (--jit-max-ops); meshing "
                    + "it with the interpreter", tape.length(), settings.compile().maxOps()));
            compile = false;
        }
        return compile;
    }

    private static Result result(Mesh m, boolean compiled, List<String> notes) {
        if (m.triangleCount() == 0) notes.add("is empty throughout the bounds: the mesh has no triangles");
        return new Result(m, compiled, notes);
    }

    // Whether the engine choice compiles this tape at this level.
    private static boolean compiles(RenderSettings settings, SsaTape tape, int level) {
        if (settings.engine() == EngineKind.INTERP) return false;
        if (settings.engine() == EngineKind.JIT) return true;
        return compilePays(tape.length(), level, settings);
    }

    /**
     * {@code auto}'s choice: compiling the whole tape (a row kernel and a gradient kernel, at the
     * settings' level) pays when the interpreter's time for the estimated evaluations,
     * {@link #EVALUATIONS_PER_FACE_CELL} · 4^level of them, less compiled code's time, exceeds the
     * two compiles and loading LLVM, with {@link VolumeCosts}' per-instruction constants. The interpreter's pruned
     * tapes are shorter than the whole tape compiled code runs, which this leaves out: it errs
     * towards compiling only where the saving is large anyway.
     */
    static boolean compilePays(int ops, int level, RenderSettings settings) {
        VolumeCosts costs = VolumeCosts.defaults();
        double evaluations = EVALUATIONS_PER_FACE_CELL * Math.pow(4, level);
        double save = evaluations * ops * (costs.interpPerVoxelOp() - costs.jitPerVoxelOp());
        return save > LLVM_LOAD_NANOS + 2 * costs.compileCost(ops, settings.compile());
    }
}
