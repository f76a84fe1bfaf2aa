package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The service admits only what its heap can hold (issue 16, class 4). {@code ariel serve} runs in
 * a child JVM with a small fixed heap while this test sends it what used to exhaust it: slow
 * uploads that each buffered up to the body limit, models of a million ops that filled the store,
 * and models whose values all stay alive at once, whose per-slot buffers in every render thread
 * failed every tile and killed the HTTP server's dispatcher. A watchdog asks {@code /health}
 * throughout: it must keep answering, and the service must end the test still rendering.
 */
class AdmissionTest {
    private static final String HEAP = "-Xmx512m";

    @Test
    void healthKeepsAnsweringUnderUploadsLargeModelsAndSlotHeavyRenders() throws Exception {
        try (ServeChild s = ServeChild.start(List.of(HEAP, "-XX:+UseG1GC"),
                List.of("--max-body-mb", "20", "--engine", "interp", "models/circle.vm"));
                Watchdog dog = new Watchdog(s)) {
            slowUploadsAreTurnedAwayPastTheBudget(s);
            largeModelsStayWithinTheStoresBytes(s);
            slotHeavyModelsRunWithFewerThreadsOrGet413(s);

            HttpResponse<byte[]> r = s.get("models/" + s.modelIds.get(0) + "/render?w=256&h=256", Duration.ofSeconds(30));
            assertEquals(200, r.statusCode(), "the service no longer renders: " + text(r));
            dog.stop();
            assertEquals(List.of(), List.copyOf(dog.failures), "/health did not answer");
            assertTrue(dog.checks.get() > 20, "the watchdog checked /health only " + dog.checks + " times");
            assertTrue(dog.slowestMillis.get() < 5_000, "/health took " + dog.slowestMillis + " ms");
            assertEquals("", s.hsErr());
            assertTrue(!s.stderr().contains("OutOfMemoryError"), s.stderr());
            System.out.printf(Locale.ROOT, "AdmissionTest (%s): peak heap used %.0f MB; /health answered %d times, "
                    + "slowest %d ms%n", HEAP, dog.peakHeap.get() / 1e6, dog.checks.get(), dog.slowestMillis.get());
        }
    }

