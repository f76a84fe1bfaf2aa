package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ariel.mesh.Mesh;
import dev.ariel.mesh.MeshReaders;
import dev.ariel.testing.SharedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ariel mesh}, run in-process: each format read back, engines byte for byte, and every bad input's one line. */
class MeshCliTest {
    private static final Path TORUS = Path.of("models/torus.vm");
    private static final Path CIRCLE = Path.of("models/circle.vm");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }

        List<String> lines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        return new Run(code, out.toString(), err.toString());
    }

    private byte[] mesh(Path model, String file, String... extra) throws Exception {
        Path out = tmp.resolve(file);
        String[] args = new String[5 + extra.length];
        args[0] = "mesh";
        args[1] = model.toString();
        args[2] = "-o";
        args[3] = out.toString();
        args[4] = "--threads=2";
        System.arraycopy(extra, 0, args, 5, extra.length);
        Run r = run(args);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().matches("wrote " + java.util.regex.Pattern.quote(out.toString())
                + ": \\d+ triangles, \\d+ vertices \\(level \\d+, read .* ms, mesh .* ms on 2 threads, (interpreted|compiled), "
                + "write .* ms\\)\\R"), r::toString);
        return Files.readAllBytes(out);
    }

    @Test
    void aTorusInEveryFormatIsTheSameClosedMeshOfTheRightVolume() throws Exception {
        Mesh obj = MeshReaders.obj(mesh(TORUS, "t.obj", "--level", "5", "--engine", "interp"));
        Mesh ply = MeshReaders.ply(mesh(TORUS, "t.ply", "--level", "5", "--engine", "interp"));
        float[] stl = MeshReaders.stlSoup(mesh(TORUS, "t.stl", "--level", "5", "--engine", "interp"));
        float[] ascii = MeshReaders.asciiStlSoup(mesh(TORUS, "a.stl", "--level", "5", "--engine", "interp", "--ascii"));
        float[] named = MeshReaders.stlSoup(mesh(TORUS, "t.mesh", "--level", "5", "--engine", "interp", "--format", "stl"));
        MeshReaders.assertClosedManifold(obj, "torus OBJ");
        assertArrayEquals(obj.vertices(), ply.vertices());
        assertArrayEquals(obj.normals(), ply.normals());
        assertArrayEquals(obj.triangles(), ply.triangles());
        assertArrayEquals(MeshReaders.soup(obj), stl);
        assertArrayEquals(stl, ascii);
        assertArrayEquals(stl, named);
        // Tube radius 0.25 about a circle of radius 0.6: volume 2π²·0.6·0.25², within 3% at 32 cells a side.
        double exact = 2 * Math.PI * Math.PI * 0.6 * 0.0625;
        assertEquals(exact, obj.signedVolume(), 0.03 * exact);
        assertTrue(obj.triangleCount() > 1000, "a torus at level 5 has thousands of triangles: " + obj.triangleCount());
    }

    @Test
    void admeshAcceptsTheTorus() throws Exception {
        Path admesh = Path.of("/usr/bin/admesh");
        if (!Files.isExecutable(admesh)) {
            System.err.println("[ariel-tests] skipping: /usr/bin/admesh is absent (apt-get install admesh)");
            assumeTrue(false, "/usr/bin/admesh is absent");
        }
        mesh(TORUS, "t.stl", "--level", "5", "--engine", "interp");
        String report = MeshReaders.admesh(admesh, tmp.resolve("t.stl"));
        for (String field : List.of("Degenerate facets", "Edges fixed", "Facets removed", "Facets reversed", "Backwards edges")) {
            assertTrue(report.matches("(?s).*" + field + "\\s*:\\s*0\\b.*"), field + ":\n" + report);
        }
        assertTrue(report.matches("(?s).*Number of parts\\s*:\\s*1\\b.*"), report);
    }

    @Test
    void everyEngineWritesTheSameBytes() throws Exception {
        byte[] interp = mesh(TORUS, "i.ply", "--level", "4", "--engine", "interp");
        byte[] jit = mesh(TORUS, "j.ply", "--level", "4", "--engine", "jit", "-O", "0", "--no-cache");
        byte[] auto = mesh(TORUS, "a.ply", "--level", "4", "--engine", "auto", "--no-cache");
        assertArrayEquals(interp, jit, "jit");
        assertArrayEquals(interp, auto, "auto");
    }

    @Test
    void theBearAtLevelFiveIsWatertight() throws Exception {
        Path bear = SharedModels.require("bear.vm");
        Mesh m = MeshReaders.ply(mesh(bear, "bear.ply", "--level", "5", "--engine", "interp"));
        MeshReaders.assertClosedManifold(m, "bear L5");
        assertTrue(m.signedVolume() > 0, "outward: " + m.signedVolume());
    }

    @Test
    void statsSayWhereTheWorkWent() throws Exception {
        Path out = tmp.resolve("s.stl");
        Run json = run("mesh", TORUS.toString(), "-o", out.toString(), "--level", "3", "--engine", "interp", "-q",
                "--stats=json");
        assertEquals(0, json.code(), json::toString);
        assertEquals(1, json.lines().size(), json::toString);
        String j = json.lines().getFirst();
        for (String key : List.of("\"level\":3", "\"engine\":\"interp\"", "\"compiled\":false", "\"triangles\":",
                "\"cells_per_depth\":[1,", "\"split_cells\":", "\"octree_ms\":", "\"format\":\"stl\"")) {
            assertTrue(j.contains(key), key + " in " + j);
        }
        Run text = run("mesh", TORUS.toString(), "-o", tmp.resolve("s2.stl").toString(), "--level", "3", "--engine", "interp",
                "-q", "--stats");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.err().contains("cells       per depth 1 "), text::toString);
        assertTrue(text.err().matches("(?s).*mesh        \\d+ triangles, \\d+ vertices.*"), text::toString);
    }

    @Test
    void aModelWithoutZIsACappedPrismWithANote() throws Exception {
        Path out = tmp.resolve("c.obj");
        Run r = run("mesh", CIRCLE.toString(), "-o", out.toString(), "--level", "5", "--engine", "interp");
        assertEquals(0, r.code(), r::toString);
        assertEquals(2, r.lines().size(), r::toString);
        assertEquals("ariel: " + CIRCLE + " reads no var-z: meshing it as a prism through the bounds, capped at their lowest "
                + "and highest z", r.lines().getFirst());
        Mesh m = MeshReaders.obj(Files.readAllBytes(out));
        MeshReaders.assertClosedManifold(m, "prism");
        double exact = Math.PI * 0.5625 * 2; // the disc of radius 0.75 through z in [-1, 1]
        assertEquals(exact, m.signedVolume(), 0.04 * exact);
    }

    @Test
    void anEmptyModelGivesAnEmptyMeshAndANote() throws Exception {
        Path model = tmp.resolve("empty.vm");
        Files.writeString(model, "z var-z\nc const 5\nf add z c\n");
        Path out = tmp.resolve("e.stl");
        Run r = run("mesh", model.toString(), "-o", out.toString(), "--level", "3");
        assertEquals(0, r.code(), r::toString);
        assertEquals("ariel: " + model + " is empty throughout the bounds: the mesh has no triangles", r.lines().getFirst());
        assertTrue(r.lines().get(1).startsWith("wrote " + out + ": 0 triangles, 0 vertices"), r::toString);
        assertEquals(84, Files.size(out), "an STL header and a zero count");
        Run quiet = run("mesh", model.toString(), "-o", tmp.resolve("q.stl").toString(), "--level", "3", "-q");
        assertEquals("", quiet.err(), "-q silences the note too");
    }

    private void assertUsage(String expected, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.lines().size(), r::toString);
        assertEquals("ariel: " + expected + " (see 'ariel mesh --help')", r.lines().getFirst());
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        String out = tmp.resolve("x.stl").toString();
        String t = TORUS.toString();
        assertUsage("--level must be 1..12, not 0", "mesh", t, "-o", out, "--level", "0");
        assertUsage("--level must be 1..12, not 13", "mesh", t, "-o", out, "--level", "13");
        assertUsage("--bounds needs X0 < X1, Y0 < Y1 and Z0 < Z1", "mesh", t, "-o", out, "--bounds", "1,-1,-1,-1,1,1");
        assertUsage("--bounds needs X0 < X1, Y0 < Y1 and Z0 < Z1", "mesh", t, "-o", out, "--bounds", "-1,-1,0,1,1,0");
        assertUsage("--bounds must be finite numbers", "mesh", t, "-o", out, "--bounds", "-1,-1,-1,1,NaN,1");
        assertUsage("--bounds must be finite numbers", "mesh", t, "-o", out, "--bounds", "-Infinity,-1,-1,1,1,1");
        assertUsage("--bounds must span a finite box, each side below 1.7e308", "mesh", t, "-o", out, "--bounds",
                "-1e308,-1,-1,1e308,1,1");
        assertUsage("--bounds and --level 12 give cells of 2.44e-304, too small for f32 coordinates up to 1.00e-300: use "
                + "larger bounds or a lower level", "mesh", t, "-o", out, "--bounds", "0,0,0,1e-300,1e-300,1e-300", "--level", "12");
        Run subnormal = run("mesh", t, "-o", out, "--bounds", "0,0,0,1e-320,1e-320,1e-320", "--level", "12");
        assertEquals(2, subnormal.code(), subnormal::toString);
        assertEquals(1, subnormal.lines().size(), subnormal::toString);
        assertUsage("--bounds and --level 3 give cells of 1.25e-08, too small for f32 coordinates up to 0.600: use larger "
                + "bounds or a lower level", "mesh", t, "-o", out, "--bounds", "0.6,0,0,0.6000001,1e-7,1e-7", "--level", "3");
        assertUsage("--bounds and --level 2 give cells of 2.50e+307, too small for f32 coordinates up to 1.00e+308: use "
                + "larger bounds or a lower level", "mesh", t, "-o", out, "--bounds", "-1,-1,-1,1e308,1,1", "--level", "2");
        assertUsage("Invalid value for option '--bounds': expected X0,Y0,Z0,X1,Y1,Z1, such as -1,-1,-1,1,1,1, not '1,2,3'",
                "mesh", t, "-o", out, "--bounds", "1,2,3");
        assertUsage("Invalid value for option '--format': expected stl, stl-ascii, obj or ply, not '3mf'", "mesh", t, "-o", out,
                "--format", "3mf");
        assertUsage("--ascii applies to STL only, not OBJ", "mesh", t, "-o", tmp.resolve("x.obj").toString(), "--ascii");
        assertUsage("cannot tell the mesh format of '" + tmp.resolve("x.png") + "': use a .stl, .obj or .ply file name, or "
                + "--format", "mesh", t, "-o", tmp.resolve("x.png").toString());
        assertUsage("--threads must be at least 1, not 0", "mesh", t, "-o", out, "--threads", "0");
        assertUsage("--stats takes no value or =json, not 'xml'", "mesh", t, "-o", out, "--stats=xml");
        assertFalse(Files.exists(tmp.resolve("x.stl")), "no usage error writes a file");
        // The default bounds allow every level; a box far from the origin allows fewer.
        assertEquals(0, run("mesh", t, "-o", out, "-q", "--level", "1", "--bounds", "1000,1000,1000,1001,1001,1001").code());
    }

    @Test
    void anOutputThatCannotBeWrittenIsExitOneAndDestroysNothing() throws Exception {
        Run r = run("mesh", TORUS.toString(), "-o", tmp.resolve("no/such/dir/t.stl").toString(), "--level", "2");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.lines().size(), r::toString);
        assertTrue(r.err().startsWith("ariel: cannot write " + tmp.resolve("no/such/dir/t.stl")), r::toString);
        // The model itself is never overwritten, and a bad model leaves the old output alone.
        Path copy = tmp.resolve("torus.stl");
        Files.copy(TORUS, copy);
        Run over = run("mesh", copy.toString(), "-o", copy.toString(), "--format", "stl", "--level", "2");
        assertEquals(1, over.code(), over::toString);
        assertEquals(1, over.lines().size(), over::toString);
        assertArrayEquals(Files.readAllBytes(TORUS), Files.readAllBytes(copy));
        Path old = tmp.resolve("old.stl");
        Files.writeString(old, "keep me");
        Path bad = tmp.resolve("bad.vm");
        Files.writeString(bad, "x var-x\ny frobnicate x\n");
        Run broken = run("mesh", bad.toString(), "-o", old.toString());
        assertEquals(1, broken.code(), broken::toString);
        assertEquals(1, broken.lines().size(), broken::toString);
        assertTrue(broken.err().startsWith(bad + ":2:"), broken::toString);
        assertEquals("keep me", Files.readString(old, StandardCharsets.UTF_8));
    }
}
