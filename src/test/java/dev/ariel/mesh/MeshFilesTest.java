package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ariel.eval.JavaEngine;
import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers, read back by readers written here from the formats' specifications, and by admesh. */
class MeshFilesTest {
    @TempDir
    Path dir;

    static Mesh twoBoxes() throws Exception {
        return Mesher.mesh(MesherTest.tape(MesherTest.TWO_BOXES), MesherTest.at(4), JavaEngine.INSTANCE);
    }

    /** The triangle soup of a mesh: 9 floats per triangle. */
    static float[] soup(Mesh m) {
        float[] out = new float[9 * m.triangleCount()];
        for (int t = 0; t < m.triangleCount(); t++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) out[9 * t + 3 * c + k] = m.vertex(m.corner(t, c), k);
            }
        }
        return out;
    }

    @Test
    void binaryStlHoldsEveryTriangle() throws Exception {
        Mesh m = twoBoxes();
        ByteBuffer b = ByteBuffer.wrap(MeshFiles.encode(m, MeshFormat.STL)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(84 + 50 * m.triangleCount(), b.remaining());
        b.position(80);
        int n = b.getInt();
        assertEquals(m.triangleCount(), n);
        float[] read = new float[9 * n];
        for (int t = 0; t < n; t++) {
            float nx = b.getFloat(), ny = b.getFloat(), nz = b.getFloat();
            assertEquals(1, Math.sqrt(nx * nx + ny * ny + nz * nz), 1e-5, "facet normal is a unit vector");
            for (int k = 0; k < 9; k++) read[9 * t + k] = b.getFloat();
            // The facet normal agrees with the vertices' winding (counter-clockwise from outside).
            double[] u = {read[9 * t + 3] - read[9 * t], read[9 * t + 4] - read[9 * t + 1], read[9 * t + 5] - read[9 * t + 2]};
            double[] w = {read[9 * t + 6] - read[9 * t], read[9 * t + 7] - read[9 * t + 1], read[9 * t + 8] - read[9 * t + 2]};
            double dot = nx * (u[1] * w[2] - u[2] * w[1]) + ny * (u[2] * w[0] - u[0] * w[2]) + nz * (u[0] * w[1] - u[1] * w[0]);
            assertTrue(dot > 0, "facet " + t + " normal against its winding");
            assertEquals(0, b.getShort());
        }
        assertArrayEquals(soup(m), read);
    }

    @Test
    void asciiStlHoldsTheSameTriangles() throws Exception {
        Mesh m = twoBoxes();
        String text = new String(MeshFiles.encode(m, MeshFormat.STL_ASCII), StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("solid ") && text.strip().endsWith("endsolid ariel"));
        List<Float> vs = new ArrayList<>();
        int facets = 0;
        for (String line : text.split("\n")) {
            String[] w = line.trim().split(" +");
            if (w[0].equals("facet")) facets++;
            if (w[0].equals("vertex")) for (int k = 1; k <= 3; k++) vs.add(Float.parseFloat(w[k]));
        }
        assertEquals(m.triangleCount(), facets);
        float[] read = new float[vs.size()];
        for (int i = 0; i < read.length; i++) read[i] = vs.get(i);
        assertArrayEquals(soup(m), read);
    }

    @Test
    void objAndPlyDescribeTheSameIndexedMesh() throws Exception {
        Mesh m = twoBoxes();
        Mesh obj = readObj(new String(MeshFiles.encode(m, MeshFormat.OBJ), StandardCharsets.US_ASCII));
        Mesh ply = readPly(MeshFiles.encode(m, MeshFormat.PLY));
        for (Mesh r : new Mesh[] {obj, ply}) {
            assertArrayEquals(m.vertices(), r.vertices());
            assertArrayEquals(m.normals(), r.normals());
            assertArrayEquals(m.triangles(), r.triangles());
        }
        MeshChecks.assertClosedManifold(ply, "PLY read back");
    }

    static Mesh readObj(String text) {
        List<Float> v = new ArrayList<>(), n = new ArrayList<>();
        List<Integer> f = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "v" -> { for (int k = 1; k <= 3; k++) v.add(Float.parseFloat(w[k])); }
                case "vn" -> { for (int k = 1; k <= 3; k++) n.add(Float.parseFloat(w[k])); }
                case "f" -> {
                    assertEquals(4, w.length, "triangles only");
                    for (int k = 1; k <= 3; k++) {
                        String[] parts = w[k].split("//");
                        assertEquals(parts[0], parts[1], "vertex and normal indices agree");
                        f.add(Integer.parseInt(parts[0]) - 1);
                    }
                }
                default -> assertTrue(w[0].startsWith("#"), "unexpected line " + line);
            }
        }
        return Mesh.of(floats(v), floats(n), f.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    static Mesh readPly(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.US_ASCII);
        int end = head.indexOf("end_header\n") + "end_header\n".length();
        String[] lines = head.substring(0, end).split("\n");
        assertEquals("ply", lines[0]);
        assertEquals("format binary_little_endian 1.0", lines[1]);
        int nv = -1, nf = -1;
        for (String l : lines) {
            if (l.startsWith("element vertex ")) nv = Integer.parseInt(l.substring(15));
            if (l.startsWith("element face ")) nf = Integer.parseInt(l.substring(13));
        }
        assertTrue(head.contains("property float x\nproperty float y\nproperty float z\nproperty float nx\nproperty float ny\nproperty float nz\n"));
        assertTrue(head.contains("property list uchar int vertex_indices\n"));
        ByteBuffer b = ByteBuffer.wrap(bytes, end, bytes.length - end).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[3 * nv], n = new float[3 * nv];
        for (int i = 0; i < nv; i++) {
            for (int c = 0; c < 3; c++) v[3 * i + c] = b.getFloat();
            for (int c = 0; c < 3; c++) n[3 * i + c] = b.getFloat();
        }
        int[] f = new int[3 * nf];
        for (int i = 0; i < nf; i++) {
            assertEquals(3, b.get());
            for (int c = 0; c < 3; c++) f[3 * i + c] = b.getInt();
        }
        assertEquals(0, b.remaining(), "no bytes after the faces");
        return Mesh.of(v, n, f, null);
    }

    private static float[] floats(List<Float> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }

    @Test
    void writesAtomicallyThroughOutputFiles() throws Exception {
        Mesh m = twoBoxes();
        Path out = dir.resolve("m.ply");
        MeshFiles.write(m, out, MeshFormat.PLY, OutputFiles.unguarded());
        assertArrayEquals(MeshFiles.encode(m, MeshFormat.PLY), Files.readAllBytes(out));
        assertEquals(MeshFormat.STL, MeshFormat.forPath(Path.of("a/B.STL")).orElseThrow());
        assertTrue(MeshFormat.forPath(Path.of("a.png")).isEmpty());
    }

    @Test
    void admeshFindsNoOpenEdgesOrFlippedFacets() throws Exception {
        Path admesh = Path.of("/usr/bin/admesh");
        if (!Files.isExecutable(admesh)) {
            System.err.println("[ariel-tests] skipping: /usr/bin/admesh is absent (apt-get install admesh)");
            assumeTrue(false, "/usr/bin/admesh is absent");
        }
        for (String text : new String[] {MesherTest.TWO_BOXES, MesherTest.SPHERE}) {
            Mesh m = Mesher.mesh(MesherTest.tape(text), MesherTest.at(5), JavaEngine.INSTANCE);
            Path stl = dir.resolve("m.stl");
            MeshFiles.write(m, stl, MeshFormat.STL, OutputFiles.unguarded());
            String report = admesh(admesh, stl);
            assertTrue(report.matches("(?s).*Number of parts\\s*:\\s*1\\b.*"), report);
            assertTrue(report.matches("(?s).*Degenerate facets\\s*:\\s*0\\b.*"), report);
            assertTrue(report.matches("(?s).*Edges fixed\\s*:\\s*0\\b.*"), report);
            assertTrue(report.matches("(?s).*Facets reversed\\s*:\\s*0\\b.*"), report);
            assertTrue(report.matches("(?s).*Backwards edges\\s*:\\s*0\\b.*"), report);
        }
    }

    static String admesh(Path admesh, Path stl) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(admesh.toString(), stl.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
