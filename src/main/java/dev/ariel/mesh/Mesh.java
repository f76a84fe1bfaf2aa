package dev.ariel.mesh;

/**
 * An immutable triangle mesh: vertex positions (x, y, z per vertex), a unit normal per vertex,
 * and triangles as three vertex indices each, counter-clockwise seen from outside. The arrays
 * handed out are copies; {@link MeshFiles} reads them in place.
 */
public final class Mesh {
    private final float[] vertices;
    private final float[] normals;
    private final int[] triangles;
    private final MeshStats stats;

    Mesh(float[] vertices, float[] normals, int[] triangles, MeshStats stats) {
        if (vertices.length % 3 != 0 || normals.length != vertices.length || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("vertices, normals and triangles must come in threes");
        }
        this.vertices = vertices;
        this.normals = normals;
        this.triangles = triangles;
        this.stats = stats;
    }

    /** A mesh of these arrays (copied), for writers and tests. */
    public static Mesh of(float[] vertices, float[] normals, int[] triangles, MeshStats stats) {
        return new Mesh(vertices.clone(), normals.clone(), triangles.clone(), stats);
    }

    /** How many vertices. */
    public int vertexCount() {
        return vertices.length / 3;
    }

    /** How many triangles. */
    public int triangleCount() {
        return triangles.length / 3;
    }

    /** The positions, x y z per vertex (a copy). */
    public float[] vertices() {
        return vertices.clone();
    }

    /** The unit normals, x y z per vertex (a copy). */
    public float[] normals() {
        return normals.clone();
    }

    /** The triangles, three vertex indices each (a copy). */
    public int[] triangles() {
        return triangles.clone();
    }

    /** Coordinate {@code c} (0..2) of vertex {@code v}. */
    public float vertex(int v, int c) {
        return vertices[3 * v + c];
    }

    /** Component {@code c} of vertex {@code v}'s normal. */
    public float normal(int v, int c) {
        return normals[3 * v + c];
    }

    /** Corner {@code c} (0..2) of triangle {@code t}. */
    public int corner(int t, int c) {
        return triangles[3 * t + c];
    }

    /** Where the work went (null for a mesh made by {@link #of} without stats). */
    public MeshStats stats() {
        return stats;
    }

    /** The volume the triangles enclose, positive for an outward-facing closed mesh (divergence theorem, in double). */
    public double signedVolume() {
        double sum = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double ax = vertices[a], ay = vertices[a + 1], az = vertices[a + 2];
            double bx = vertices[b], by = vertices[b + 1], bz = vertices[b + 2];
            double cx = vertices[c], cy = vertices[c + 1], cz = vertices[c + 2];
            sum += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
        }
        return sum / 6;
    }
}
