package dev.ariel.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.mesh.MeshFiles;
import dev.ariel.mesh.MeshFormat;
import dev.ariel.mesh.MeshSettings;
import dev.ariel.render.Deadline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mesh wiring: which engine each choice takes, its notes, and that the choice never changes the bytes. */
class MeshesTest {
    private static final RenderSettings AUTO = RenderSettings.of(EngineKind.AUTO, Strategy.PRUNED).withDiskCache(false);

    @Test
    void autoCompilesOnlyWhereTheLevelsEvaluationsPayForLlvmAndTwoCompiles() {
        // A torus-sized tape: even 30·4^7 evaluations save less than loading LLVM.
        assertFalse(Meshes.compilePays(15, 7, AUTO));
        assertTrue(Meshes.compilePays(15, 10, AUTO));
        // A large model pays sooner than a small one, and a deeper level sooner than a shallow one.
        assertFalse(Meshes.compilePays(2_000, 3, AUTO));
        assertTrue(Meshes.compilePays(2_000, 7, AUTO));
        for (int ops : new int[] {10, 100, 1_000, 10_000}) {
            for (int level = 1; level < 12; level++) {
                if (Meshes.compilePays(ops, level, AUTO)) assertTrue(Meshes.compilePays(ops, level + 1, AUTO), ops + " at " + level);
            }
        }
    }

    @Test
    void eachChoiceSaysWhetherItCompiledAndGivesTheSameBytes() throws Exception {
        Model torus = Model.read(Path.of("models/torus.vm"));
        MeshSettings at = MeshSettings.defaults().withLevel(4).withThreads(2);
        Meshes.Result interp = Meshes.mesh(AUTO.withThreads(2).withCompile(dev.ariel.jit.CompileOptions.of(dev.ariel.llvm.OptLevel.O0))
                .withDiskCache(false), torus, at, Deadline.NONE);
        assertFalse(interp.compiled(), "auto at level 4 on a small tape interprets");
        RenderSettings jit = RenderSettings.of(EngineKind.JIT, Strategy.PRUNED).withThreads(2).withDiskCache(false)
                .withCompile(dev.ariel.jit.CompileOptions.of(dev.ariel.llvm.OptLevel.O0));
        Meshes.Result compiled = Meshes.mesh(jit, torus, at, Deadline.NONE);
        assertTrue(compiled.compiled());
        assertEquals(List.of(), compiled.notes());
        assertArrayEquals(MeshFiles.encode(interp.mesh(), MeshFormat.PLY), MeshFiles.encode(compiled.mesh(), MeshFormat.PLY));
        Meshes.Result over = Meshes.mesh(jit.withCompile(dev.ariel.jit.CompileOptions.of(dev.ariel.llvm.OptLevel.O0).withMaxOps(3)),
                torus, at, Deadline.NONE);
        assertFalse(over.compiled(), "a tape over the JIT's budget is interpreted");
        assertEquals(1, over.notes().size(), over.notes()::toString);
        assertTrue(over.notes().getFirst().startsWith("has " + torus.tape().length() + " instructions, over the JIT's budget of 3"));
    }

    @Test
    void twoDimensionalAndEmptyModelsGetTheirNotes() throws Exception {
        MeshSettings at = MeshSettings.defaults().withLevel(3).withThreads(1);
        Meshes.Result prism = Meshes.mesh(AUTO, Model.read(Path.of("models/circle.vm")), at, Deadline.NONE);
        assertEquals(List.of("reads no var-z: meshing it as a prism through the bounds, capped at their lowest and highest z"),
                prism.notes());
        assertTrue(prism.mesh().triangleCount() > 0);
        Meshes.Result empty = Meshes.mesh(AUTO, Model.parse("z var-z\nc const 5\nf add z c\n", "empty.vm"), at, Deadline.NONE);
        assertEquals(List.of("is empty throughout the bounds: the mesh has no triangles"), empty.notes());
        assertEquals(0, empty.mesh().vertexCount());
    }
}
