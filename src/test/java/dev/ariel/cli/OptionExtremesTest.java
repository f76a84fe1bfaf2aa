package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import dev.ariel.serve.ArielServer;
import dev.ariel.serve.ServeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every numeric option of every command, driven with the values that break code: 0, −1, 1, the
 * largest int and long, 1e308, NaN and the infinities. A run passes only as exit 0 with a correct
 * result (for {@code render}, the image equal to a brute-force render of the same view; for
 * {@code serve}, a tile of an uploaded model equal to the default service's) or as exit 1 or 2 with exactly one line on
 * stderr, and never as an internal error or an out-of-memory on a tiny image.
 *
 * <p>The options are found in the command tree itself, so a new numeric option fails this test
 * until it has a driver here. The CLI runs in-process through {@link Cli#run}, {@code serve} too
 * when it refuses its options; a service it would start is configured as {@code ServeCommand}
 * configures it and started in-process on an ephemeral port, and serves one tile.
 */
class OptionExtremesTest {
    static final List<String> EXTREMES = List.of("0", "-1", "1", Integer.toString(Integer.MAX_VALUE),
            Long.toString(Long.MAX_VALUE), "1e308", "NaN", "Infinity", "-Infinity");

    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class, double.class,
            Double.class, Converters.Point.class, Converters.Point3.class, Converters.Bounds.class, dev.ariel.render.TileSizes.class, dev.ariel.wiring.CompileSettings.Level.class);

    /** Options that take a number in some form, per command, as the command tree declares them. */
    private static Set<String> numericOptions(String command) {
        Set<String> names = new TreeSet<>();
        CommandLine sub = Cli.fullTree().getSubcommands().get(command);
        for (OptionSpec o : sub.getCommandSpec().options()) {
            if (NUMERIC.contains(o.type())) names.add(o.longestName());
        }
        return names;
    }

    /** The values an option is driven with: a point takes each extreme on either axis. */
    private static List<String> valuesFor(String option) {
        if (!option.equals("--center")) return EXTREMES;
        List<String> v = new ArrayList<>();
        for (String e : EXTREMES) v.addAll(List.of(e + ",0", "0," + e));
        return v;
    }

    /** The values a 3D option is driven with: a centre takes each extreme on each of its three axes. */
    private static List<String> valuesFor3d(String option) {
        if (!option.equals("--center")) return EXTREMES;
        List<String> v = new ArrayList<>();
        for (String e : EXTREMES) v.addAll(List.of(e + ",0,0", "0," + e + ",0", "0,0," + e));
        return v;
    }

    @TempDir
    Path tmp;

    private final List<String> failures = new ArrayList<>();

    @Test
    void everyCommandsNumericOptionsAreDriven() {
        // The drivers below name these; a new option must be added to one of them.
        assertEquals(Set.of("--center", "--compile-tile", "--frames", "--height", "--jit-max-ops", "--scale", "--size",
                "--threads", "--tiles", "--width", "--z", "-O"), numericOptions("render"));
        assertEquals(Set.of("--center", "--depth", "--frames", "--height", "--jit-max-ops", "--pitch", "--scale", "--size",
                "--threads", "--width", "--yaw", "-O"), numericOptions("render3d"));
        assertEquals(Set.of("--bounds", "--jit-max-ops", "--level", "--threads", "-O"), numericOptions("mesh"));
        assertEquals(Set.of("--jit-max-ops", "-O"), numericOptions("info"));
        assertEquals(Set.of("--runs", "--size", "--threads"), numericOptions("compare"));
        assertEquals(Set.of("--budget-ms", "--code-mb", "--compile-tile", "--grace", "--header-timeout-ms", "--idle-timeout",
                "--jit-max-ops", "--max-body-mb", "--max-client-connections", "--max-connections", "--max-image",
                "--max-models", "--max-ops", "--max-queue", "--max-renders", "--max-zoom", "--min-body-rate", "--model-ttl",
                "--port", "--threads", "--tile-cache-mb", "--tiles", "-O"), numericOptions("serve"));
        assertEquals(Set.of(), numericOptions("cache"));
        assertEquals(Set.of(), numericOptions("env"));
    }

    @Test
    void aJitBudgetBelowOneInstructionIsTheSameUsageErrorInEveryCommand() {
        // It was clamped to 1 by one path and meant "interpret everything" to a reader of another.
        for (String[] args : List.of(new String[] {"render", "-s", "8", "--jit-max-ops", "-1", "-o", "/dev/null"},
                new String[] {"info", "--jit-max-ops", "0"}, new String[] {"serve", "--port", "0", "--jit-max-ops", "-1"})) {
            FuzzTest.Run run = FuzzTest.runCli(args, 30);
            assertEquals(2, run.code(), () -> String.join(" ", args) + ": " + run);
            assertTrue(run.err().contains("the JIT's budget must be at least 1 instruction"), () -> String.join(" ", args) + ": " + run);
            assertEquals(1, run.err().lines().count(), () -> String.join(" ", args) + ": " + run);
        }
    }

    @Test
    void renderOptionsAtTheirExtremes() throws Exception {
        Model bundled = Model.bundled();
        for (String option : numericOptions("render")) {
            for (String value : valuesFor(option)) {
                Path out = tmp.resolve("out.pgm");
                Files.deleteIfExists(out);
                List<String> args = new ArrayList<>(List.of("render", "-q", "-o", out.toString()));
                boolean sized = option.equals("--size");
                if (!sized) args.addAll(List.of("-s", "8"));
                // The JIT's own options matter only when it compiles.
                if (Set.of("-O", "--jit-max-ops", "--compile-tile").contains(option)) args.addAll(List.of("--engine", "jit"));
                args.addAll(List.of(option, value));
                FuzzTest.Run run = FuzzTest.runCli(args.toArray(String[]::new), 60);
                String label = String.join(" ", args.subList(4, args.size()));
                if (!usageOrFailure(label, run) && run.code() == 0) {
                    View view = expectedView(option, value);
                    byte[] expected = pgm(view, new Renderer(JavaEngine.INSTANCE, 1).render(bundled, view).pixels());
                    if (!Arrays.equals(expected, Files.readAllBytes(out))) {
                        failures.add(label + ": exit 0, but the image differs from a brute-force render of " + view);
                    }
                } else if (run.code() == 0) {
                    failures.add(label + ": exit 0 with output on stderr: " + run.err());
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void render3dOptionsAtTheirExtremes() throws Exception {
        for (String option : numericOptions("render3d")) {
            for (String value : valuesFor3d(option)) {
                Path out = tmp.resolve("out.pgm");
                Files.deleteIfExists(out);
                List<String> args = new ArrayList<>(List.of("render3d", "models/torus.vm", "-q", "--mode", "heightmap"));
                if (!option.equals("--size")) args.addAll(List.of("-s", "8"));
                if (!option.equals("--depth")) args.addAll(List.of("--depth", "8"));
                if (Set.of("-O", "--jit-max-ops").contains(option)) args.addAll(List.of("--engine", "jit"));
                args.addAll(List.of(option, value));
                List<String> reference = new ArrayList<>(args);
                args.addAll(List.of("-o", out.toString()));
                FuzzTest.Run run = FuzzTest.runCli(args.toArray(String[]::new), 60);
                String label = String.join(" ", args.subList(5, args.size() - 2));
                if (!usageOrFailure(label, run) && run.code() == 0) {
                    // The same view by brute force in the interpreter, an independent path, must agree.
                    Path ref = tmp.resolve("ref.pgm");
                    reference.remove("--engine");
                    reference.remove("jit");
                    reference.addAll(List.of("--engine", "interp", "--strategy", "brute", "-o", ref.toString()));
                    FuzzTest.Run r2 = FuzzTest.runCli(reference.toArray(String[]::new), 60);
                    if (r2.code() != 0 || !Arrays.equals(Files.readAllBytes(ref), Files.readAllBytes(out))) {
                        failures.add(label + ": exit 0, but the heightmap differs from brute force's (" + r2 + ")");
                    }
                }
            }
        }
        assertNoFailures();
    }

    /** The values a mesh option is driven with: bounds take each extreme in each of their six places. */
    private static List<String> valuesForMesh(String option) {
        if (!option.equals("--bounds")) return EXTREMES;
        List<String> v = new ArrayList<>();
        for (String e : EXTREMES) {
            for (int k = 0; k < 6; k++) {
                String[] b = {"-1", "-1", "-1", "1", "1", "1"};
                b[k] = e;
                v.add(String.join(",", b));
            }
        }
        return v;
    }

    @Test
    void meshOptionsAtTheirExtremes() throws Exception {
        for (String option : numericOptions("mesh")) {
            for (String value : valuesForMesh(option)) {
                Path out = tmp.resolve("out.ply");
                Files.deleteIfExists(out);
                List<String> args = new ArrayList<>(List.of("mesh", "models/torus.vm", "-q", "--no-cache"));
                if (!option.equals("--level")) args.addAll(List.of("--level", "2"));
                if (Set.of("-O", "--jit-max-ops").contains(option)) args.addAll(List.of("--engine", "jit"));
                args.addAll(List.of(option, value));
                List<String> reference = new ArrayList<>(args);
                args.addAll(List.of("-o", out.toString()));
                FuzzTest.Run run = FuzzTest.runCli(args.toArray(String[]::new), 120);
                String label = String.join(" ", args.subList(4, args.size() - 2));
                if (!usageOrFailure(label, run) && run.code() == 0) {
                    // The interpreter on one thread, the reference path, must write the same bytes.
                    Path ref = tmp.resolve("ref.ply");
                    reference.remove("--engine");
                    reference.remove("jit");
                    if (option.equals("--threads")) reference.removeAll(List.of("--threads", value));
                    reference.addAll(List.of("--engine", "interp", "--threads", "1", "-o", ref.toString()));
                    FuzzTest.Run r2 = FuzzTest.runCli(reference.toArray(String[]::new), 120);
                    if (r2.code() != 0 || !Arrays.equals(Files.readAllBytes(ref), Files.readAllBytes(out))) {
                        failures.add(label + ": exit 0, but the mesh differs from the interpreter's on one thread (" + r2 + ")");
                    } else {
                        dev.ariel.mesh.MeshReaders.assertClosedManifold(dev.ariel.mesh.MeshReaders.ply(Files.readAllBytes(out)), label);
                    }
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void infoAndCompareOptionsAtTheirExtremes() {
        for (String option : numericOptions("info")) {
            for (String value : EXTREMES) {
                FuzzTest.Run run = FuzzTest.runCli(new String[] {"info", "--jit", option, value}, 60);
                String label = "info --jit " + option + " " + value;
                if (!usageOrFailure(label, run) && (run.code() != 0 || !run.out().contains("ops"))) {
                    failures.add(label + ": " + run);
                }
            }
        }
        for (String option : numericOptions("compare")) {
            for (String value : EXTREMES) {
                List<String> args = new ArrayList<>(List.of("compare", "-q", "--levels", "O0", "--strategy", "brute",
                        "--format", "csv"));
                if (!option.equals("--size")) args.addAll(List.of("-s", "8"));
                if (!option.equals("--runs")) args.addAll(List.of("--runs", "1"));
                args.addAll(List.of(option, value));
                FuzzTest.Run run = FuzzTest.runCli(args.toArray(String[]::new), 120);
                String label = "compare " + option + " " + value;
                // A comparison's result is its table: a header, the interpreter's row and the level's.
                if (!usageOrFailure(label, run) && (run.code() != 0 || run.out().lines().count() != 3)) {
                    failures.add(label + ": " + run);
                }
            }
        }
        assertNoFailures();
    }

    @Test
    void serveOptionsAtTheirExtremes() throws Exception {
        Path model = Path.of("models/circle.vm").toAbsolutePath();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        byte[] reference = null;
        List<String> options = new ArrayList<>(numericOptions("serve"));
        options.addFirst("(defaults)");
        for (String option : options) {
            for (String value : option.startsWith("(") ? List.of("") : EXTREMES) {
                List<String> args = new ArrayList<>(List.of("--no-cache", model.toString()));
                if (!option.equals("--port")) args.addAll(List.of("--port", "0"));
                if (!option.startsWith("(")) args.addAll(List.of(option, value));
                String label = "serve " + option + " " + value;
                ServeConfig config;
                try {
                    ServeCommand command = new ServeCommand();
                    new CommandLine(command).parseArgs(args.toArray(String[]::new));
                    config = command.config();
                } catch (CommandLine.ParameterException e) {
                    // Refused before it listens: the whole CLI can run in-process, and must exit 2.
                    List<String> cli = new ArrayList<>(List.of("serve"));
                    cli.addAll(args);
                    FuzzTest.Run run = FuzzTest.runCli(cli.toArray(String[]::new), 30);
                    if (!usageOrFailure(label, run) || run.code() != 2) failures.add(label + ": " + run);
                    continue;
                }
                ArielServer server;
                try {
                    server = ArielServer.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                } catch (dev.ariel.parse.ModelException | java.io.IOException e) {
                    // Exit 1: the model breaks the limit, or the port is taken.
                    if (String.valueOf(e.getMessage()).lines().count() != 1) failures.add(label + ": " + e);
                    continue;
                } catch (RuntimeException e) {
                    failures.add(label + ": the service did not start: " + e);
                    continue;
                }
                try {
                    // An uploaded model, not the pinned one loaded at start: lifetimes and body limits apply to it.
                    HttpResponse<String> up = http.send(HttpRequest.newBuilder(server.uri().resolve("models?name=up.vm"))
                            .POST(HttpRequest.BodyPublishers.ofString(Files.readString(model) + "\n")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\": ?\"([0-9a-f]+)\"").matcher(up.body());
                    String served;
                    if (up.statusCode() / 100 == 2 && id.find()) {
                        served = id.group(1);
                    } else if (option.equals("--max-models") && up.statusCode() == 503) {
                        served = server.modelIds().getFirst(); // one model, loaded at start: full, as documented
                    } else {
                        failures.add(label + ": upload answered " + up.statusCode() + ": " + up.body().strip());
                        continue;
                    }
                    URI tile = server.uri().resolve("models/" + served + "/tiles/0/0/0.png");
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(tile).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    // A budget of a millisecond may refuse the tile, as documented: 503 before it
                    // starts, 422 once it ran past.
                    boolean budget = option.equals("--budget-ms") && (r.statusCode() == 503 || r.statusCode() == 422);
                    if (r.statusCode() != 200 && !budget) {
                        failures.add(label + ": tile answered " + r.statusCode() + ": "
                                + new String(r.body(), StandardCharsets.UTF_8).strip());
                    } else if (reference == null) {
                        reference = r.body();
                    } else if (!budget && !Arrays.equals(reference, r.body())) {
                        failures.add(label + ": the tile differs from the default service's");
                    }
                } finally {
                    server.close();
                }
            }
        }
        assertTrue(reference != null, "the default service rendered no tile");
        assertNoFailures();
    }

    private void assertNoFailures() {
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /**
     * Records a failure unless the run is exit 0 with nothing on stderr, or exit 1 or 2 with one
     * line that is no internal error or exhausted heap; returns whether it was exit 1 or 2.
     */
    private boolean usageOrFailure(String label, FuzzTest.Run run) {
        if (run.thrown() != null) {
            failures.add(label + ": threw or timed out: " + run.thrown());
            return true;
        }
        if (run.code() == 0) {
            if (!run.err().isEmpty()) failures.add(label + ": exit 0 but stderr: " + run.err().strip());
            return false;
        }
        List<String> lines = run.err().lines().toList();
        if ((run.code() != 1 && run.code() != 2) || lines.size() != 1 || lines.getFirst().contains("out of memory")) {
            failures.add(label + ": exit " + run.code() + ": " + run.err().strip());
        }
        return true;
    }

    /** The view a render with {@code -s 8} and {@code option value} shows. */
    private static View expectedView(String option, String value) {
        View v = View.of(8);
        return switch (option) {
            case "--size" -> View.of(Integer.parseInt(value));
            case "--width" -> v.withSize(Integer.parseInt(value), 8);
            case "--height" -> v.withSize(8, Integer.parseInt(value));
            case "--scale" -> v.withScale(Double.parseDouble(value));
            case "--z" -> v.withZ(Double.parseDouble(value));
            case "--center" -> {
                String[] xy = value.split(",");
                yield v.withCenter(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
            }
            default -> v;
        };
    }

    private static byte[] pgm(View v, byte[] pixels) {
        byte[] header = ("P5\n" + v.width() + " " + v.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(header, header.length + pixels.length);
        System.arraycopy(pixels, 0, all, header.length, pixels.length);
        return all;
    }
}
