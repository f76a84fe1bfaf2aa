package dev.ariel.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a main class of the test classpath in a child JVM, so that code which could crash the JVM
 * (native code, signal handlers) fails one test with a message instead of killing the test run.
 *
 * <p>The child gets this JVM's {@code -Xcheck:jni}, if it has it. It runs in this JVM's working folder (so that {@code models/} and {@code ../shared}
 * resolve), with {@code -XX:ErrorFile} pointing into a scratch folder and no core dump. If it dies, {@link Result#describe()} says how: the exit code, the signal if it was killed
 * by one, the head of its {@code hs_err} report (the crash's signal and problematic frame), and the
 * tail of its output.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * What a child JVM did.
     *
     * @param command what ran
     * @param exitCode its exit code, or -1 if it timed out and was killed
     * @param output stdout and stderr, interleaved
     * @param hsErr the head of its hs_err report, or "" if it wrote none
     */
    public record Result(List<String> command, int exitCode, String output, String hsErr) {
        /** Whether it exited with 0 and wrote no crash report. */
        public boolean succeeded() {
            return exitCode == 0 && hsErr.isEmpty();
        }

        /** The lines of the output that start with {@code prefix}. */
        public List<String> linesStartingWith(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).toList();
        }

        /** How the child ended, for an assertion message: crash report head and output tail included. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            if (exitCode == -1) {
                sb.append("the child JVM timed out and was killed");
            } else if (exitCode > 128 && exitCode < 160) {
                sb.append("the child JVM was killed by signal ").append(exitCode - 128).append(" (exit code ").append(exitCode).append(')');
            } else {
                sb.append("the child JVM exited with ").append(exitCode);
            }
            String crash = crashSummary();
            if (!crash.isEmpty()) sb.append("; it crashed: ").append(crash);
            List<String> shown = new ArrayList<>(command);
            int cp = shown.indexOf("-cp");
            if (cp >= 0 && cp + 1 < shown.size()) shown.set(cp + 1, "<the test class path>");
            sb.append("\ncommand: ").append(String.join(" ", shown));
            if (!hsErr.isEmpty()) sb.append("\n--- hs_err (head) ---\n").append(hsErr);
            sb.append("\n--- output (tail) ---\n").append(tail(output, 40));
            return sb.toString();
        }

        // "SIGSEGV (0xb) at pc=..., pid=..., tid=..." and the problematic frame, from hs_err or the output.
        private String crashSummary() {
            String text = hsErr.isEmpty() ? output : hsErr;
            List<String> parts = new ArrayList<>();
            Matcher m = Pattern.compile("#\\s+(SIG[A-Z0-9]+ \\(0x[0-9a-f]+\\) at pc=[^,]+)").matcher(text);
            if (m.find()) parts.add(m.group(1));
            m = Pattern.compile("#\\s+(Internal Error .*|Out of Memory Error .*)").matcher(text);
            if (m.find()) parts.add(m.group(1));
            m = Pattern.compile("# Problematic frame:\\s*\\n#\\s*(.+)").matcher(text);
            if (m.find()) parts.add("in " + m.group(1).strip());
            return String.join(", ", parts);
        }
    }

    /**
     * Runs {@code mainClass} with the test classpath, native access enabled, {@code jvmOptions}
     * and {@code args}, and waits for it up to {@code timeout}.
     */
    public static Result run(List<String> jvmOptions, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ariel-child");
        try {
            List<String> cmd = command(jvmOptions, mainClass, args, dir);
            Path out = dir.resolve("output.txt");
            Process p = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            int code;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                code = -1;
            }
            String output = Files.readString(out, StandardCharsets.ISO_8859_1);
            return new Result(List.copyOf(cmd), code, output, hsErrHead(dir));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The command {@link #run} runs, for a test that drives the child while it runs (signals,
     * requests): {@code hs_err} reports go to {@code errorDir}, where {@link #hsErrHead} finds them.
     */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args, Path errorDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:ErrorFile=" + errorDir.resolve("hs_err_pid%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        // A test run under -Xcheck:jni checks its children too.
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.equals("-Xcheck:jni") || option.equals("-XX:+CheckJNICalls")) cmd.add(option);
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    // The class path of this JVM with every entry absolute (surefire's may be a manifest-only jar).
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) entries.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The head of the {@code hs_err} report in {@code dir}, or "" if there is none. */
    public static String hsErrHead(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path report = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
            if (report == null) return "";
            List<String> lines = Files.readAllLines(report, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(0, Math.min(lines.size(), 40)));
        }
    }

    private static String tail(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
