package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.JitBackend;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.Deadline;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The octree and brute force on the LLVM tier: compiled whole-tape rows and gradients for brute
 * force, compiled compile-level boxes for the octree's leaves, and the same field as the
 * interpreter's, bit for bit.
 */
class VolumeJitTest {
    private static final JitBackend BACKEND = JitBackend.of(CompileOptions.of(OptLevel.O0), 1);

    @AfterAll
    static void unload() {
        BACKEND.close();
    }

    private static VolumeOptions options() {
        return VolumeOptions.defaults(BACKEND).withSizes(TileSizes.of(16, 4)).withCompile(CompilePolicy.ALWAYS, 0);
    }

    @Test
    void randomSolidsOnCompiledCodeEqualTheInterpreter() {
        for (long seed = 1; seed <= 3; seed++) {
            SsaTape tape = VolumeOracle.tape(VolumeOracle.csg(seed, 5), "csg-" + seed + ".vm");
            VolumeView view = VolumeView.of(24).withDepth(17);
            VolumeRendererTest.checkAll("jit csg " + seed, BACKEND, options(), tape, view);
            HeightField interp = new VolumeRenderer(JavaEngine.INSTANCE, 1).render(tape, view, true, true, Deadline.NONE);
            VolumeFrame jit = new VolumeRenderer(BACKEND, 2, options()).renderFrame(tape, view, false, true, Deadline.NONE);
            VolumeOracle.assertSameField("jit against the interpreter, csg " + seed, interp, jit.field());
            assertEquals(0, jit.stats().voxelsInterpreted(), "leaves ran compiled code: " + jit.stats());
        }
    }

    @Test
    void sharedModelsOnCompiledCodeEqualTheInterpreter() throws Exception {
        for (String name : new String[] {"bear.vm", "colonnade.vm", "tanglecube.vm"}) {
            SsaTape tape = Model.read(SharedModels.require(name)).tape();
            VolumeView view = VolumeView.of(17).withDepth(9).withScale(name.equals("tanglecube.vm") ? 3 : 1);
            HeightField interp = new VolumeRenderer(JavaEngine.INSTANCE, 1).render(tape, view, true, true, Deadline.NONE);
            VolumeFrame brute = new VolumeRenderer(BACKEND, 2, options()).renderFrame(tape, view, true, true, Deadline.NONE);
            VolumeOracle.assertSameField(name + ": jit brute force", interp, brute.field());
            assertTrue(brute.stats().voxelsCompiled() > 0 && brute.stats().voxelsInterpreted() == 0, "brute force ran compiled rows");
            VolumeFrame pruned = new VolumeRenderer(BACKEND, 2, options()).renderFrame(tape, view, false, true, Deadline.NONE);
            VolumeOracle.assertSameField(name + ": jit octree", interp, pruned.field());
        }
    }
}
