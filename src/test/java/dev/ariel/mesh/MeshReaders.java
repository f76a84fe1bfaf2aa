package dev.ariel.mesh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The mesh tests' readers and checks, public for the CLI's and the service's tests in other packages. */
public final class MeshReaders {
    private MeshReaders() {}

    /** An OBJ file read back by the spec-written reader of {@link MeshFilesTest}. */
    public static Mesh obj(byte[] bytes) {
        return MeshFilesTest.readObj(new String(bytes, StandardCharsets.US_ASCII));
    }

    /** A binary little-endian PLY file read back by {@link MeshFilesTest}'s reader. */
    public static Mesh ply(byte[] bytes) {
        return MeshFilesTest.readPly(bytes);
    }

    /**
     * A binary STL file as a triangle soup, 9 floats per facet, after checking its size matches
     * its facet count and each attribute word is zero.
     */
    public static float[] stlSoup(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt(80);
        if (bytes.length != 84 + 50L * n) throw new AssertionError("STL of " + n + " facets has " + bytes.length + " bytes");
        float[] out = new float[9 * n];
        b.position(84);
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < 3; k++) b.getFloat(); // the facet normal
            for (int k = 0; k < 9; k++) out[9 * t + k] = b.getFloat();
            if (b.getShort() != 0) throw new AssertionError("facet " + t + " has a non-zero attribute");
        }
        return out;
    }

    /** An ASCII STL file as a triangle soup, 9 floats per facet. */
    public static float[] asciiStlSoup(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.startsWith("solid ") || !text.strip().endsWith("endsolid ariel")) throw new AssertionError("not ASCII STL");
        java.util.List<Float> v = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("vertex ")) for (String w : s.substring(7).split(" ")) v.add(Float.parseFloat(w));
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    /** The soup of an indexed mesh, 9 floats per triangle. */
    public static float[] soup(Mesh m) {
        return MeshFilesTest.soup(m);
    }

    /** Fails unless every edge has exactly two triangles, each directed once, none of zero area, no pinched vertex. */
    public static void assertClosedManifold(Mesh m, String what) {
        MeshChecks.assertClosedManifold(m, what);
    }

    /** admesh's report on {@code stl}, after checking it exited 0. */
    public static String admesh(Path admesh, Path stl) throws IOException, InterruptedException {
        return MeshFilesTest.admesh(admesh, stl);
    }
}
