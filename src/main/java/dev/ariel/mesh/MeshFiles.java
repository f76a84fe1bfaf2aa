package dev.ariel.mesh;

import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Encodes meshes as STL (binary or ASCII), OBJ or PLY and writes them through
 * {@link OutputFiles}: atomically, so a failed run never leaves half a file nor destroys the old
 * one. Numbers in the text formats are Java's shortest round-trip float strings, so a reader gets
 * back the exact f32 values and the bytes never depend on the locale.
 */
public final class MeshFiles {
    private MeshFiles() {}

    /** Writes {@code mesh} to {@code path} in {@code format}, as one of the run's {@code outputs}. */
    public static void write(Mesh mesh, Path path, MeshFormat format, OutputFiles outputs) throws IOException {
        outputs.write(path, encode(mesh, format), "the mesh");
    }

    /** The file contents of {@code mesh} in {@code format}. */
    public static byte[] encode(Mesh mesh, MeshFormat format) {
        switch (format) {
            case STL:
                return binaryStl(mesh);
            case STL_ASCII:
                return asciiStl(mesh);
            case OBJ:
                return obj(mesh);
            default:
                return ply(mesh);
        }
    }

    private static byte[] binaryStl(Mesh m) {
        int n = m.triangleCount();
        ByteBuffer b = ByteBuffer.allocate(Math.addExact(84, Math.multiplyExact(50, n))).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = "binary STL written by Ariel".getBytes(StandardCharsets.US_ASCII);
        b.put(header).put(new byte[80 - header.length]);
        b.putInt(n);
        float[] normal = new float[3];
        for (int t = 0; t < n; t++) {
            facetNormal(m, t, normal);
            b.putFloat(normal[0]).putFloat(normal[1]).putFloat(normal[2]);
            for (int c = 0; c < 3; c++) {
                int v = m.corner(t, c);
                b.putFloat(m.vertex(v, 0)).putFloat(m.vertex(v, 1)).putFloat(m.vertex(v, 2));
            }
            b.putShort((short) 0);
        }
        return b.array();
    }

    private static byte[] asciiStl(Mesh m) {
        StringBuilder sb = new StringBuilder(64 + m.triangleCount() * 200);
        sb.append("solid ariel\n");
        float[] normal = new float[3];
        for (int t = 0; t < m.triangleCount(); t++) {
            facetNormal(m, t, normal);
            sb.append("  facet normal ").append(normal[0]).append(' ').append(normal[1]).append(' ').append(normal[2]).append('\n');
            sb.append("    outer loop\n");
            for (int c = 0; c < 3; c++) {
                int v = m.corner(t, c);
                sb.append("      vertex ").append(m.vertex(v, 0)).append(' ').append(m.vertex(v, 1)).append(' ')
                        .append(m.vertex(v, 2)).append('\n');
            }
            sb.append("    endloop\n  endfacet\n");
        }
        sb.append("endsolid ariel\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] obj(Mesh m) {
        StringBuilder sb = new StringBuilder(64 + m.vertexCount() * 60 + m.triangleCount() * 40);
        sb.append("# written by Ariel: ").append(m.vertexCount()).append(" vertices, ").append(m.triangleCount())
                .append(" triangles\n");
        for (int v = 0; v < m.vertexCount(); v++) {
            sb.append("v ").append(m.vertex(v, 0)).append(' ').append(m.vertex(v, 1)).append(' ').append(m.vertex(v, 2)).append('\n');
        }
        for (int v = 0; v < m.vertexCount(); v++) {
            sb.append("vn ").append(m.normal(v, 0)).append(' ').append(m.normal(v, 1)).append(' ').append(m.normal(v, 2)).append('\n');
        }
        for (int t = 0; t < m.triangleCount(); t++) {
            sb.append('f');
            for (int c = 0; c < 3; c++) {
                int v = m.corner(t, c) + 1;
                sb.append(' ').append(v).append("//").append(v);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ply(Mesh m) {
        int nv = m.vertexCount(), nt = m.triangleCount();
        String header = "ply\nformat binary_little_endian 1.0\ncomment written by Ariel\nelement vertex " + nv
                + "\nproperty float x\nproperty float y\nproperty float z\nproperty float nx\nproperty float ny\n"
                + "property float nz\nelement face " + nt + "\nproperty list uchar int vertex_indices\nend_header\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        long size = h.length + 24L * nv + 13L * nt;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(h);
        for (int v = 0; v < nv; v++) {
            for (int c = 0; c < 3; c++) b.putFloat(m.vertex(v, c));
            for (int c = 0; c < 3; c++) b.putFloat(m.normal(v, c));
        }
        for (int t = 0; t < nt; t++) {
            b.put((byte) 3);
            for (int c = 0; c < 3; c++) b.putInt(m.corner(t, c));
        }
        return b.array();
    }

    // The unit normal of triangle t from its corners (counter-clockwise seen from outside).
    private static void facetNormal(Mesh m, int t, float[] out) {
        int a = m.corner(t, 0), b = m.corner(t, 1), c = m.corner(t, 2);
        double ux = (double) m.vertex(b, 0) - m.vertex(a, 0), uy = (double) m.vertex(b, 1) - m.vertex(a, 1);
        double uz = (double) m.vertex(b, 2) - m.vertex(a, 2);
        double wx = (double) m.vertex(c, 0) - m.vertex(a, 0), wy = (double) m.vertex(c, 1) - m.vertex(a, 1);
        double wz = (double) m.vertex(c, 2) - m.vertex(a, 2);
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!(len > 0)) len = 1;
        out[0] = (float) (nx / len);
        out[1] = (float) (ny / len);
        out[2] = (float) (nz / len);
    }
}
