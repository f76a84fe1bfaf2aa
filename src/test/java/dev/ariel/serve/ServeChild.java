package dev.ariel.serve;

import dev.ariel.testing.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code ariel serve} in a child JVM, for tests that could crash or exhaust the JVM they run in
 * (signals during compiled renders, a small fixed heap): the test talks to it over HTTP, signals
 * it, and reads how it ended.
 */
final class ServeChild implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("ariel: serving (http://[^ ]+/) ");
    private static final Pattern MODEL = Pattern.compile("ariel: model ([0-9a-f]+) at ");

    final Process process;
    final URI uri;
    final List<String> modelIds;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Path dir;
    private final Path err;

    private ServeChild(Process process, URI uri, List<String> modelIds, Path dir, Path err) {
        this.process = process;
        this.uri = uri;
        this.modelIds = modelIds;
        this.dir = dir;
        this.err = err;
    }

    /** Starts {@code ariel serve --port 0 ARGS} with {@code jvmOptions} and waits until it listens. */
    static ServeChild start(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ariel-serve-child");
        Path err = dir.resolve("stderr.txt");
        List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", "0"));
        serveArgs.addAll(args);
        Process p = new ProcessBuilder(ChildJvm.command(jvmOptions, "dev.ariel.cli.Main", serveArgs, dir))
                .directory(Path.of("").toAbsolutePath().toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() - deadline < 0 && p.isAlive()) {
            String text = Files.readString(err, StandardCharsets.ISO_8859_1);
            Matcher m = SERVING.matcher(text);
            if (m.find()) {
                List<String> ids = new ArrayList<>();
                Matcher models = MODEL.matcher(text);
                while (models.find()) ids.add(models.group(1));
                if (ids.size() >= args.stream().filter(a -> a.endsWith(".vm")).count()) {
                    return new ServeChild(p, URI.create(m.group(1)), List.copyOf(ids), dir, err);
                }
            }
            Thread.sleep(50);
        }
        String text = Files.readString(err, StandardCharsets.ISO_8859_1);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        deleteTree(dir);
        throw new AssertionError("the service did not start:\n" + text);
    }

    HttpResponse<byte[]> get(String path, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri.resolve(path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What the service wrote on stderr so far. */
    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.ISO_8859_1);
    }

    /** The head of the child's hs_err report, or "". */
    String hsErr() throws IOException {
        return ChildJvm.hsErrHead(dir);
    }

    /** Sends SIGTERM and waits up to {@code timeout} for the exit code (-1 if it did not exit). */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return -1;
        return process.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        http.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
