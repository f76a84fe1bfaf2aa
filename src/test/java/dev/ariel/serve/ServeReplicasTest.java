package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --models-dir}: replicas that share a folder serve each other's uploads, and a restart keeps them. */
class ServeReplicasTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private ArielServer start(Path dir, ServeConfig.Uploads uploads, PrintStream log) throws Exception {
        ServeConfig c = ServeConfig.defaults().withPort(0)
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false)
                .withClients(ServeConfig.Clients.defaults().withUploads(uploads)).withModelsDir(dir);
        return ArielServer.start(c, log);
    }

    private static HttpResponse<byte[]> get(ArielServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String post(ArielServer s, byte[] model, String name) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(s.uri().resolve("models?name=" + name))
                .POST(HttpRequest.BodyPublishers.ofByteArray(model)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\"id\": \"([0-9a-f]{32})\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void aModelPostedToOneReplicaIsServedByAnotherAndAfterARestart() throws Exception {
        Path dir = tmp.resolve("models");
        byte[] circle = Files.readAllBytes(SharedModels.ours("circle.vm"));
        String id;
        byte[] tile;
        try (ArielServer a = start(dir, ServeConfig.Uploads.OPEN, System.err);
                ArielServer b = start(dir, ServeConfig.Uploads.READ_ONLY, System.err)) {
            id = post(a, circle, "circle.vm");
            assertArrayEquals(circle, Files.readAllBytes(dir.resolve(id + ".vm")), "kept by content address");
            assertEquals("circle.vm", Files.readString(dir.resolve(id + ".name")));
            String path = "models/" + id + "/tiles/1/0/0.png";
            tile = get(a, path).body();
            HttpResponse<byte[]> fromB = get(b, path);
            assertEquals(200, fromB.statusCode(), () -> new String(fromB.body(), StandardCharsets.UTF_8));
            assertArrayEquals(tile, fromB.body(), "the other replica draws the same tile");
            assertTrue(new String(get(b, "models/" + id).body(), StandardCharsets.UTF_8).contains("\"name\": \"circle.vm\""));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(id + ".name", id + ".vm"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no temporary file is left");
            }
        }
        try (ArielServer restarted = start(dir, ServeConfig.Uploads.OPEN, System.err)) {
            assertArrayEquals(tile, get(restarted, "models/" + id + "/tiles/1/0/0.png").body());
        }
    }

    @Test
    void aFileWhoseBytesDoNotHashToItsNameIsIgnored() throws Exception {
        Path dir = tmp.resolve("models");
        Files.createDirectories(dir);
        String id = ModelStore.id("_0 var-x\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(id + ".vm"), "_0 var-y\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ArielServer s = start(dir, ServeConfig.Uploads.OPEN, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertEquals(404, get(s, "models/" + id).statusCode());
            assertEquals(404, get(s, "models/../../etc/passwd").statusCode());
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(id + ".vm: its bytes do not hash to its name; ignored"), log::toString);
    }
}
