package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --read-only} and {@code --upload-token-file}: who may post models to a public service. */
class ServeUploadsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MODEL = "_0 var-x\n_1 const 0.25\n_2 sub _0 _1\n";

    private static ArielServer start(ServeConfig.Uploads uploads) throws Exception {
        ServeConfig c = ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("showcase.vm")))
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false)
                .withClients(ServeConfig.Clients.defaults().withUploads(uploads));
        return ArielServer.start(c, System.err);
    }

    private static HttpResponse<String> post(ArielServer s, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve("models?name=line.vm"))
                .POST(HttpRequest.BodyPublishers.ofString(MODEL));
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReadOnlyServiceRefusesUploadsAndServesItsModels() throws Exception {
        try (ArielServer s = start(ServeConfig.Uploads.READ_ONLY)) {
            HttpResponse<String> r = post(s, null);
            assertEquals(403, r.statusCode());
            assertEquals("{\"status\": 403, \"error\": \"this service is read-only (--read-only): its models come from its "
                    + "command line\"}\n", r.body());
            String tile = "models/" + s.modelIds().getFirst() + "/tiles/0/0/0.png";
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(s.uri().resolve(tile)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(1, s.modelIds().size(), "nothing was added");
        }
    }

    @Test
    void uploadsNeedTheBearerToken() throws Exception {
        try (ArielServer s = start(ServeConfig.Uploads.withToken("s3cret-Token"))) {
            HttpResponse<String> none = post(s, null);
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"ariel\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(none.body().contains("uploads need a token: send Authorization: Bearer TOKEN"), none.body());
            assertEquals(401, post(s, "Bearer s3cret-token").statusCode(), "tokens are case-sensitive");
            assertEquals(401, post(s, "Basic czNjcmV0LVRva2Vu").statusCode());
            assertEquals(401, post(s, "Bearer s3cret-Token-and-more").statusCode());
            assertEquals(1, s.modelIds().size());
            HttpResponse<String> ok = post(s, "Bearer s3cret-Token");
            assertEquals(201, ok.statusCode(), ok.body());
            // The scheme is case-insensitive (RFC 9110); the model was posted already, so it is found.
            assertEquals(200, post(s, "bearer s3cret-Token").statusCode());
        }
    }
}
