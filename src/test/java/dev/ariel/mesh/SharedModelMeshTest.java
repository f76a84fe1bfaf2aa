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

    /**
     * Every level from 4 to 8 (16 to 256 cells a side): closed, oriented and with a volume that
     * settles as the cells shrink (within 3% of the level-8 volume from level 6 on).
     */
    @ParameterizedTest
    @ValueSource(strings = {"bear.vm", "colonnade.vm", "tanglecube.vm"})
    void solidModelIsClosedAtLevels4To8(String name) throws Exception {
        SsaTape tape = Model.read(SharedModels.require(name)).tape();
        double[] volume = new double[9];
        for (int level = 4; level <= 8; level++) {
            // tanglecube's solid lies mostly outside [−1, 1]³ (its own comment asks for a wide view).
            MeshSettings at = MesherTest.at(level).withThreads(2);
            if (name.equals("tanglecube.vm")) at = at.withBounds(-3, -3, -3, 3, 3, 3);
            Mesh m = Mesher.mesh(tape, at, JavaEngine.INSTANCE);
            MeshChecks.assertClosedManifold(m, name + " at level " + level);
            assertEquals(0, m.stats().repairedCells(), name);
            volume[level] = m.signedVolume();
            assertTrue(volume[level] > 0, name + " at level " + level);
        }
        for (int level = 6; level < 8; level++) {
            double off = Math.abs(volume[level] / volume[8] - 1);
            assertTrue(off < 0.03, name + ": the volume at level " + level + " is " + volume[level] + ", at 8 " + volume[8]);
        }
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
