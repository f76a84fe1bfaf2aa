package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ariel.eval.JavaEngine;
import dev.ariel.jit.JitBackend;
import dev.ariel.jit.CompileOptions;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.SsaTape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The interpreter and compiled code give the same mesh, byte for byte, in every format. */
class MeshEnginesTest {
    private static final JitBackend JIT = JitBackend.of(CompileOptions.of(OptLevel.O0), 1);

    @AfterAll
    static void close() {
        JIT.close();
    }

    private static void assertSameMesh(SsaTape tape, int level) {
        Mesh interp = Mesher.mesh(tape, MesherTest.at(level), JavaEngine.INSTANCE);
        Mesh jit = Mesher.mesh(tape, MesherTest.at(level).withThreads(2), JIT);
        for (MeshFormat f : MeshFormat.values()) {
            assertArrayEquals(MeshFiles.encode(interp, f), MeshFiles.encode(jit, f), f.name());
        }
    }

    @Test
    void twoBoxesAndSphere() throws Exception {
        assertSameMesh(MesherTest.tape(MesherTest.TWO_BOXES), 4);
        assertSameMesh(MesherTest.tape(MesherTest.SPHERE), 4);
    }

    /**
     * How far interval arithmetic descends inside a block (the leaf size) changes which cells
     * are bounded, never the mesh: cells it would decide have corners that agree and are dropped.
     */
    @Test
    void leafSizeDoesNotChangeTheMesh() throws Exception {
        SsaTape[] tapes = {MesherTest.tape(MesherTest.SPHERE), MesherTest.tape(RandomMeshTest.continuous(4, 12)),
            MesherTest.tape(RandomMeshTest.anyOpcode(5))};
        for (SsaTape tape : tapes) {
            byte[] expected = MeshFiles.encode(Mesher.mesh(tape, MesherTest.at(5), JavaEngine.INSTANCE), MeshFormat.values()[0]);
            for (String leaf : new String[] {"1", "2", "8"}) {
                System.setProperty("ariel.mesh.leaf", leaf);
                try {
                    byte[] got = MeshFiles.encode(Mesher.mesh(tape, MesherTest.at(5), JavaEngine.INSTANCE), MeshFormat.values()[0]);
                    assertArrayEquals(expected, got, "leaf " + leaf);
                } finally {
                    System.clearProperty("ariel.mesh.leaf");
                }
            }
        }
    }

    @Test
    void randomModels() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            assertSameMesh(MesherTest.tape(RandomMeshTest.continuous(seed, 12)), 4);
            assertSameMesh(MesherTest.tape(RandomMeshTest.anyOpcode(seed)), 4);
        }
    }
}