    // 40 uploads that declare 16 MB and send 100 bytes every 100 ms: past the first, which holds
    // the memory for reading and parsing 16 MB, they get 503 with Retry-After before their body ends.
    private static void slowUploadsAreTurnedAwayPastTheBudget(ServeChild s) throws Exception {
        int clients = 40;
        List<Future<String>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                int n = i;
                answers.add(pool.submit(() -> slowUpload(s, "slow" + n + ".vm", 16 << 20, 60)));
            }
            int refused = 0;
            for (Future<String> f : answers) {
                String head = f.get();
                if (head.startsWith("HTTP/1.1 503") && head.toLowerCase(Locale.ROOT).contains("\r\nretry-after: ")) refused++;
            }
            assertTrue(refused >= clients - 2, refused + " of " + clients + " slow uploads were refused");
            System.out.println("AdmissionTest: " + refused + " of " + clients + " slow uploads refused with 503");
        }
    }

    // Sends the headers, then a dribble of the body; returns the response head the service sent, if any.
    private static String slowUpload(ServeChild s, String name, int declared, int chunks) throws IOException {
        try (Socket socket = new Socket(s.uri.getHost(), s.uri.getPort())) {
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /models?name=" + name + " HTTP/1.1\r\nHost: " + s.uri.getAuthority() + "\r\nContent-Length: "
                    + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] chunk = "x var-x\n".repeat(12).getBytes(StandardCharsets.US_ASCII);
            StringBuilder answer = new StringBuilder();
            byte[] buf = new byte[4096];
            for (int i = 0; i < chunks && answer.isEmpty(); i++) {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (IOException e) {
                    break; // the service answered and closed the connection
                }
                try {
                    int got = in.read(buf);
                    if (got > 0) answer.append(new String(buf, 0, got, StandardCharsets.ISO_8859_1));
                } catch (java.net.SocketTimeoutException e) {
                    // nothing yet: go on dribbling
                }
            }
            return answer.toString();
        }
    }

    // Seven different models of a million ops, one after another: the store keeps what its bytes
    // allow and lets the least recently used go, and every upload gets an answer.
    private static void largeModelsStayWithinTheStoresBytes(ServeChild s) throws Exception {
        for (int i = 0; i < 7; i++) {
            byte[] model = chain(999_000, i);
            HttpResponse<byte[]> r = post(s, "million" + i + ".vm", model);
            // 201: held (evicting older uploads); 413 or 503: over the budget, said so in one line.
            assertTrue(List.of(201, 413, 503).contains(r.statusCode()), "upload " + i + ": " + text(r));
            System.out.println("AdmissionTest: million-op upload " + i + ": " + text(r));
            if (r.statusCode() == 201) {
                String id = id(r);
                HttpResponse<byte[]> img = s.get("models/" + id + "/render?w=64&h=64", Duration.ofSeconds(60));
                assertTrue(List.of(200, 413, 422, 503).contains(img.statusCode()), "render " + i + ": " + text(img));
                System.out.println("AdmissionTest: its render: " + img.statusCode());
            }
        }
        // The models' share of a 512 MB heap (192 MB) holds one of them at about 140 MB.
        HttpResponse<byte[]> list = s.get("models", Duration.ofSeconds(30));
        long held = new String(list.body(), StandardCharsets.UTF_8).split("\"million", -1).length - 1;
        assertTrue(held <= 1, "the store holds " + held + " million-op models: " + text(list));
    }

    // A model whose values all stay alive at once needs a leaf buffer per slot in every render
    // thread: one that fits a thread renders on fewer threads, one that fits none gets 413.
    private static void slotHeavyModelsRunWithFewerThreadsOrGet413(ServeChild s) throws Exception {
        HttpResponse<byte[]> fits = post(s, "wide.vm", allAlive(12_000));
        assertEquals(201, fits.statusCode(), text(fits));
        String id = id(fits);
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> renders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpRequest q = HttpRequest.newBuilder(s.uri.resolve("models/" + id + "/render?w=48&h=48&cx=0." + i))
                    .timeout(Duration.ofSeconds(60)).build();
            renders.add(s.http.sendAsync(q, HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (var f : renders) {
            HttpResponse<byte[]> r = f.get();
            assertTrue(List.of(200, 422, 503).contains(r.statusCode()), text(r));
            System.out.println("AdmissionTest: slot-heavy render: " + r.statusCode());
        }
        HttpResponse<byte[]> huge = post(s, "wider.vm", allAlive(40_000));
        assertEquals(201, huge.statusCode(), text(huge));
        String hugeId = id(huge);
        HttpResponse<byte[]> refused = s.get("models/" + hugeId + "/render?w=48&h=48", Duration.ofSeconds(60));
        assertEquals(413, refused.statusCode(), text(refused));
        assertTrue(text(refused).contains("MB of render buffers a thread"), text(refused));
    }

    /** A chain of {@code ops} ops that no simplification shortens, different for each seed. */
    static byte[] chain(int ops, int seed) {
        StringBuilder sb = new StringBuilder(ops * 18);
        sb.append("x var-x\ny var-y\na const ").append(0.5 + seed / 1000.0).append('\n');
        String prev = "a";
        for (int i = 0; i < ops - 4; i++) {
            String id = "v" + Integer.toString(i, 36);
            sb.append(id).append(i % 2 == 0 ? " add " : " mul ").append(prev).append(i % 3 == 0 ? " x\n" : " y\n");
            prev = id;
        }
        sb.append("out sub ").append(prev).append(" a\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code n} values, sin(c_i x), all computed before the first is summed: n slots alive at once. */
    static byte[] allAlive(int n) {
        StringBuilder sb = new StringBuilder("x var-x\ny var-y\n");
        for (int i = 0; i < n; i++) {
            sb.append('c').append(i).append(" const ").append(0.001 * (i + 1)).append('\n');
            sb.append('m').append(i).append(" mul x c").append(i).append('\n');
            sb.append('w').append(i).append(" sin m").append(i).append('\n');
        }
        String prev = "w0";
        for (int i = 1; i < n; i++) {
            sb.append('s').append(i).append(" add ").append(prev).append(" w").append(i).append('\n');
            prev = "s" + i;
        }
        sb.append("out sub ").append(prev).append(" y\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<byte[]> post(ServeChild s, String name, byte[] body) throws Exception {
        return s.http.send(HttpRequest.newBuilder(s.uri.resolve("models?name=" + name)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String id(HttpResponse<byte[]> r) {
        return (String) ((Map<?, ?>) MiniJson.parse(new String(r.body(), StandardCharsets.UTF_8))).get("id");
    }

    private static String text(HttpResponse<byte[]> r) {
        return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8).strip();
    }

    /** Asks {@code /health} every 100 ms, and the heap used from {@code /metrics}, until stopped. */
    private static final class Watchdog implements AutoCloseable {
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicLong peakHeap = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Watchdog(ServeChild s) {
            thread = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> h = s.get("health", Duration.ofSeconds(10));
                        if (h.statusCode() != 200) failures.add(text(h));
                        slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        checks.incrementAndGet();
                        String m = new String(s.get("metrics", Duration.ofSeconds(10)).body(), StandardCharsets.UTF_8);
                        for (String line : m.lines().toList()) {
                            if (line.startsWith("jvm_heap_used_bytes ")) {
                                peakHeap.accumulateAndGet((long) Double.parseDouble(line.substring(20)), Math::max);
                            }
                        }
                        Thread.sleep(100);
                    } catch (IOException e) {
                        failures.add("no answer after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
