package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.parse.ReadLimits;
import dev.ariel.render.MonoImage;
import dev.ariel.render.Renderer;
import dev.ariel.render.View;
import dev.ariel.testing.RandomModels;
import dev.ariel.testing.SharedModels;
import dev.ariel.testing.SpecOracle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@code ariel render} in-process with seeded mutations of real models, and holds every
 * outcome to the issue's promise: a correct render, or exactly one line on stderr that names the
 * file (and the line, where one is at fault), with exit code 1. Anything else fails the test: exit 3,
 * a stack trace, a second line, a Throwable escaping {@link Cli#run}, an image that differs from an
 * independent render, or a case that runs past the bound.
 *
 * <p><b>The bound.</b> Every fuzz case must finish within {@value #DEFAULT_BOUND_SECONDS} s
 * ({@code -Dariel.fuzz.bound=SECONDS}; the slowest take about 1.5 s here, a 60,000-op chain or
 * 20,000-way fan-in). The special cases below state their own: 60 s for the 1,000,000-op chain and
 * the 100,000-way fan-in (about 1.5 and 2.5 s here), 2 s for the sparse 1 GiB file, 5 s for a
 * model one op over the limit, 10 s for the rest. A case runs on a thread of its own with a 1 MiB
 * stack, an eighth of the launcher's {@code -Xss8m}, so a recursion over the model's depth would
 * show here first.
 *
 * <p><b>Mutations</b> ({@link Kind}) of the repository's models, the public ones in
 * {@code ../shared/models} where present, and seeded random models: byte flips, truncation, line
 * shuffles, huge and tiny numbers, nan/inf literals (and near misses), deep chains (to 60,000 ops),
 * wide fan-in (to 20,000 users of one op), self references and redefinitions, forward references,
 * non-UTF-8 bytes (and UTF-16, Latin-1 comments, valid non-ASCII ids), line edits (opcodes, operand
 * counts, line ends, BOM, huge tokens and lines, control bytes), var-z, sparse files over the size
 * limit, and two or three of these at once. Views vary too: sizes 1 to 80, centre, scale, z,
 * tile sizes, brute force, one or two threads.
 *
 * <p><b>Checking a render.</b> The CLI writes a PGM; the test reads the same file with
 * {@link Model#read} and renders it by brute force with the Java interpreter on one thread (no
 * interval pruning, no quadtree), and the two images must be equal byte for byte. A few pixels are
 * also decided by a line-by-line interpreter of the text written here, on {@link SpecOracle} (no
 * graph, no tape, no folding). A model error must read back from {@link Model#read} with the same
 * message.
 *
 * <p><b>Sizes.</b> {@code -Dariel.fuzz.cases=N} (default {@value #DEFAULT_CASES}, 30 to 60 s here),
 * {@code -Dariel.fuzz.seed=S}, {@code -Dariel.fuzz.only=I} (one case, to reproduce it),
 * {@code -Dariel.fuzz.jit=P} (the share of cases rendered with {@code --engine jit}, default 0).
 * {@code scripts/fuzz CASES SEED} runs any number. The outcome table is printed and written to
 * {@code target/fuzz/}; a failing case's file is kept there too.
 */
class FuzzTest {
    static final int DEFAULT_CASES = 2000;
    static final long DEFAULT_BOUND_SECONDS = 10;
    private static final long STACK_BYTES = 1 << 20;

    @TempDir
    Path tmp;

    // ================================================================ the fuzz run

    /** The mutation kinds of the issue, plus a few of the format's own corners. */
    enum Kind {
        BYTE_FLIP(4), TRUNCATE(3), LINE_SHUFFLE(3), HUGE_TINY_NUMBER(3), NAN_INF_LITERAL(3), DEEP_CHAIN(2),
        WIDE_FAN_IN(2), SELF_REFERENCE(2), FORWARD_REFERENCE(2), NON_UTF8(3), LINE_EDIT(4), VAR_Z(2),
        SPARSE_HUGE_FILE(1), COMBINED(4);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** What a case came to. The first three are the promised outcomes; the rest are failures. */
    enum Outcome {
        RENDERED("rendered"), MODEL_ERROR("file:line error"), FILE_ERROR("file error"),
        WRONG_IMAGE("wrong image"), BAD_MESSAGE("bad message"), INTERNAL_ERROR("exit 3"), OUT_OF_MEMORY("OOM"),
        THROWN("escaped"), TIMEOUT("timeout");

        final String label;

        Outcome(String label) {
            this.label = label;
        }

        boolean ok() {
            return ordinal() <= FILE_ERROR.ordinal();
        }
    }

    record Base(String name, String text) {}

    record Case(int index, Kind kind, String base, String what, byte[] bytes, long sparseLength, List<String> flags,
            View view) {}

    record Run(int code, String out, String err, Throwable thrown, long nanos) {}

    record Result(Case c, Outcome outcome, String detail, long nanos) {}

    @Test
    void fuzz() throws Exception {
        int cases = Integer.getInteger("ariel.fuzz.cases", DEFAULT_CASES);
        long seed = Long.getLong("ariel.fuzz.seed", 20251121L);
        long bound = Long.getLong("ariel.fuzz.bound", DEFAULT_BOUND_SECONDS);
        double jit = Double.parseDouble(System.getProperty("ariel.fuzz.jit", "0"));
        Integer only = Integer.getInteger("ariel.fuzz.only");
        List<Base> bases = bases(seed);

        Map<Kind, Map<Outcome, Integer>> table = new EnumMap<>(Kind.class);
        Map<Kind, Long> slowest = new EnumMap<>(Kind.class);
        List<Result> failures = new ArrayList<>();
        Result slowestCase = null;
        long start = System.nanoTime();
        for (int i = only != null ? only : 0; i < (only != null ? only + 1 : cases); i++) {
            Case c = generate(seed, i, bases, jit);
            Result r = runCase(c, bound);
            table.computeIfAbsent(c.kind(), k -> new EnumMap<>(Outcome.class)).merge(r.outcome(), 1, Integer::sum);
            slowest.merge(c.kind(), r.nanos(), Math::max);
            if (slowestCase == null || r.nanos() > slowestCase.nanos()) slowestCase = r;
            if (!r.outcome().ok()) {
                failures.add(r);
                keep(c, seed);
            }
        }
        long wall = System.nanoTime() - start;
        String summary = summary(table, slowest, cases, seed, bound, wall, slowestCase, failures, bases);
        System.out.println(summary);
        Path dir = Path.of("target", "fuzz");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary-seed-" + seed + "-cases-" + cases + ".txt"), summary);
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " of " + cases + " fuzz cases failed (seed " + seed
                    + "; files kept in target/fuzz/; rerun one with -Dariel.fuzz.only=INDEX):\n");
            for (Result r : failures.subList(0, Math.min(30, failures.size()))) sb.append(describe(r)).append('\n');
            fail(sb.toString());
        }
    }

    // The repository's models always, the public ones where present, and seeded random models.
    private static List<Base> bases(long seed) throws IOException {
        List<Base> bases = new ArrayList<>();
        for (String name : List.of("ariel.vm", "circle.vm", "showcase.vm", "dense.vm")) {
            bases.add(new Base(name, Files.readString(SharedModels.ours(name))));
        }
        Path shared = SharedModels.dir();
        for (String name : List.of("hi.vm", "quarter.vm", "tanglecube.vm", "bear.vm", "colonnade.vm", "prospero.vm")) {
            Path p = shared.resolve(name);
            if (Files.isRegularFile(p)) bases.add(new Base(name, Files.readString(p).replace("\r\n", "\n")));
        }
        for (int i = 0; i < 3; i++) {
            bases.add(new Base("random-" + i, RandomModels.generate(seed + i, 20 + 40 * i)));
        }
        return bases;
    }

    private Result runCase(Case c, long boundSeconds) throws IOException {
        Path model = tmp.resolve(String.format(Locale.ROOT, "case-%06d.vm", c.index()));
        Path out = tmp.resolve(String.format(Locale.ROOT, "case-%06d.pgm", c.index()));
        writeModel(model, c);
        List<String> args = new ArrayList<>(List.of("render", model.toString(), "-q", "-o", out.toString()));
        args.addAll(c.flags());
        Run run = runCli(args.toArray(String[]::new), boundSeconds);
        try {
            Classified k = classify(c, model, out, run);
            return new Result(c, k.outcome(), k.detail(), run.nanos());
        } finally {
            Files.deleteIfExists(model);
            Files.deleteIfExists(out);
        }
    }

    private static void writeModel(Path model, Case c) throws IOException {
        Files.write(model, c.bytes());
        if (c.sparseLength() > 0) {
            try (RandomAccessFile f = new RandomAccessFile(model.toFile(), "rw")) {
                f.setLength(c.sparseLength());
            }
        }
    }

    /** Runs the CLI on a thread with a 1 MiB stack, waiting at most {@code boundSeconds}. */
    static Run runCli(String[] args, long boundSeconds) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        FutureTask<Integer> task = new FutureTask<>(() -> Cli.run(args, o, e));
        Thread t = new Thread(null, task, "fuzz-case", STACK_BYTES);
        t.setDaemon(true);
        long t0 = System.nanoTime();
        t.start();
        try {
            int code = task.get(boundSeconds, TimeUnit.SECONDS);
            return new Run(code, out.toString(), err.toString(), null, System.nanoTime() - t0);
        } catch (TimeoutException ex) {
            t.interrupt();
            return new Run(-1, out.toString(), err.toString(), ex, System.nanoTime() - t0);
        } catch (ExecutionException ex) {
            return new Run(-1, out.toString(), err.toString(), ex.getCause(), System.nanoTime() - t0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    record Classified(Outcome outcome, String detail, MonoImage image) {
        Classified(Outcome outcome, String detail) {
            this(outcome, detail, null);
        }
    }

    private static final Pattern AT_LINE = Pattern.compile("(\\d+): \\S.*");

    static Classified classify(Case c, Path model, Path out, Run run) {
        if (run.thrown() instanceof TimeoutException) {
            return new Classified(Outcome.TIMEOUT, "still running after the bound");
        }
        if (run.thrown() != null) {
            return new Classified(run.thrown() instanceof OutOfMemoryError ? Outcome.OUT_OF_MEMORY : Outcome.THROWN,
                    "Cli.run threw " + run.thrown());
        }
        List<String> lines = run.err().lines().toList();
        String err = run.err();
        if (err.contains("\tat ") || err.contains("Exception") || err.contains("Error:") || !run.out().isEmpty()) {
            return new Classified(run.code() == ExitCodes.INTERNAL ? Outcome.INTERNAL_ERROR : Outcome.BAD_MESSAGE,
                    "exit " + run.code() + ", stdout " + clip(run.out()) + ", stderr " + clip(err));
        }
        if (run.code() == ExitCodes.INTERNAL) return new Classified(Outcome.INTERNAL_ERROR, clip(err));
        if (err.contains("out of memory")) return new Classified(Outcome.OUT_OF_MEMORY, clip(err));
        if (run.code() == ExitCodes.OK) {
            if (!err.isEmpty()) return new Classified(Outcome.BAD_MESSAGE, "exit 0 but stderr " + clip(err));
            return checkImage(c, model, out);
        }
        if (run.code() != ExitCodes.FAILURE || lines.size() != 1 || !err.endsWith(System.lineSeparator())) {
            return new Classified(Outcome.BAD_MESSAGE, "exit " + run.code() + ", stderr " + clip(err));
        }
        String line = lines.get(0);
        String file = model.toString();
        if (line.startsWith(file + ":")) {
            String rest = line.substring(file.length() + 1);
            Matcher m = AT_LINE.matcher(rest);
            if (m.matches()) {
                long at = Long.parseLong(m.group(1));
                long count = lineCount(c.bytes());
                if (at < 1 || at > count) {
                    return new Classified(Outcome.BAD_MESSAGE, "line " + at + " of a " + count + "-line file: " + line);
                }
                // The library reads the file to the same message.
                try {
                    Model.read(model);
                    return new Classified(Outcome.BAD_MESSAGE, "Model.read accepts what the CLI refused: " + line);
                } catch (ModelException e) {
                    if (!e.getMessage().equals(line)) {
                        return new Classified(Outcome.BAD_MESSAGE, "CLI: " + line + " / Model.read: " + e.getMessage());
                    }
                } catch (IOException | RuntimeException | Error e) {
                    return new Classified(Outcome.BAD_MESSAGE, "Model.read: " + e);
                }
                return new Classified(Outcome.MODEL_ERROR, line);
            }
            if (rest.startsWith(" ") && rest.length() > 1) return new Classified(Outcome.FILE_ERROR, line);
        }
        if (line.startsWith("ariel: " + file + ":") || line.startsWith("ariel: cannot read " + file)) {
            return new Classified(Outcome.FILE_ERROR, line);
        }
        return new Classified(Outcome.BAD_MESSAGE, "does not name the file: " + line);
    }

    // The CLI's image must equal a brute-force render of the same file, and agree with the oracle.
    private static Classified checkImage(Case c, Path model, Path out) {
        byte[] pgm;
        Model m;
        try {
            pgm = Files.readAllBytes(out);
            m = Model.read(model);
        } catch (IOException | ModelException e) {
            return new Classified(Outcome.WRONG_IMAGE, "exit 0, but: " + e);
        }
        View v = c.view();
        MonoImage expected = new Renderer(JavaEngine.INSTANCE, 1).render(m, v);
        byte[] header = ("P5\n" + v.width() + " " + v.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = expected.pixels();
        if (pgm.length != header.length + pixels.length
                || !Arrays.equals(pgm, 0, header.length, header, 0, header.length)) {
            return new Classified(Outcome.WRONG_IMAGE, "not a " + v.width() + "x" + v.height() + " PGM");
        }
        int diff = 0;
        int firstDiff = -1;
        for (int i = 0; i < pixels.length; i++) {
            if (pgm[header.length + i] != pixels[i]) {
                if (diff++ == 0) firstDiff = i;
            }
        }
        if (diff > 0) {
            return new Classified(Outcome.WRONG_IMAGE, diff + " pixels differ from a brute-force render, first at ("
                    + firstDiff % v.width() + ", " + firstDiff / v.width() + ")");
        }
        // A few pixels by the text oracle: no graph, no tape, no folding.
        TextOracle oracle = TextOracle.of(c.bytes());
        if (oracle != null) {
            float[] xs = v.columnXs();
            float[] ys = v.rowYs();
            SplittableRandom rnd = new SplittableRandom(c.index());
            int samples = (int) Math.max(1, Math.min(16, 400_000L / Math.max(1, oracle.length())));
            for (int s = 0; s < samples; s++) {
                int x = rnd.nextInt(v.width());
                int y = rnd.nextInt(v.height());
                float value = oracle.eval(xs[x], ys[y], (float) v.z());
                if ((value < 0f) != expected.isFilled(x, y)) {
                    return new Classified(Outcome.WRONG_IMAGE, "pixel (" + x + ", " + y + "): the text oracle says "
                            + value + ", the render " + (expected.isFilled(x, y) ? "filled" : "empty"));
                }
            }
        }
        return new Classified(Outcome.RENDERED, "", expected);
    }

    private static long lineCount(byte[] bytes) {
        long n = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'))) n++;
        }
        return n;
    }

    private static String clip(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() <= 400 ? "'" + one + "'" : "'" + one.substring(0, 400) + "...' (" + s.length() + " chars)";
    }

    private static String describe(Result r) {
        Case c = r.c();
        return String.format(Locale.ROOT, "  #%d %s of %s (%s), flags %s, %.0f ms: %s: %s", c.index(), c.kind(),
                c.base(), c.what(), c.flags(), r.nanos() / 1e6, r.outcome().label, r.detail());
    }

    private static void keep(Case c, long seed) throws IOException {
        Path dir = Path.of("target", "fuzz");
        Files.createDirectories(dir);
        if (c.sparseLength() == 0) {
            Files.write(dir.resolve(String.format(Locale.ROOT, "seed-%d-case-%06d.vm", seed, c.index())), c.bytes());
        }
    }

    private static String summary(Map<Kind, Map<Outcome, Integer>> table, Map<Kind, Long> slowest, int cases,
            long seed, long bound, long wall, Result slowestCase, List<Result> failures, List<Base> bases) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fuzz: %d cases, seed %d, bound %d s a case, wall %.1f s; bases: %s%n",
                cases, seed, bound, wall / 1e9, bases.stream().map(Base::name).toList()));
        sb.append(String.format(Locale.ROOT, "%-18s %6s", "mutation", "cases"));
        for (Outcome o : Outcome.values()) sb.append(String.format(Locale.ROOT, " %15s", o.label));
        sb.append(String.format(Locale.ROOT, " %9s%n", "max ms"));
        Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
        int all = 0;
        for (Kind k : Kind.values()) {
            Map<Outcome, Integer> row = table.getOrDefault(k, Map.of());
            int n = row.values().stream().mapToInt(Integer::intValue).sum();
            all += n;
            sb.append(String.format(Locale.ROOT, "%-18s %6d", k.name().toLowerCase(Locale.ROOT), n));
            for (Outcome o : Outcome.values()) {
                int count = row.getOrDefault(o, 0);
                totals.merge(o, count, Integer::sum);
                sb.append(String.format(Locale.ROOT, " %15d", count));
            }
            sb.append(String.format(Locale.ROOT, " %9.0f%n", slowest.getOrDefault(k, 0L) / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "%-18s %6d", "total", all));
        for (Outcome o : Outcome.values()) sb.append(String.format(Locale.ROOT, " %15d", totals.getOrDefault(o, 0)));
        sb.append(String.format(Locale.ROOT, "%nslowest case: %s%n", slowestCase == null ? "-" : describe(slowestCase)));
        sb.append(failures.isEmpty() ? "no failures" : failures.size() + " failures");
        return sb.toString();
    }

    // ================================================================ the special cases

    /** What a special case ran to: the run, and the model file it read. */
    private record Outcome1(Run run, Path model, Path out) {}

    private Outcome1 render(String name, byte[] bytes, long boundSeconds, String... flags) throws IOException {
        Path model = tmp.resolve(name);
        Path out = tmp.resolve(name + ".pgm");
        Files.write(model, bytes);
        List<String> args = new ArrayList<>(List.of("render", model.toString(), "-q", "-o", out.toString()));
        args.addAll(List.of(flags));
        return new Outcome1(runCli(args.toArray(String[]::new), boundSeconds), model, out);
    }

    private Outcome1 render(String name, String text, long boundSeconds, String... flags) throws IOException {
        return render(name, text.getBytes(StandardCharsets.UTF_8), boundSeconds, flags);
    }

    /** Asserts a correct render: exit 0, nothing printed, and the image of a brute-force render. */
    private static MonoImage assertRendered(Outcome1 o, View view) throws Exception {
        assertEquals(null, o.run().thrown(), () -> "the run threw or timed out: " + o.run());
        assertEquals(ExitCodes.OK, o.run().code(), () -> "the run was: " + o.run());
        assertEquals("", o.run().err());
        Case c = new Case(0, Kind.COMBINED, o.model().toString(), "", Files.readAllBytes(o.model()), 0, List.of(), view);
        Classified k = checkImage(c, o.model(), o.out());
        assertEquals(Outcome.RENDERED, k.outcome(), k.detail());
        return k.image();
    }

    /** Asserts exit 1 and exactly {@code line} on stderr. */
    private static void assertOneLine(Outcome1 o, String line) {
        assertEquals(null, o.run().thrown(), () -> "the run threw or timed out: " + o.run());
        assertEquals(ExitCodes.FAILURE, o.run().code(), () -> "the run was: " + o.run());
        assertEquals(List.of(line), o.run().err().lines().toList());
        assertEquals("", o.run().out());
    }

    private static String seconds(Run r) {
        return String.format(Locale.ROOT, "%.2f s", r.nanos() / 1e9);
    }

    /**
     * A chain of 1,000,000 ops, each reading the one before: read, simplified and rendered with
     * loops only, on a 1 MiB stack, within 60 s (some 3 s here). The value is x + 10⁶·10⁻⁶ − 1.5,
     * in f32, so about half the image is filled.
     */
    @Test
    void aChainOfAMillionOps() throws Exception {
        int n = 1_000_000;
        StringBuilder sb = new StringBuilder("_0 var-x\n_k const 0.000001\n_h const 1.5\n_1 add _0 _k\n");
        for (int i = 2; i <= n; i++) sb.append('_').append(i).append(" add _").append(i - 1).append(" _k\n");
        sb.append("_r sub _").append(n).append(" _h\n");
        Outcome1 o = render("chain.vm", sb.toString(), 60, "-s", "16");
        System.out.println("[fuzz] a chain of 1,000,000 adds rendered at 16x16 in " + seconds(o.run()));
        MonoImage image = assertRendered(o, View.of(16));
        assertTrue(image.filledCount() > 0 && image.filledCount() < 256, image::toString);

        // A chain of min and max, whose choices the quadtree forwards along the chain.
        StringBuilder mm = new StringBuilder("_0 var-x\n_y var-y\n_1 add _0 _y\n");
        for (int i = 2; i <= n / 4; i++) {
            mm.append('_').append(i).append(i % 2 == 0 ? " min _" : " max _").append(i - 1).append(i % 3 == 0 ? " _y\n" : " _0\n");
        }
        Outcome1 o2 = render("minmax.vm", mm.toString(), 60, "-s", "16");
        System.out.println("[fuzz] a chain of 250,000 min/max rendered at 16x16 in " + seconds(o2.run()));
        assertRendered(o2, View.of(16));

        // info walks the graph (depths, counts) as well.
        Run info = runCli(new String[] {"info", o.model().toString()}, 60);
        assertEquals(ExitCodes.OK, info.code(), info::toString);
    }

    /** One op read by 100,000 others, summed by a balanced tree and by a chain. */
    @Test
    void wideFanIn() throws Exception {
        int n = 100_000;
        for (boolean tree : new boolean[] {true, false}) {
            StringBuilder sb = new StringBuilder("x var-x\ny var-y\nr2 add x y\n");
            List<String> level = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sb.append('k').append(i).append(" const ").append(i * 1e-6).append('\n');
                sb.append('w').append(i).append(" mul r2 k").append(i).append('\n');
                level.add("w" + i);
            }
            int id = 0;
            if (tree) {
                while (level.size() > 1) {
                    List<String> next = new ArrayList<>();
                    for (int i = 0; i + 1 < level.size(); i += 2) {
                        sb.append('j').append(id).append(" add ").append(level.get(i)).append(' ').append(level.get(i + 1)).append('\n');
                        next.add("j" + id++);
                    }
                    if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
                    level = next;
                }
            } else {
                String acc = level.get(0);
                for (int i = 1; i < level.size(); i++) {
                    sb.append('j').append(id).append(" add ").append(acc).append(' ').append(level.get(i)).append('\n');
                    acc = "j" + id++;
                }
            }
            Outcome1 o = render(tree ? "tree.vm" : "fan-chain.vm", sb.toString(), 60, "-s", "32");
            System.out.println("[fuzz] 100,000 users of one op, summed by a " + (tree ? "tree" : "chain") + ", in "
                    + seconds(o.run()));
            MonoImage image = assertRendered(o, View.of(32));
            assertTrue(image.filledCount() > 0 && image.filledCount() < 32 * 32, image::toString);
        }
    }

    @Test
    void selfAndForwardReferences() throws Exception {
        Outcome1 self = render("self.vm", "_0 var-x\n_1 add _1 _0\n", 10, "-s", "16");
        assertOneLine(self, self.model() + ":2: '_1' refers to itself");
        Outcome1 forward = render("forward.vm", "_0 var-x\n_1 add _0 _2\n_2 const 1\n", 10, "-s", "16");
        assertOneLine(forward, forward.model() + ":2: '_2' is not defined before this line");
        Outcome1 twice = render("twice.vm", "_0 var-x\n_1 neg _0\n# c\n_1 neg _1\n", 10, "-s", "16");
        assertOneLine(twice, twice.model() + ":4: '_1' is already defined on line 2");
    }

    @Test
    void nonUtf8Bytes() throws Exception {
        byte[] bad = "_0 var-x\n_\u00ff1 neg _0\n".getBytes(StandardCharsets.ISO_8859_1);
        Outcome1 o = render("latin1.vm", bad, 10, "-s", "16");
        assertOneLine(o, o.model() + ":2: not UTF-8 text (this is not a .vm text file)");
        // UTF-16 has NUL bytes: the first line says so.
        Outcome1 utf16 = render("utf16.vm", "_0 var-x\n".getBytes(StandardCharsets.UTF_16LE), 10, "-s", "16");
        assertOneLine(utf16, utf16.model() + ":1: binary data: a NUL byte (this is not a .vm text file)");
        // Non-UTF-8 bytes in a comment line are a comment, and valid UTF-8 ids are ids.
        byte[] comment = "# caf\u00e9\n\u03c0 var-x\n".getBytes(StandardCharsets.ISO_8859_1);
        comment = new String(comment, StandardCharsets.ISO_8859_1).replace("\u03c0", "\u00cf\u0080")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRendered(render("comment.vm", comment, 10, "-s", "16"), View.of(16));
    }

    /**
     * A sparse file of 1 GiB is refused from its size alone, at once, with one line naming the
     * limit: reading it first would take seconds and a gigabyte of heap.
     */
    @Test
    void aSparseGigabyteFileIsRefusedBeforeReading() throws Exception {
        Path huge = tmp.resolve("huge.vm");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        Run r = runCli(new String[] {"render", huge.toString(), "-q", "-o", tmp.resolve("huge.pgm").toString()}, 10);
        assertOneLine(new Outcome1(r, huge, null),
                huge + ": file is 1073741824 bytes, over the limit of 268435456 bytes");
        assertTrue(r.nanos() < 2_000_000_000L, "took " + seconds(r));
        System.out.println("[fuzz] a sparse 1 GiB file was refused in " + seconds(r));
    }

    /**
     * One op over the op limit is refused at the line that passes it, before the graph is built:
     * at once, where parsing 4,000,000 ops first took seconds and more heap than a small JVM has.
     */
    @Test
    void theOpLimitIsCheckedBeforeTheWorkStarts() throws Exception {
        int limit = ReadLimits.DEFAULT_MAX_OPS;
        StringBuilder sb = new StringBuilder(limit * 16 + 100).append("# over the limit by one\n_0 var-x\n");
        for (int i = 1; i <= limit; i++) sb.append('_').append(i).append(" neg _").append(i - 1).append('\n');
        Outcome1 o = render("over.vm", sb.toString(), 10, "-s", "16");
        assertOneLine(o, o.model() + ":" + (limit + 2) + ": the model has more than " + limit + " ops, the limit");
        System.out.println("[fuzz] a model of " + (limit + 1) + " ops was refused in " + seconds(o.run()));
        assertTrue(o.run().nanos() < 5_000_000_000L, "took " + seconds(o.run()));
    }

    /** nan, inf and numbers beyond f32's range read as the semantics say, and render like the oracle. */
    @Test
    void nanInfHugeAndTinyLiterals() throws Exception {
        String[] literals = {"nan", "-nan", "NaN", "inf", "-inf", "+inf", "Infinity", "-infinity", "1e39", "-1e39",
            "1e-50", "-1e-50", "-0", "0", "+0", "1e309", "-1e309", "3.4028235e38", "1.4e-45", "-7e-46"};
        for (String lit : literals) {
            String body = "_0 var-x\n_1 var-y\n_2 const " + lit + "\n_3 mul _0 _2\n_4 add _3 _1\n";
            assertRendered(render("lit.vm", body, 10, "-s", "24"), View.of(24));
            assertRendered(render("div.vm", "_0 var-x\n_2 const " + lit + "\n_3 div _0 _2\n_4 min _3 _0\n", 10, "-s", "24"),
                    View.of(24));
            // A constant model: every pixel alike, filled only where the f32 constant is < 0.
            MonoImage c = assertRendered(render("const.vm", "_0 const " + lit + "\n", 10, "-s", "8"), View.of(8));
            float f = (float) TextOracle.number(lit);
            assertEquals(f < 0 ? 64 : 0, c.filledCount(), lit);
        }
    }

    /** A model that reads var-z, at several slices. */
    @Test
    void varZ() throws Exception {
        String sphere = "x var-x\ny var-y\nz var-z\nxx square x\nyy square y\nzz square z\n"
                + "s add xx yy\nt add s zz\nr const 0.5\nd sub t r\n";
        for (String z : List.of("0", "0.5", "-0.6", "0.75", "1", "2")) {
            View view = View.of(32).withZ(Double.parseDouble(z));
            MonoImage image = assertRendered(render("z.vm", sphere, 10, "-s", "32", "--z", z), view);
            assertEquals(Double.parseDouble(z) * Double.parseDouble(z) < 0.5, image.filledCount() > 0, "z " + z);
        }
    }

    /**
     * Cli.run maps an Error that reaches it (a StackOverflowError, say) to one line and exit 3:
     * picocli hands only Exceptions to its handler, so an Error used to escape Cli.run and leave
     * main as a JVM stack trace with exit code 1.
     */
    @Test
    void anErrorBecomesOneLineAndExitThree() {
        StringWriter err = new StringWriter();
        int code = Cli.uncaughtError(new StackOverflowError(), new PrintWriter(err, true));
        assertEquals(ExitCodes.INTERNAL, code);
        assertEquals(List.of("ariel: internal error: java.lang.StackOverflowError (set ARIEL_DEBUG=1 for a stack trace, "
                + "and please report it)"), err.toString().lines().toList());
        StringWriter err2 = new StringWriter();
        assertEquals(ExitCodes.FAILURE, Cli.uncaughtError(new OutOfMemoryError(), new PrintWriter(err2, true)));
        assertEquals(List.of("ariel: out of memory; try a smaller image or a larger heap (-Xmx)"), err2.toString().lines().toList());
    }

    // ================================================================ generating cases

    private static final String[] HUGE_TINY = {
        "1e39", "-1e39", "3.4028235e38", "3.4028236e38", "-3.4028235e38", "1e308", "1.7976931348623157e308", "1e309",
        "-1e400", "1e-50", "-1e-50", "1.4e-45", "7e-46", "1e-320", "4.9e-324", "1e-400", "0", "-0", "-0.0", "+0",
        "0.0", ".5", "5.", "-.5", "1e-7", "1e+38", "1E38", "123456789012345678901234567890",
        "340282356779733661637539395458142568448", "0.00000000000000000000000000000000000000000000140129846",
        "16777217", "8388608.5", "1e10", "-1e30", "2.5", "-2.5", "0.49999997", "1e-38", "1.1754942e-38",
        "00000000000000000000000000001", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1",
    };

    private static final String[] NAN_INF = {
        "nan", "NaN", "NAN", "-nan", "+nan", "inf", "-inf", "+inf", "INF", "Inf", "infinity", "-Infinity",
        "+INFINITY", "inff", "nan(1)", "infinit", "1e", "e5", "0x1p3", "1f", "1d", "--1", "+-1", "1.2.3", "-", "+",
        ".", "1e+", "∞", "−1", "1_000", "1,5",
    };

    private static final String[] TILES = {"64,16,4", "32,8", "16,4,1", "64,32,16,8,4,2,1", "8", "48,24,12,6,3"};

    private static Case generate(long seed, int index, List<Base> bases, double jitShare) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        Kind kind = pickKind(rnd);
        Base base = pickBase(rnd, bases);
        Mutated m = mutate(kind, base, rnd);
        // Sizes, views and flags.
        List<String> flags = new ArrayList<>();
        long lines = lineCount(m.bytes());
        int size = lines > 20_000 ? 8 + rnd.nextInt(9) : 32 + rnd.nextInt(33);
        int w = size;
        int h = size;
        if (rnd.nextInt(8) == 0) {
            w = 1 + rnd.nextInt(lines > 20_000 ? 16 : 80);
            h = 1 + rnd.nextInt(lines > 20_000 ? 16 : 80);
            flags.addAll(List.of("--width", "" + w, "--height", "" + h));
        } else {
            flags.addAll(List.of("-s", "" + size));
        }
        double z = 0;
        if (kind == Kind.VAR_Z || rnd.nextInt(6) == 0) {
            double[] zs = {-1, -0.5, -0.0, 0.25, 0.7, 1, 3, 1e6};
            z = zs[rnd.nextInt(zs.length)];
            flags.addAll(List.of("--z", Double.toString(z)));
        }
        double cx = 0, cy = 0, scale = 1;
        if (rnd.nextInt(7) == 0) {
            double[] scales = {1e-6, 1e-3, 0.1, 0.5, 2, 10, 1e6, 1e30};
            double[] centres = {0, 0.5, -0.3, 0.123, 100};
            scale = scales[rnd.nextInt(scales.length)];
            cx = centres[rnd.nextInt(centres.length)];
            cy = centres[rnd.nextInt(centres.length)];
            flags.addAll(List.of("--scale", Double.toString(scale), "--center", cx + "," + cy));
        }
        if (rnd.nextInt(10) == 0) flags.addAll(List.of("--strategy", "brute"));
        else if (rnd.nextInt(8) == 0) flags.addAll(List.of("--tiles", TILES[rnd.nextInt(TILES.length)]));
        if (rnd.nextBoolean()) flags.addAll(List.of("--threads", "1"));
        if (jitShare > 0 && rnd.nextDouble() < jitShare && lines < 3000) {
            flags.addAll(List.of("--engine", "jit", "--no-cache"));
        }
        View view = new View(w, h, cx, cy, scale, z);
        return new Case(index, kind, base.name(), m.what(), m.bytes(), m.sparseLength(), flags, view);
    }

    private static Kind pickKind(SplittableRandom rnd) {
        int total = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();
        int r = rnd.nextInt(total);
        for (Kind k : Kind.values()) {
            if ((r -= k.weight) < 0) return k;
        }
        throw new AssertionError();
    }

    private static Base pickBase(SplittableRandom rnd, List<Base> bases) {
        // prospero.vm is 8,000 lines: one case in about 25 starts from it.
        Base b = bases.get(rnd.nextInt(bases.size()));
        if (b.name().equals("prospero.vm") && rnd.nextInt(2) == 0) b = bases.get(rnd.nextInt(bases.size()));
        return b;
    }

    record Mutated(byte[] bytes, String what, long sparseLength) {}

    /** A model as lines of Latin-1 text (one char a byte), so that byte and line edits mix freely. */
    private static Mutated mutate(Kind kind, Base base, SplittableRandom rnd) {
        String text = base.text();
        StringBuilder what = new StringBuilder();
        long sparse = 0;
        String latin = latin1(text);
        switch (kind) {
            case COMBINED -> {
                Kind[] simple = {Kind.BYTE_FLIP, Kind.TRUNCATE, Kind.LINE_SHUFFLE, Kind.HUGE_TINY_NUMBER,
                    Kind.NAN_INF_LITERAL, Kind.DEEP_CHAIN, Kind.WIDE_FAN_IN, Kind.SELF_REFERENCE, Kind.FORWARD_REFERENCE,
                    Kind.NON_UTF8, Kind.LINE_EDIT, Kind.VAR_Z};
                int n = 2 + rnd.nextInt(2);
                for (int i = 0; i < n; i++) {
                    Kind k = simple[rnd.nextInt(simple.length)];
                    what.append(i == 0 ? "" : " + ").append(k.name().toLowerCase(Locale.ROOT)).append(": ");
                    latin = apply(k, latin, rnd, what);
                }
            }
            case SPARSE_HUGE_FILE -> {
                long[] lengths = {ReadLimits.DEFAULT_MAX_FILE_BYTES + 1, ReadLimits.DEFAULT_MAX_FILE_BYTES + 4096,
                    1L << 30, (1L << 31) + 7, 5L << 30};
                sparse = lengths[rnd.nextInt(lengths.length)];
                what.append("sparse file of ").append(sparse).append(" bytes");
            }
            default -> latin = apply(kind, latin, rnd, what);
        }
        return new Mutated(latin.getBytes(StandardCharsets.ISO_8859_1), what.toString(), sparse);
    }

    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String apply(Kind kind, String text, SplittableRandom rnd, StringBuilder what) {
        return switch (kind) {
            case BYTE_FLIP -> byteFlip(text, rnd, what);
            case TRUNCATE -> truncate(text, rnd, what);
            case LINE_SHUFFLE -> lineShuffle(text, rnd, what);
            case HUGE_TINY_NUMBER -> replaceConstants(text, HUGE_TINY, rnd, what);
            case NAN_INF_LITERAL -> replaceConstants(text, NAN_INF, rnd, what);
            case DEEP_CHAIN -> deepChain(text, rnd, what);
            case WIDE_FAN_IN -> wideFanIn(text, rnd, what);
            case SELF_REFERENCE -> selfReference(text, rnd, what);
            case FORWARD_REFERENCE -> forwardReference(text, rnd, what);
            case NON_UTF8 -> nonUtf8(text, rnd, what);
            case LINE_EDIT -> lineEdit(text, rnd, what);
            case VAR_Z -> varZ(text, rnd, what);
            default -> throw new AssertionError(kind);
        };
    }

    private static final char[] INTERESTING = {' ', '\n', '\r', '\t', '#', '_', '-', '+', '.', 'e', '0', '1', '9',
        'x', 0, 0x0B, 0x0C, 0x7F, 0x80, 0xFF, 0xEF, 0xBB, 0xBF};

    private static String byteFlip(String text, SplittableRandom rnd, StringBuilder what) {
        if (text.isEmpty()) return text + (char) rnd.nextInt(256);
        char[] c = text.toCharArray();
        int n = 1 + rnd.nextInt(8);
        what.append(n).append(" byte flips");
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(c.length);
            c[at] = switch (rnd.nextInt(3)) {
                case 0 -> (char) ((c[at] ^ (1 << rnd.nextInt(8))) & 0xFF);
                case 1 -> (char) rnd.nextInt(256);
                default -> INTERESTING[rnd.nextInt(INTERESTING.length)];
            };
        }
        return new String(c);
    }

    private static String truncate(String text, SplittableRandom rnd, StringBuilder what) {
        int at = switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> { // at a line end
                int nl = text.indexOf('\n', rnd.nextInt(text.length() + 1));
                yield nl < 0 ? text.length() : nl + 1;
            }
            default -> rnd.nextInt(text.length() + 1);
        };
        what.append("truncated to ").append(at).append(" bytes");
        return text.substring(0, at);
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }

    // The indices of op lines (not blank, not comments).
    private static List<Integer> opLines(List<String> lines) {
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (!s.isEmpty() && !s.startsWith("#")) ops.add(i);
        }
        return ops;
    }

    private static String[] tokens(String line) {
        String s = line.strip();
        int hash = s.indexOf(" #");
        if (hash >= 0) s = s.substring(0, hash);
        return s.isEmpty() ? new String[0] : s.split("[ \t]+");
    }

    private static String lineShuffle(String text, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        int n = lines.size();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                int k = 1 + rnd.nextInt(5);
                what.append(k).append(" line swaps");
                for (int i = 0; i < k; i++) java.util.Collections.swap(lines, rnd.nextInt(n), rnd.nextInt(n));
            }
            case 1 -> {
                int from = rnd.nextInt(n);
                int to = Math.min(n, from + 2 + rnd.nextInt(20));
                what.append("shuffled lines ").append(from + 1).append("..").append(to);
                shuffle(lines.subList(from, to), rnd);
            }
            case 2 -> {
                int from = rnd.nextInt(n);
                String line = lines.remove(from);
                int to = rnd.nextInt(lines.size() + 1);
                lines.add(to, line);
                what.append("moved line ").append(from + 1).append(" to ").append(to + 1);
            }
            default -> {
                what.append("all lines shuffled");
                shuffle(lines, rnd);
            }
        }
        return join(lines);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) java.util.Collections.swap(list, i, rnd.nextInt(i + 1));
    }

    private static String lastId(List<String> lines) {
        List<Integer> ops = opLines(lines);
        for (int i = ops.size() - 1; i >= 0; i--) {
            String[] t = tokens(lines.get(ops.get(i)));
            if (t.length >= 2) return t[0];
        }
        return null;
    }

    private static String replaceConstants(String text, String[] literals, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        List<Integer> consts = new ArrayList<>();
        for (int i : opLines(lines)) {
            String[] t = tokens(lines.get(i));
            if (t.length == 3 && t[1].equals("const")) consts.add(i);
        }
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            String lit = literals[rnd.nextInt(literals.length)];
            String shown = lit.length() > 24 ? lit.substring(0, 12) + "..." : lit;
            lit = latin1(lit);
            if (consts.isEmpty() || rnd.nextInt(4) == 0) {
                // A new constant, used so that it reaches the value.
                String last = lastId(lines);
                lines.add("fzc" + k + " const " + lit);
                if (last != null) {
                    String[] ops = {"add", "mul", "min", "max", "sub", "div", "mod", "atan2", "compare", "and", "or"};
                    lines.add("fzd" + k + " " + ops[rnd.nextInt(ops.length)] + " " + last + " fzc" + k);
                }
                what.append(k == 0 ? "" : ", ").append("new const ").append(shown);
            } else {
                int at = consts.get(rnd.nextInt(consts.size()));
                String[] t = tokens(lines.get(at));
                lines.set(at, t[0] + " const " + lit);
                what.append(k == 0 ? "" : ", ").append("line ").append(at + 1).append(" const ").append(shown);
            }
        }
        return join(lines);
    }

    private static final String[] CHAIN_OPS = {"add", "sub", "mul", "min", "max", "neg", "abs", "square", "sqrt",
        "sin", "div", "max", "min", "add"};

    private static String deepChain(String text, SplittableRandom rnd, StringBuilder what) {
        int[] lengths = {100, 1000, 1000, 5000, 20_000, 60_000};
        int n = lengths[rnd.nextInt(lengths.length)];
        List<String> lines = lines(text);
        String prev = lastId(lines);
        StringBuilder sb = new StringBuilder(text).append("\nfzx var-x\nfzy var-y\nfzk const 1e-4\nfzm const 1.0001\n");
        if (prev == null) prev = "fzx";
        boolean mixed = rnd.nextBoolean();
        what.append("chain of ").append(n).append(mixed ? " mixed ops" : " adds");
        for (int i = 0; i < n; i++) {
            String id = "fzc" + i;
            String op = mixed ? CHAIN_OPS[rnd.nextInt(CHAIN_OPS.length)] : "add";
            sb.append(id).append(' ').append(op).append(' ').append(prev);
            if (Opcode.byText(op).arity() == 2) {
                String other = switch (op) {
                    case "mul", "div" -> "fzm";
                    case "min" -> "fzx";
                    case "max" -> "fzy";
                    default -> "fzk";
                };
                sb.append(' ').append(other);
            }
            sb.append('\n');
            prev = id;
        }
        return sb.toString();
    }

    private static String wideFanIn(String text, SplittableRandom rnd, StringBuilder what) {
        int[] widths = {10, 100, 1000, 5000, 20_000};
        int n = widths[rnd.nextInt(widths.length)];
        List<String> lines = lines(text);
        String hub = lastId(lines);
        StringBuilder sb = new StringBuilder(text).append("\nfzx var-x\n");
        if (hub == null) hub = "fzx";
        String[] ops = {"add", "mul", "max", "min", "sub"};
        String op = ops[rnd.nextInt(ops.length)];
        String join = rnd.nextBoolean() ? "min" : "add";
        boolean tree = rnd.nextBoolean();
        what.append(n).append(" users of ").append(hub).append(" (").append(op).append("), joined by ")
                .append(tree ? "a tree of " : "a chain of ").append(join);
        List<String> level = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sb.append("fzk").append(i).append(" const ").append(i * 1e-4).append('\n');
            sb.append("fzw").append(i).append(' ').append(op).append(' ').append(hub).append(" fzk").append(i).append('\n');
            level.add("fzw" + i);
        }
        int id = 0;
        if (tree) {
            while (level.size() > 1) {
                List<String> next = new ArrayList<>();
                for (int i = 0; i + 1 < level.size(); i += 2) {
                    String j = "fzj" + id++;
                    sb.append(j).append(' ').append(join).append(' ').append(level.get(i)).append(' ')
                            .append(level.get(i + 1)).append('\n');
                    next.add(j);
                }
                if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
                level = next;
            }
        } else {
            String acc = level.get(0);
            for (int i = 1; i < level.size(); i++) {
                String j = "fzj" + id++;
                sb.append(j).append(' ').append(join).append(' ').append(acc).append(' ').append(level.get(i)).append('\n');
                acc = j;
            }
        }
        return sb.toString();
    }

    private static String selfReference(String text, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        List<Integer> ops = opLines(lines);
        List<Integer> withOperands = new ArrayList<>();
        for (int i : ops) if (tokens(lines.get(i)).length >= 3 && !tokens(lines.get(i))[1].equals("const")) withOperands.add(i);
        int mode = rnd.nextInt(3);
        if (withOperands.isEmpty() || mode == 0) {
            String last = lastId(lines);
            lines.add("fzs add fzs " + (last == null ? "fzs" : last));
            what.append("appended a self-referencing line");
        } else if (mode == 1) {
            int at = withOperands.get(rnd.nextInt(withOperands.size()));
            String[] t = tokens(lines.get(at));
            t[2 + rnd.nextInt(t.length - 2)] = t[0];
            lines.set(at, String.join(" ", t));
            what.append("line ").append(at + 1).append(" refers to itself");
        } else {
            // A redefinition: a later line takes an earlier line's id.
            int a = ops.get(rnd.nextInt(ops.size()));
            int b = ops.get(rnd.nextInt(ops.size()));
            String[] ta = tokens(lines.get(Math.min(a, b)));
            String[] tb = tokens(lines.get(Math.max(a, b)));
            if (ta.length > 0 && tb.length > 0) {
                tb[0] = ta[0];
                lines.set(Math.max(a, b), String.join(" ", tb));
            }
            what.append("line ").append(Math.max(a, b) + 1).append(" redefines the id of line ").append(Math.min(a, b) + 1);
        }
        return join(lines);
    }

    private static String forwardReference(String text, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        List<Integer> ops = opLines(lines);
        if (ops.size() < 2 || rnd.nextInt(5) == 0) {
            String last = lastId(lines);
            lines.add("fzf add " + (last == null ? "fzg" : last) + " fzg");
            lines.add("fzg var-y");
            what.append("appended a forward reference");
            return join(lines);
        }
        int i = rnd.nextInt(ops.size() - 1);
        int j = i + 1 + rnd.nextInt(ops.size() - 1 - i);
        String[] ti = tokens(lines.get(ops.get(i)));
        String[] tj = tokens(lines.get(ops.get(j)));
        if (ti.length >= 3 && !ti[1].equals("const") && tj.length >= 1) {
            ti[2 + rnd.nextInt(ti.length - 2)] = rnd.nextInt(6) == 0 ? "_undefined" : tj[0];
            lines.set(ops.get(i), String.join(" ", ti));
            what.append("line ").append(ops.get(i) + 1).append(" refers to line ").append(ops.get(j) + 1);
        } else {
            // Move a line above its first user.
            String moved = lines.remove((int) ops.get(j));
            lines.add(ops.get(i), moved);
            what.append("moved line ").append(ops.get(j) + 1).append(" up to ").append(ops.get(i) + 1);
        }
        return join(lines);
    }

    private static final String[] BAD_UTF8 = {"\u00ff", "\u00fe", "\u00c0\u0080", "\u00ed\u00a0\u0080", "\u0080",
        "\u00e2\u0082", "\u00f8\u0088\u0080\u0080\u0080", "\u00f4\u0090\u0080\u0080", "\u00c3", "\u00ef\u00bb\u00bf"};

    private static String nonUtf8(String text, SplittableRandom rnd, StringBuilder what) {
        switch (rnd.nextInt(5)) {
            case 0 -> {
                what.append("as UTF-16");
                String s = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                return new String(s.getBytes(rnd.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE),
                        StandardCharsets.ISO_8859_1);
            }
            case 1 -> {
                // Valid UTF-8, in ids and in comments: fine.
                what.append("non-ASCII ids and comments");
                return text.replace("_", latin1("π_")).replace("# ", latin1("# ¿ü€😀 "));
            }
            case 2 -> {
                what.append("Latin-1 in a comment");
                List<String> lines = lines(text);
                lines.add(rnd.nextInt(lines.size() + 1), "# caf\u00e9 \u00ff\u00fe");
                return join(lines);
            }
            default -> {
                int n = 1 + rnd.nextInt(3);
                StringBuilder sb = new StringBuilder(text);
                for (int i = 0; i < n; i++) {
                    String bad = BAD_UTF8[rnd.nextInt(BAD_UTF8.length)];
                    int at = rnd.nextInt(sb.length() + 1);
                    sb.insert(at, bad);
                    what.append(i == 0 ? "" : ", ").append(bad.length()).append(" bad bytes at ").append(at);
                }
                return sb.toString();
            }
        }
    }

    private static final String[] OPCODES = Arrays.stream(Opcode.values()).map(Opcode::text).toArray(String[]::new);

    private static String lineEdit(String text, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        List<Integer> ops = opLines(lines);
        int at = ops.isEmpty() ? 0 : ops.get(rnd.nextInt(ops.size()));
        String line = lines.isEmpty() ? "" : lines.get(at);
        String[] t = tokens(line);
        switch (rnd.nextInt(16)) {
            case 0 -> {
                lines.remove(at);
                what.append("deleted line ").append(at + 1);
            }
            case 1 -> {
                lines.add(at, line);
                what.append("duplicated line ").append(at + 1);
            }
            case 2 -> {
                if (t.length >= 2) t[1] = rnd.nextInt(4) == 0 ? new String[] {"frob", "ADD", "Add", "var-w", "", "#"}[rnd.nextInt(6)]
                        : OPCODES[rnd.nextInt(OPCODES.length)];
                lines.set(at, String.join(" ", t));
                what.append("opcode of line ").append(at + 1).append(" changed");
            }
            case 14, 15 -> {
                // Opcodes swapped for others of the same arity: valid models that mix every op.
                int swaps = 1 + rnd.nextInt(Math.max(1, ops.size() / 4));
                for (int k = 0; k < swaps && !ops.isEmpty(); k++) {
                    int i = ops.get(rnd.nextInt(ops.size()));
                    String[] u = tokens(lines.get(i));
                    Opcode op = u.length >= 2 ? Opcode.byText(u[1]) : null;
                    if (op == null || op.arity() == 0) continue;
                    List<String> same = Arrays.stream(Opcode.values()).filter(o -> o.arity() == op.arity())
                            .map(Opcode::text).toList();
                    u[1] = same.get(rnd.nextInt(same.size()));
                    lines.set(i, String.join(" ", u));
                }
                what.append(swaps).append(" opcodes swapped for others of the same arity");
            }
            case 3 -> {
                lines.set(at, line + " " + (t.length > 2 ? t[2] : "_0"));
                what.append("extra operand on line ").append(at + 1);
            }
            case 4 -> {
                if (t.length >= 3) lines.set(at, String.join(" ", Arrays.copyOf(t, t.length - 1)));
                what.append("operand removed on line ").append(at + 1);
            }
            case 5 -> {
                what.append("CRLF line ends");
                return text.replace("\n", "\r\n");
            }
            case 6 -> {
                what.append("CR line ends");
                return text.replace("\n", "\r");
            }
            case 7 -> {
                what.append("tabs, form feeds, vertical tabs and trailing comments");
                List<String> out = new ArrayList<>();
                for (String l : lines) out.add("\t" + l.replace(" ", rnd.nextBoolean() ? "\t" : " \u000b\f ") + " # c");
                return join(out);
            }
            case 8 -> {
                what.append("byte order mark");
                return "\u00ef\u00bb\u00bf" + text;
            }
            case 9 -> {
                int len = new int[] {1000, 100_000, 1_000_000}[rnd.nextInt(3)];
                lines.add(at, "x".repeat(len) + " add _0 _1");
                what.append("a ").append(len).append("-char id at line ").append(at + 1);
            }
            case 10 -> {
                int count = new int[] {10, 10_000, 200_000}[rnd.nextInt(3)];
                lines.add(at, "_t add" + " _0".repeat(count));
                what.append(count).append(" operands at line ").append(at + 1);
            }
            case 11 -> {
                char c = new char[] {0, 1, 8, 0x1b, 0x7f}[rnd.nextInt(5)];
                lines.set(at, line + c);
                what.append("control byte ").append((int) c).append(" on line ").append(at + 1);
            }
            case 12 -> {
                what.append("only comments and blank lines");
                List<String> out = new ArrayList<>();
                for (String l : lines) out.add(rnd.nextBoolean() ? "# " + l : "");
                return join(out);
            }
            default -> {
                int blanks = new int[] {1, 1000, 100_000}[rnd.nextInt(3)];
                lines.add(at, "\n".repeat(blanks - 1));
                what.append(blanks).append(" blank lines at line ").append(at + 1);
            }
        }
        return join(lines);
    }

    private static String varZ(String text, SplittableRandom rnd, StringBuilder what) {
        List<String> lines = lines(text);
        if (rnd.nextBoolean()) {
            String last = lastId(lines);
            String op = new String[] {"add", "mul", "max", "min", "sub"}[rnd.nextInt(5)];
            lines.add("fzz var-z");
            lines.add("fzr " + op + " " + (last == null ? "fzz" : last) + " fzz");
            what.append(op).append(" var-z into the value");
        } else {
            int changed = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("var-x") || lines.get(i).contains("var-y")) {
                    if (rnd.nextBoolean()) {
                        lines.set(i, lines.get(i).replace("var-x", "var-z").replace("var-y", "var-z"));
                        changed++;
                    }
                }
            }
            what.append(changed).append(" variables became var-z");
        }
        return join(lines);
    }

    // ================================================================ the text oracle

    /**
     * Evaluates {@code .vm} bytes line by line, as the format spec reads them, in f32 with
     * {@link SpecOracle}: no graph, tape, deduplication or folding. Only for files that read.
     */
    record TextOracle(Opcode[] ops, int[] a, int[] b, float[] consts) {
        static TextOracle of(byte[] bytes) {
            int n = bytes.length;
            int pos = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
            // Ids as Latin-1 strings of their bytes: equal UTF-8 bytes, equal ids.
            Map<String, Integer> ids = new HashMap<>();
            List<Opcode> ops = new ArrayList<>();
            int[] a = new int[16];
            int[] b = new int[16];
            float[] c = new float[16];
            String[] t = new String[4];
            while (pos < n) {
                int end = pos;
                while (end < n && bytes[end] != '\n' && bytes[end] != '\r') end++;
                int count = 0;
                for (int p = pos; p < end; ) {
                    while (p < end && blank(bytes[p])) p++;
                    if (p == end || bytes[p] == '#') break;
                    int q = p;
                    while (q < end && !blank(bytes[q])) q++;
                    if (count < t.length) t[count] = new String(bytes, p, q - p, StandardCharsets.ISO_8859_1);
                    count++;
                    p = q;
                }
                pos = end < n && bytes[end] == '\r' && end + 1 < n && bytes[end + 1] == '\n' ? end + 2 : end + 1;
                if (count == 0) continue;
                Opcode op = Opcode.byText(t[1]);
                if (op == null) return null;
                int i = ops.size();
                if (i == a.length) {
                    a = Arrays.copyOf(a, 2 * i);
                    b = Arrays.copyOf(b, 2 * i);
                    c = Arrays.copyOf(c, 2 * i);
                }
                a[i] = -1;
                b[i] = -1;
                if (op == Opcode.CONST) c[i] = (float) number(t[2]);
                if (op.arity() >= 1) a[i] = ids.get(t[2]);
                if (op.arity() == 2) b[i] = ids.get(t[3]);
                ids.put(t[0], i);
                ops.add(op);
            }
            int count = ops.size();
            return new TextOracle(ops.toArray(Opcode[]::new), Arrays.copyOf(a, count), Arrays.copyOf(b, count),
                    Arrays.copyOf(c, count));
        }

        private static boolean blank(byte x) {
            return x == ' ' || x == '\t' || x == '\f' || x == 0x0B;
        }

        int length() {
            return ops.length;
        }

        float eval(float x, float y, float z) {
            float[] v = new float[ops.length];
            for (int i = 0; i < ops.length; i++) {
                v[i] = switch (ops[i]) {
                    case CONST -> consts[i];
                    case VAR_X -> x;
                    case VAR_Y -> y;
                    case VAR_Z -> z;
                    // docs/semantics.md: −0 below +0, which shows through atan2, recip and div.
                    // (SpecOracle returns the first of two zeros.)
                    case MIN -> orderedZeros(ops[i], v[a[i]], v[b[i]], true);
                    case MAX -> orderedZeros(ops[i], v[a[i]], v[b[i]], false);
                    default -> SpecOracle.apply(ops[i], v[a[i]], b[i] >= 0 ? v[b[i]] : 0f);
                };
            }
            return v[ops.length - 1];
        }

        private static float orderedZeros(Opcode op, float a, float b, boolean min) {
            if (a == 0f && b == 0f) {
                int x = Float.floatToRawIntBits(a), y = Float.floatToRawIntBits(b);
                return Float.intBitsToFloat(min ? x | y : x & y);
            }
            return SpecOracle.apply(op, a, b);
        }

        static double number(String s) {
            String t = s.toLowerCase(Locale.ROOT);
            boolean neg = t.startsWith("-");
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            return switch (body) {
                case "inf", "infinity" -> neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(s);
            };
        }
    }
}
