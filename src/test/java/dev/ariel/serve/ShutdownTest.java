package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while renders run compiled code past the grace period (issue 16, class 7): the service
 * used to unload the code under the render threads and die with SIGSEGV (exit 134). Now it
 * cancels what runs at the end of the grace period, waits until no thread holds compiled code, and
 * only then unloads it. Each round runs {@code ariel serve --engine jit} in a child JVM.
 */
class ShutdownTest {
    private static final int ROUNDS = 20;

    @Test
    void sigtermWithCompiledRendersInFlightStopsCleanlyEveryTime() throws Exception {
        Random random = new Random(16_7);
        for (int round = 0; round < ROUNDS; round++) {
            int grace = round % 2; // 0 s: cancelled at once; 1 s: some renders finish, others do not
            round(round, grace, random.nextInt(300));
        }
    }

    private static void round(int round, int grace, int delayMillis) throws Exception {
        String what = "round " + round + " (--grace " + grace + ", SIGTERM " + delayMillis + " ms after a render started)";
        try (ServeChild s = ServeChild.start(List.of("-Xmx512m"), List.of("--engine", "jit", "--no-cache", "--grace",
                String.valueOf(grace), "--max-renders", "2", "--max-queue", "8", "models/dense.vm"))) {
            String model = "models/" + s.modelIds.get(0) + "/render";
            HttpResponse<byte[]> warm = s.get(model + "?w=256&h=256&format=pgm", Duration.ofSeconds(60));
            assertEquals(200, warm.statusCode(), what);
            assertEquals("jit", warm.headers().firstValue("X-Ariel-Tier").orElse(""), what + ": no compiled code ran");

            List<CompletableFuture<HttpResponse<byte[]>>> big = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // Different views, so that no request waits for another's render of the same image.
                HttpRequest r = HttpRequest.newBuilder(s.uri.resolve(model + "?w=2048&h=2048&format=pgm&scale=1." + i))
                        .timeout(Duration.ofSeconds(60)).build();
                big.add(s.http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()));
            }
            awaitRunning(s, what);
            Thread.sleep(delayMillis);
            int code = s.terminate(Duration.ofSeconds(60));
            String err = s.stderr();
            assertEquals("", s.hsErr(), what + ": the JVM crashed\n" + err);
            assertEquals(0, code, what + ": exit code\n" + err);
            assertTrue(err.strip().endsWith("ariel: stopped"), what + ": stderr\n" + err);
            for (CompletableFuture<HttpResponse<byte[]>> f : big) {
                HttpResponse<byte[]> r;
                try {
                    r = f.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError(what + ": a request got no answer (" + e.getCause() + ")", e);
                }
                String body = new String(r.body(), StandardCharsets.UTF_8);
                if (r.statusCode() == 503) {
                    assertTrue(body.contains("the service is shutting down"), what + ": " + body);
                    assertTrue(r.headers().firstValue("Retry-After").isPresent(), what);
                } else {
                    assertEquals(200, r.statusCode(), what + ": " + body);
                }
            }
        }
    }

    // Until a render holds its slot: the one the test stops is then running compiled code.
    private static void awaitRunning(ServeChild s, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            String metrics = new String(s.get("metrics", Duration.ofSeconds(10)).body(), StandardCharsets.UTF_8);
            for (String line : metrics.lines().toList()) {
                if (line.startsWith("ariel_renders_running ") && Double.parseDouble(line.substring(22)) >= 1) return;
            }
            Thread.sleep(10);
        }
        fail(what + ": no render started");
    }
}
