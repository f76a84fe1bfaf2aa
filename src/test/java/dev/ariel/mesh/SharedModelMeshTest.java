package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.SharedModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public models (read in place from ../shared/models, skipped where absent) mesh closed and oriented. */
class SharedModelMeshTest {
    @ParameterizedTest
    @ValueSource(strings = {"bear.vm", "colonnade.vm", "tanglecube.vm"})
    void solidModelIsClosedAtLevel5(String name) throws Exception {
        SsaTape tape = Model.read(SharedModels.require(name)).tape();
        Mesh m = Mesher.mesh(tape, MesherTest.at(5).withThreads(2), JavaEngine.INSTANCE);
        MeshChecks.assertClosedManifold(m, name);
        assertTrue(m.triangleCount() > 100 && m.signedVolume() > 0, name + ": " + m.triangleCount() + " triangles");
        assertEquals(0, m.stats().repairedCells(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"prospero.vm", "quarter.vm", "hi.vm"})
    void flatModelMeshesAsACappedPrism(String name) throws Exception {
        SsaTape tape = Model.read(SharedModels.require(name)).tape();
        Mesh m = Mesher.mesh(tape, MesherTest.at(4).withThreads(2), JavaEngine.INSTANCE);
        MeshChecks.assertClosedManifold(m, name);
        MeshChecks.assertPositiveVolume(m, name);
    }
}
