package dev.ariel.testing;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, with nothing but the JDK: the
 * browser is started with {@code --remote-debugging-port=0}, prints the address it picked on
 * stderr, and the page's target is spoken to over {@link java.net.http.WebSocket} in JSON.
 *
 * <p>{@link #close()} kills the browser and every process it started and deletes its profile
 * directory, whatever state it is in; every wait is bounded.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final List<ProcessHandle> processes = new ArrayList<>();
    private final Path profile;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> exceptions = new ArrayList<>();
    private WebSocket socket;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /**
     * The browser that {@code ARIEL_CHROMIUM} names (a path, or a command on PATH), else the first
     * of chromium, chromium-browser and google-chrome on PATH, or null.
     */
    public static Path find() {
        String named = System.getenv("ARIEL_CHROMIUM");
        if (named != null && !named.isBlank()) {
            return named.contains(File.separator) ? Path.of(named) : onPath(named);
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            Path p = onPath(name);
            if (p != null) return p;
        }
        return null;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The browser, or the calling test is skipped with a message saying why. */
    public static Path require() {
        Path p = find();
        String named = System.getenv("ARIEL_CHROMIUM");
        String why = null;
        if (named != null && !named.isBlank() && (p == null || !Files.isExecutable(p))) {
            why = "ARIEL_CHROMIUM is '" + named + "', which is neither an executable file nor a command on PATH";
        } else if (p == null) {
            why = "no Chromium: set ARIEL_CHROMIUM or put chromium, chromium-browser or google-chrome on PATH"
                    + " (Debian: apt-get install --no-install-recommends chromium)";
        }
        if (why != null) {
            // Surefire keeps assumption messages in its reports; say it on the console too, once.
            if (!warned) System.out.println("[ariel-tests] skipping: " + why);
            warned = true;
            Assumptions.abort(why);
        }
        return p;
    }

    private static volatile boolean warned;

    /**
     * Starts {@code binary} headless with a fresh profile and a {@code width}×{@code height}
     * viewport at one device pixel per CSS pixel, and connects to its blank page.
     */
    public static HeadlessChromium launch(Path binary, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("ariel-chromium-");
        List<String> command = List.of(binary.toString(),
                "--headless=new",
                "--no-sandbox", // tests may run as root, where Chromium's sandbox refuses to start
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1",
                // Nothing but the page under test reaches the network, and a page that the
                // browser thinks is in the background still gets its timers and frames.
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        HeadlessChromium browser = new HeadlessChromium(process, profile);
        try {
            browser.connect(width, height);
            return browser;
        } catch (IOException | RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    private void connect(int width, int height) throws IOException {
        CompletableFuture<String> address = new CompletableFuture<>();
        // The browser writes to stderr all its life: keep reading it, or it blocks on a full pipe.
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > 40) stderrTail.removeFirst();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) address.complete(m.group(1));
                }
            } catch (IOException e) {
                // the browser is gone
            }
            address.completeExceptionally(new IOException("Chromium exited without a DevTools address"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        URI browserSocket = URI.create(await(address, START_TIMEOUT, "the DevTools address on Chromium's stderr"));
        noteChildren();

        // The page Chromium opened at start: its own socket takes commands without session ids.
        URI list = URI.create("http://" + browserSocket.getAuthority() + "/json/list");
        String pageSocket = null;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (pageSocket == null) {
            String body = await(http.sendAsync(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), CALL_TIMEOUT, list.toString()).body();
            for (Object t : (List<?>) MiniJson.parse(body)) {
                Map<?, ?> target = (Map<?, ?>) t;
                if ("page".equals(target.get("type"))) pageSocket = (String) target.get("webSocketDebuggerUrl");
            }
            if (pageSocket == null) {
                if (System.nanoTime() > deadline) throw new IOException("Chromium opened no page: " + body);
                sleep(50);
            }
        }
        socket = await(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(pageSocket), new Listener()), CALL_TIMEOUT, "the page's DevTools socket");
        send("Runtime.enable", Map.of());
        send("Page.enable", Map.of());
        // The window's size is not the page's: headless Chromium keeps some of it for a browser
        // frame it does not draw. Fix the viewport itself, at one device pixel per CSS pixel.
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    // The processes the browser started (the wrapper script's child, zygotes, renderers), kept so
    // that close() can kill them even after the browser itself is gone.
    private void noteChildren() {
        process.descendants().forEach(p -> {
            if (!processes.contains(p)) processes.add(p);
        });
    }

    /** Sends a DevTools command and returns its {@code result}, or throws with the browser's error. */
    public Map<String, Object> send(String method, Map<String, ?> params) {
        return send(method, params, CALL_TIMEOUT);
    }

    /** {@link #send(String, Map)} with its own time limit. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> send(String method, Map<String, ?> params, Duration timeout) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        try {
            await(socket.sendText(Json.write(message), true), CALL_TIMEOUT, "sending " + method);
            Map<String, Object> answer = await(reply, timeout, method);
            if (answer.get("error") instanceof Map<?, ?> error) {
                throw new IllegalStateException(method + " failed: " + error.get("message") + " " + Json.write(error.get("data")));
            }
            return (Map<String, Object>) answer.getOrDefault("result", Map.of());
        } finally {
            pending.remove(id);
        }
    }

    /**
     * The value of a JavaScript expression in the page, promises awaited, as MiniJson gives it
     * (maps, lists, strings, doubles, booleans, null). A thrown exception becomes an
     * AssertionError with the page's message.
     */
    public Object eval(String expression) {
        return eval(expression, CALL_TIMEOUT);
    }

    /** {@link #eval(String)} with its own time limit. */
    public Object eval(String expression, Duration timeout) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("expression", expression);
        params.put("awaitPromise", true);
        params.put("returnByValue", true);
        Map<String, Object> r = send("Runtime.evaluate", params, timeout);
        if (r.get("exceptionDetails") instanceof Map<?, ?> details) {
            Object description = details.get("exception") instanceof Map<?, ?> ex ? ex.get("description") : null;
            throw new AssertionError("in the page: " + (description != null ? description : details.get("text"))
                    + "\n  evaluating: " + expression);
        }
        return ((Map<?, ?>) r.get("result")).get("value");
    }

    /** {@code s} as a JavaScript (and JSON) string literal, quotes and all. */
    public static String literal(String s) {
        return Json.write(s);
    }

    /** A handle to the object a JavaScript expression gives, for commands that take an objectId. */
    public String objectId(String expression) {
        Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression));
        Object id = ((Map<?, ?>) r.get("result")).get("objectId");
        if (id == null) throw new AssertionError("'" + expression + "' is not an object in the page");
        return (String) id;
    }

    /** Opens {@code url} as a new document (navigating elsewhere first, so that a change of hash alone reloads too). */
    public void open(String url) {
        send("Page.navigate", Map.of("url", "about:blank"));
        Map<String, Object> r = send("Page.navigate", Map.of("url", url));
        if (r.get("errorText") instanceof String error) throw new AssertionError("cannot open " + url + ": " + error);
        noteChildren();
    }

    /** A screenshot of the page's viewport region at CSS pixels (x, y) of size w×h, at scale 1. */
    public BufferedImage screenshot(int x, int y, int w, int h) {
        Map<String, Object> r = send("Page.captureScreenshot", Map.of("format", "png",
                "clip", Map.of("x", x, "y", y, "width", w, "height", h, "scale", 1)));
        try {
            return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) r.get("data"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's uncaught exceptions since the last call, as the browser describes them. */
    public List<String> takeExceptions() {
        synchronized (exceptions) {
            List<String> taken = List.copyOf(exceptions);
            exceptions.clear();
            return taken;
        }
    }

    /** The last lines Chromium wrote on stderr, for failure messages. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Kills the browser and all its processes and deletes its profile; safe to call at any point, and twice. */
    @Override
    public void close() {
        if (socket != null) socket.abort();
        // Listed now, while they are still the browser's children: once it is gone they are orphans.
        noteChildren();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle p : processes) {
            if (!p.isAlive()) continue;
            p.destroy();
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        // A dying browser may still write into its profile for a moment: try again briefly.
        for (int attempt = 0; attempt < 20 && Files.exists(profile); attempt++) {
            deleteTree(profile);
            if (Files.exists(profile)) sleep(100);
        }
        if (Files.exists(profile)) System.err.println("[ariel-tests] could not delete " + profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // retried by the caller
        }
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + (process.isAlive() ? "" : " (Chromium exited with " + process.exitValue() + ")")
                    + "\nChromium's stderr ends:\n" + stderrTail());
        } catch (ExecutionException e) {
            throw new AssertionError("waiting for " + what + ": " + e.getCause()
                    + "\nChromium's stderr ends:\n" + stderrTail(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Map<String, Object> message = (Map<String, Object>) MiniJson.parse(text.toString());
                text.setLength(0);
                if (message.get("id") instanceof Double id) {
                    CompletableFuture<Map<String, Object>> reply = pending.get(id.intValue());
                    if (reply != null) reply.complete(message);
                } else if ("Runtime.exceptionThrown".equals(message.get("method"))) {
                    Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) message.get("params")).get("exceptionDetails");
                    Object ex = details.get("exception") instanceof Map<?, ?> e ? e.get("description") : details.get("text");
                    synchronized (exceptions) {
                        exceptions.add(String.valueOf(ex));
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            IOException closed = new IOException("the DevTools socket closed: " + status + " " + reason);
            pending.values().forEach(f -> f.completeExceptionally(closed));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    /** The JSON the protocol's commands need: maps, lists, strings, numbers, booleans and null. */
    static final class Json {
        private Json() {}

        static String write(Object value) {
            StringBuilder sb = new StringBuilder();
            write(value, sb);
            return sb.toString();
        }

        private static void write(Object v, StringBuilder sb) {
            switch (v) {
                case null -> sb.append("null");
                case String s -> string(s, sb);
                case Boolean b -> sb.append(b);
                case Integer i -> sb.append(i);
                case Long l -> sb.append(l);
                case Number n -> {
                    double d = n.doubleValue();
                    if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
                    sb.append(d);
                }
                case Map<?, ?> m -> {
                    sb.append('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (!first) sb.append(',');
                        first = false;
                        string(String.valueOf(e.getKey()), sb);
                        sb.append(':');
                        write(e.getValue(), sb);
                    }
                    sb.append('}');
                }
                case List<?> l -> {
                    sb.append('[');
                    for (int i = 0; i < l.size(); i++) {
                        if (i > 0) sb.append(',');
                        write(l.get(i), sb);
                    }
                    sb.append(']');
                }
                default -> throw new IllegalArgumentException("no JSON for " + v.getClass().getName());
            }
        }

        private static void string(String s, StringBuilder sb) {
            sb.append(dev.ariel.io.JsonWriter.quote(s));
        }
    }
}
