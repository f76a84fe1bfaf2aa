package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A request that spent its budget waiting in the render queue gets 503 with {@code Retry-After}
 * (the service is busy), not the 422 of a render too large for its budget (issue 16, class 4).
 */
class QueueBudgetTest {
    @Test
    void aRequestThatWaitedOutItsBudgetGets503NotA422() throws Exception {
        ServeConfig c = ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("dense.vm")))
                .withConcurrency(2, 1, 4).withLimits(1 << 20, 20_000, 4096, 12, 1_500)
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false);
        try (ArielServer s = ArielServer.start(c, System.err); HttpClient http = HttpClient.newHttpClient()) {
            URI render = s.uri().resolve("models/" + s.modelIds().getFirst() + "/render");
            // Holds the only render slot for its whole budget: dense.vm cannot be pruned.
            CompletableFuture<HttpResponse<String>> hog = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(render + "?w=4096&h=4096&mode=sdf")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!renderRunning(http, s) && System.nanoTime() - deadline < 0) Thread.sleep(5);
            HttpResponse<String> waited = http.send(HttpRequest.newBuilder(URI.create(render + "?w=4096&h=4096&scale=2"))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(503, waited.statusCode(), waited.body());
            assertTrue(waited.body().contains("the render queue did not move within the request's time budget"),
                    waited.body());
            assertTrue(waited.headers().firstValue("Retry-After").isPresent());
            assertEquals(422, hog.join().statusCode(), "the render that held the slot ran past its own budget");
        }
    }

    private static boolean renderRunning(HttpClient http, ArielServer s) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(s.uri().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().anyMatch(l -> l.startsWith("ariel_renders_running ")
                && Double.parseDouble(l.substring("ariel_renders_running ".length())) >= 1);
    }
}
