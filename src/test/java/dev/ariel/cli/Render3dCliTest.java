package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ariel render3d}, run in-process: its images by the README's conventions, and its one-line usage errors. */
class Render3dCliTest {
    private static final Path TORUS = Path.of("models/torus.vm");
    private static final Path CIRCLE = Path.of("models/circle.vm");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(args, o, e);
        }
        return new Run(code, out.toString(), err.toString());
    }

    // A binary PGM's samples, after checking its header says w × h with maxval d.
    private static int[] pgm(byte[] file, int w, int h, int d) {
        String header = "P5\n" + w + " " + h + "\n" + d + "\n";
        assertEquals(header, new String(file, 0, header.length(), StandardCharsets.US_ASCII));
        int bytes = d > 255 ? 2 : 1;
        assertEquals(header.length() + w * h * bytes, file.length);
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            int at = header.length() + i * bytes;
            out[i] = bytes == 1 ? file[at] & 0xff : (file[at] & 0xff) << 8 | file[at + 1] & 0xff;
        }
        return out;
    }

    @Test
    void aTorusHeightmapHoldsTheHeightsOfItsTopSurface() throws IOException {
        int n = 33, d = 300;
        Path out = tmp.resolve("t.pgm");
        Run r = run("render3d", TORUS.toString(), "-s", "" + n, "--depth", "" + d, "--mode", "heightmap", "-o", out.toString(),
                "--engine", "interp");
        assertEquals(0, r.code(), r::toString);
        int[] h = pgm(Files.readAllBytes(out), n, n, d);
        assertEquals(0, h[16 * n + 16], "the hole at the centre is empty");
        assertEquals(0, h[0], "the corner is empty");
        // Column (x, y) = (0.625, 0): the tube's top is at z = sqrt(0.25² − 0.025²); the height is
        // the largest k with z_k below it, plus one.
        int i = 26; // x = −1 + 2·26/32 = 0.625
        double top = Math.sqrt(0.0625 - 0.025 * 0.025);
        int expected = (int) Math.floor((top + 1) / 2 * (d - 1)) + 1;
        assertEquals(expected, h[16 * n + i], 1, "the ring's top along x");
        assertTrue(r.err().startsWith("wrote " + out + ": 33x33, depth 300"), r::toString);
    }

    @Test
    void theTorusTopFacesTheCameraInItsNormalsAndItsPictureIsLit() throws IOException {
        Path normals = tmp.resolve("n.png");
        Path shaded = tmp.resolve("s.png");
        assertEquals(0, run("render3d", TORUS.toString(), "-s", "65", "--mode", "normals", "-o", normals.toString(), "-q").code());
        assertEquals(0, run("render3d", TORUS.toString(), "-s", "65", "--ssao", "-o", shaded.toString(), "-q").code());
        BufferedImage nimg = ImageIO.read(normals.toFile());
        int ring = nimg.getRGB(32 + 19, 32); // x ≈ 0.59, on the tube's crest
        assertEquals(124, ring >> 16 & 0xff, 1, "x = 0.594 is just inside the crest at 0.6: n_x ≈ −0.025");
        assertEquals(128, ring >> 8 & 0xff, 3);
        assertTrue((ring & 0xff) > 250, "the crest faces the camera");
        assertEquals(0, nimg.getRGB(32, 32) & 0xffffff, "the hole is black");
        BufferedImage simg = ImageIO.read(shaded.toFile());
        assertTrue((simg.getRGB(32 + 19, 32) & 0xffffff) != 0, "the crest is lit");
        assertEquals(0, simg.getRGB(0, 0) & 0xffffff);
    }

    @Test
    void everyEngineAndStrategyWritesTheSameBytes() throws IOException {
        byte[] first = null;
        for (String engine : List.of("interp", "jit", "auto")) {
            for (String strategy : List.of("pruned", "brute")) {
                Path out = tmp.resolve(engine + "-" + strategy + ".png");
                Run r = run("render3d", TORUS.toString(), "-s", "40", "--depth", "37", "--yaw", "30", "--pitch", "20",
                        "--engine", engine, "--strategy", strategy, "-o", out.toString(), "-q");
                assertEquals(0, r.code(), r::toString);
                byte[] bytes = Files.readAllBytes(out);
                if (first == null) first = bytes;
                else assertArrayEquals(first, bytes, engine + " " + strategy);
            }
        }
    }

    @Test
    void aModelWithoutZIsAPrismWithANote() throws IOException {
        Path out = tmp.resolve("c.pgm");
        Run r = run("render3d", CIRCLE.toString(), "-s", "16", "--depth", "9", "--mode", "heightmap", "-o", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(CIRCLE + " reads no var-z: rendering it as a prism (every column is filled where the 2D model is)",
                r.err().lines().findFirst().orElse("").replaceFirst("^ariel: ", ""));
        int[] h = pgm(Files.readAllBytes(out), 16, 16, 9);
        assertEquals(9, h[8 * 16 + 8]);
        assertEquals(0, h[0]);
        Run quiet = run("render3d", CIRCLE.toString(), "-s", "16", "-o", out.toString(), "-q");
        assertEquals("", quiet.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"--depth", "0"}, {"--depth", "1"}, {"--depth", "16385"}, {"--yaw", "NaN"}, {"--pitch", "Infinity"},
            {"--yaw", "north"}, {"--center", "1,2"}, {"--scale", "0"}, {"-s", "0"}, {"--width", "16385"},
            {"--mode", "wireframe"}, {"--engine", "gpu"}, {"--strategy", "random"}, {"--threads", "0"}, {"-N", "0"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 4];
            args[0] = "render3d";
            args[1] = TORUS.toString();
            System.arraycopy(c, 0, args, 2, c.length);
            args[c.length + 2] = "-o";
            args[c.length + 3] = tmp.resolve("never.png").toString();
            Run r = run(args);
            assertEquals(ExitCodes.USAGE, r.code(), () -> String.join(" ", c) + ": " + r);
            assertEquals(1, r.err().lines().count(), () -> String.join(" ", c) + ": " + r);
            assertTrue(r.err().startsWith("ariel: "), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
            assertFalse(Files.exists(tmp.resolve("never.png")));
        }
    }

    @Test
    void aFailedRenderKeepsTheFileThatWasThere() throws IOException {
        Path bad = tmp.resolve("bad.vm");
        Files.writeString(bad, "_0 var-z\n_1 frob _0\n");
        Path out = tmp.resolve("keep.png");
        Files.writeString(out, "precious");
        Run r = run("render3d", bad.toString(), "-s", "8", "-o", out.toString());
        assertEquals(ExitCodes.FAILURE, r.code(), r::toString);
        assertEquals(bad + ":2: unknown opcode 'frob'", r.err().strip());
        assertEquals("precious", Files.readString(out));
    }

    @Test
    void statsJsonIsOneObjectWithTheVoxelCounts() {
        Run r = run("render3d", TORUS.toString(), "-s", "24", "-o", tmp.resolve("s.png").toString(), "--stats=json", "-q");
        assertEquals(0, r.code(), r::toString);
        String json = r.err().strip();
        assertTrue(json.startsWith("{\"model\":") && json.endsWith("}") && !json.contains("\n"), json);
        assertTrue(json.contains("\"depth\":24") && json.contains("\"voxels_interpreted\":"), json);
    }

    @Test
    void emitLlvmListsTheViewsKernel() {
        Run r = run("render3d", TORUS.toString(), "-s", "16", "--emit-llvm", "--engine", "interp");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("define") && r.out().contains("llvm.sqrt"), r::toString);
    }

    @Test
    void theSharedSolidsRender() throws IOException {
        for (String name : List.of("bear.vm", "colonnade.vm", "tanglecube.vm")) {
            Path model = SharedModels.require(name);
            Path out = tmp.resolve(name + ".png");
            Run r = run("render3d", model.toString(), "-s", "48", "-o", out.toString(), "-q");
            assertEquals(0, r.code(), r::toString);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(out)));
            long lit = 0;
            for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) lit += (img.getRGB(x, y) & 0xffffff) != 0 ? 1 : 0;
            assertTrue(lit > 100 && lit < 48 * 48, name + ": " + lit + " lit pixels");
        }
    }
}
