package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.Backend;
import dev.ariel.eval.JavaEngine;
import dev.ariel.mesh.Mesh;
import dev.ariel.mesh.MeshSettings;
import dev.ariel.mesh.MeshStats;
import dev.ariel.mesh.Mesher;
import dev.ariel.tape.SsaTape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 18's mesh table: per model, level and engine, the median wall time of interleaved rounds
 * in a warm JVM (one warm-up mesh each first), its phases (octree, edges, vertices, faces), the
 * triangle count and the heap in use after the mesh.
 * Usage: {@code MeshTable ROUNDS LEVELS(6,7,8) ENGINES(interp,jit) THREADS MODEL...}.
 */
public final class MeshTable {
    private MeshTable() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int[] levels = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        String[] engines = args[2].split(",");
        int threads = Integer.parseInt(args[3]);
        dev.ariel.jit.JitBackend jit = null;
        for (String e : engines) {
            if (e.equals("jit")) jit = dev.ariel.jit.JitBackend.of(dev.ariel.jit.CompileOptions.of(dev.ariel.llvm.OptLevel.O1), threads);
        }
        System.out.printf(Locale.ROOT, "%-12s %5s %-6s %10s %9s %8s %8s %8s %8s %8s%n", "model", "level", "engine",
                "triangles", "median s", "octree", "edges", "verts", "faces", "heap MB");
        for (int m = 4; m < args.length; m++) {
            SsaTape tape = Model.read(Path.of(args[m])).tape();
            String name = Path.of(args[m]).getFileName().toString().replace(".vm", "");
            for (int level : levels) {
                MeshSettings s = new MeshSettings(level, -1, -1, -1, 1, 1, 1, threads);
                for (String e : engines) {
                    Backend b = e.equals("jit") ? jit : JavaEngine.INSTANCE;
                    Mesher.mesh(tape, s, b);
                    long[][] t = new long[5][rounds];
                    long triangles = 0, heap = 0;
                    for (int r = 0; r < rounds; r++) {
                        long t0 = System.nanoTime();
                        Mesh mesh = Mesher.mesh(tape, s, b);
                        t[0][r] = System.nanoTime() - t0;
                        MeshStats st = mesh.stats();
                        t[1][r] = st.octreeNanos();
                        t[2][r] = st.edgeNanos();
                        t[3][r] = st.vertexNanos();
                        t[4][r] = st.faceNanos();
                        triangles = mesh.triangleCount();
                        Runtime rt = Runtime.getRuntime();
                        heap = Math.max(heap, rt.totalMemory() - rt.freeMemory());
                    }
                    double[] med = new double[5];
                    for (int p = 0; p < 5; p++) {
                        Arrays.sort(t[p]);
                        med[p] = t[p][rounds / 2] / 1e9;
                    }
                    System.out.printf(Locale.ROOT, "%-12s %5d %-6s %,10d %9.3f %8.3f %8.3f %8.3f %8.3f %8d%n", name, level, e,
                            triangles, med[0], med[1], med[2], med[3], med[4], heap >> 20);
                }
            }
        }
        if (jit != null) jit.close();
    }
}
