package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.MiniJson;
import dev.ariel.testing.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile and careless clients, over real sockets: slowloris connections beside a normal client,
 * connection caps, slow bodies, request lines the JDK's server would answer in HTML, and the
 * Host and Origin checks that keep web pages from using the service.
 */
class ServeClientsTest {
    private static final String SHOWCASE = SharedModels.ours("showcase.vm").toString();

    private static ServeConfig config(ServeConfig.Clients clients) {
        return ServeConfig.defaults().withPort(0).withModels(List.of(SharedModels.ours("showcase.vm")))
                .withEngine(dev.ariel.wiring.EngineKind.INTERP, ServeConfig.defaults().compile(), false).withClients(clients);
    }

    @Test
    void slowlorisFromOneAddressNeitherStarvesANormalClientNorHoldsItsSockets() throws Exception {
        ServeConfig.Clients rules = ServeConfig.Clients.defaults().withConnections(64, 8).withPace(1500, 1000, 30);
        try (ArielServer s = ArielServer.start(config(rules), System.err)) {
            String tile = "/models/" + s.modelIds().getFirst() + "/tiles/1/0/0.png";
            // 40 connections from 127.0.0.2: past the cap of 8 from one address, each gets a 503 at once.
            List<Socket> loris = new ArrayList<>();
            for (int i = 0; i < 40; i++) loris.add(connect(s, "127.0.0.2"));
            List<Socket> admitted = new ArrayList<>();
            Thread.sleep(300); // the refusals are on their way; the admitted sockets' 1.5 s have begun
            for (Socket l : loris) {
                Response r = read(l, 20);
                if (r.status == 0) {
                    admitted.add(l);
                } else {
                    assertError(r, 503, "this client has 8 connections open, the limit for one address "
                            + "(--max-client-connections): close some and try again");
                }
            }
            assertEquals(8, admitted.size());
            // The admitted ones send their headers a few bytes at a time.
            CompletableFuture<Void> drip = CompletableFuture.runAsync(() -> {
                byte[] head = ("GET " + tile + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 30; i++) {
                    for (Socket l : admitted) {
                        try {
                            l.getOutputStream().write(head, Math.min(i * 3, head.length - 3), 3);
                        } catch (IOException e) {
                            // cut off: what the service should do
                        }
                    }
                    sleep(100);
                }
            });
            // Beside them, a normal client gets its tile, and soon.
            long t0 = System.nanoTime();
            Response normal = exchange(s, "127.0.0.1", "GET " + tile + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, normal.status, normal.text());
            assertTrue(ms < 5000, "the normal client waited " + ms + " ms");
            System.out.println("[serve] a tile beside 40 slowloris connections (32 refused, 8 dripping headers) took " + ms + " ms");
            drip.get(30, TimeUnit.SECONDS);
            // The admitted ones were closed, unanswered, when their headers ran past 1.5 s.
            for (Socket l : admitted) assertEquals(-1, read(l, 2000).status, "a slow head is cut off");
            for (Socket l : loris) l.close();
        }
    }

    @Test
    void pastTheTotalCapANewConnectionGets503UntilTheHeaderTimeFreesASlot() throws Exception {
        ServeConfig.Clients rules = ServeConfig.Clients.defaults().withConnections(4, 64).withPace(1000, 1000, 30);
        try (ArielServer s = ArielServer.start(config(rules), System.err)) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 4; i++) idle.add(connect(s, "127.0.0.3"));
            Thread.sleep(200); // the front counts them in
            Response full = exchange(s, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertError(full, 503, "the service has 4 connections open, its limit (--max-connections): try again shortly");
            assertEquals("1", full.header("retry-after"));
            Thread.sleep(1500); // the idle connections sent no request within the header time
            for (Socket l : idle) assertEquals(-1, read(l, 2000).status, "closed without an answer");
            assertEquals(200, exchange(s, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").status);
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIsCutOff() throws Exception {
        ServeConfig.Clients rules = ServeConfig.Clients.defaults().withPace(1000, 1000, 30);
        try (ArielServer s = ArielServer.start(config(rules), System.err); Socket c = connect(s, "127.0.0.1")) {
            // 2,000 bytes at 1,000 B/s after 1 s of header time: cut off about 3 s after it began.
            OutputStream out = c.getOutputStream();
            out.write("POST /models HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 100 && !cut; i++) {
                try {
                    out.write("# slow\n".getBytes(StandardCharsets.US_ASCII));
                    c.setSoTimeout(100);
                    cut = c.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    cut = true;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(cut, "a body at 70 B/s was never cut off");
            assertTrue(ms > 2500 && ms < 6000, "cut off after " + ms + " ms");
        }
    }

    @Test
    void requestsTheJdkServerWouldAnswerInHtmlGetTheDocumentedJson() throws Exception {
        try (ArielServer s = ArielServer.start(config(ServeConfig.Clients.defaults()), System.err)) {
            assertError(exchange(s, "127.0.0.1", "GET /models?name=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400,
                    "the URL is not valid URL encoding: the '%' at 14 of '/models?name=%zz' is not followed by two hex digits");
            assertError(exchange(s, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: localhost\r\nbad header\r\n\r\n"), 400,
                    "a request header is malformed: 'bad header'");
            assertError(exchange(s, "127.0.0.1", "GET /health\r\n\r\n"), 400, "the request line is malformed: 'GET /health'");
            assertError(exchange(s, "127.0.0.1", "POST /models HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"),
                    411, "send the body with a Content-Length: the service takes no Transfer-Encoding");
            // A path in UTF-8, raw or escaped, comes back as the user wrote it.
            assertError(exchange(s, "127.0.0.1", "GET /h\u00e9llo HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404,
                    "no such path: /h\u00e9llo (see docs/serve.md)");
            assertError(exchange(s, "127.0.0.1", "GET /h%C5%91llo HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404,
                    "no such path: /h\u0151llo (see docs/serve.md)");
            assertError(exchange(s, "127.0.0.1", "GET /health?x=%FF HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400,
                    "the query is not valid URL encoding: its escapes are not UTF-8");
            // The connection a refusal ends still answers the requests before it.
            try (Socket c = connect(s, "127.0.0.1")) {
                c.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /%zz HTTP/1.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                c.setSoTimeout(20_000);
                String both = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(both.startsWith("HTTP/1.1 200 "), both);
                assertTrue(both.contains("\r\n\r\n{\"status\": 400, \"error\": \"the URL is not valid URL encoding"), both);
            }
        }
    }

    @Test
    void theJdkServersOwnPortAnswersOnlyTheFront() throws Exception {
        try (ArielServer s = ArielServer.start(config(ServeConfig.Clients.defaults()), System.err);
                Socket c = new Socket("127.0.0.1", s.internalPort())) {
            c.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertError(read(c, 20_000), 403, "connect to the service at " + s.uri() + ", not to its internal port");
        }
    }

    @Test
    void aHostTheServiceDoesNotAnswerToGets403() throws Exception {
        ServeConfig.Clients rules = ServeConfig.Clients.defaults().withAllowHosts(List.of("ariel.test"));
        try (ArielServer s = ArielServer.start(config(rules), System.err)) {
            String models = "GET /models HTTP/1.1\r\nConnection: close\r\nHost: ";
            assertError(exchange(s, "127.0.0.1", models + "rebound.example:" + s.port() + "\r\n\r\n"), 403,
                    "the Host 'rebound.example:" + s.port() + "' is not a name this service answers to (--allow-host adds names)");
            for (String ok : List.of("localhost:" + s.port(), "127.0.0.1:" + s.port(), "[::1]:" + s.port(), "ariel.test",
                    "LOCALHOST.")) {
                assertEquals(200, exchange(s, "127.0.0.1", models + ok + "\r\n\r\n").status, ok);
            }
        }
    }

    @Test
    void aStateChangeFromAnotherSiteGets403AndOneFromTheViewerOrCurlPasses() throws Exception {
        try (ArielServer s = ArielServer.start(config(ServeConfig.Clients.defaults()), System.err)) {
            String body = "_0 var-x\n_1 var-y\n_2 add _0 _1\n";
            String post = "POST /models?name=my%20model%20(1).vm HTTP/1.1\r\nHost: 127.0.0.1:" + s.port()
                    + "\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n";
            assertError(exchange(s, "127.0.0.1", post + "Origin: http://evil.example\r\n\r\n" + body), 403,
                    "a POST from another site (Origin: http://evil.example) is refused: only the service's own pages "
                            + "and clients that are not browsers may change it");
            assertError(exchange(s, "127.0.0.1", post + "Origin: http://127.0.0.1:1\r\n\r\n" + body), 403,
                    "a POST from another site (Origin: http://127.0.0.1:1) is refused: only the service's own pages "
                            + "and clients that are not browsers may change it");
            assertError(exchange(s, "127.0.0.1", post + "Sec-Fetch-Site: cross-site\r\n\r\n" + body), 403,
                    "a POST from another site (Sec-Fetch-Site: cross-site) is refused: only the service's own pages "
                            + "and clients that are not browsers may change it");
            assertEquals(1, s.modelIds().size(), "nothing refused was stored");
            // The viewer's own upload, named as the browser names a second download.
            Response viewer = exchange(s, "127.0.0.1", post + "Origin: http://127.0.0.1:" + s.port()
                    + "\r\nSec-Fetch-Site: same-origin\r\n\r\n" + body);
            assertEquals(201, viewer.status, viewer.text());
            assertEquals("my model (1).vm", json(viewer).get("name"));
            assertEquals(200, exchange(s, "127.0.0.1", post + "\r\n" + body).status, "curl sends no Origin");
        }
    }

    @Test
    void bindingBeyondLoopbackWarns() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ArielServer s = ArielServer.start(config(ServeConfig.Clients.defaults()).withBind("0.0.0.0"),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertEquals(200, exchange(s, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").status);
        }
        assertEquals("ariel: warning: listening on 0.0.0.0, beyond this machine: anyone who can reach it may upload "
                + "models and read them, without authentication\n", log.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (ArielServer s = ArielServer.start(config(ServeConfig.Clients.defaults()),
                new PrintStream(quiet, true, StandardCharsets.UTF_8))) {
            assertTrue(s.uri().toString().startsWith("http://127.0.0.1:"));
        }
        assertEquals("", quiet.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        // The JDK's server reads its idle timeout once per process: a child JVM has its own.
        var r = dev.ariel.testing.ChildJvm.run(List.of(), IdleProbe.class.getName(), List.of(),
                java.time.Duration.ofSeconds(60));
        assertTrue(r.succeeded(), r::describe);
        List<String> lines = r.linesStartingWith("closed after ");
        assertEquals(1, lines.size(), r.output());
        long ms = Long.parseLong(lines.getFirst().substring("closed after ".length(), lines.getFirst().length() - 3));
        // --idle-timeout 1 with the JDK's idle timer ticking each second.
        assertTrue(ms >= 900 && ms <= 4000, lines.getFirst());
    }

    /** A service with a 1-s idle timeout, and one kept-alive connection left idle on it. */
    static final class IdleProbe {
        public static void main(String[] args) throws Exception {
            ServeConfig.Clients rules = ServeConfig.Clients.defaults().withPace(10_000, 16 << 10, 1);
            try (ArielServer s = ArielServer.start(config(rules), System.err); Socket c = connect(s, "127.0.0.1")) {
                c.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response ok = read(c, 20_000);
                if (ok.status != 200) throw new AssertionError("health: " + ok.status);
                long t0 = System.nanoTime();
                Response after = read(c, 30_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println(after.status == -1 ? "closed after " + ms + " ms" : "still open: " + after.status);
            }
        }
    }

    @Test
    void serveFlagsOutOfRangeAreUsageErrorsThatNameTheFlag() {
        for (String[] c : List.of(
                new String[] {"--budget-ms", "-1", "--budget-ms must be at least 1, not -1"},
                new String[] {"--max-queue", "-1", "--max-queue must be at least 0, not -1"},
                new String[] {"--threads", "0", "--threads must be at least 1, not 0"},
                new String[] {"--max-client-connections", "0", "--max-client-connections must be at least 1, not 0"},
                new String[] {"--tile-cache-mb", "17592186044416",
                    "--tile-cache-mb must be at most 8796093022207, not 17592186044416"},
                new String[] {"--max-body-mb", "9223372036854775807",
                    "--max-body-mb must be at most 8796093022207, not 9223372036854775807"})) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = dev.ariel.cli.Cli.run(new String[] {"serve", "--port", "0", c[0], c[1]},
                    new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));
            assertEquals(2, code, err::toString);
            assertEquals("ariel: " + c[2] + " (see 'ariel serve --help')\n", err.toString());
        }
    }

    // ---- raw HTTP ----

    private record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private static Socket connect(ArielServer s, String from) throws IOException {
        Socket c = new Socket();
        c.bind(new InetSocketAddress(from, 0));
        c.connect(new InetSocketAddress("127.0.0.1", s.port()), 5000);
        return c;
    }

    // Sends the request bytes as they are (UTF-8) and reads the first answer.
    private static Response exchange(ArielServer s, String from, String request) throws IOException {
        try (Socket c = connect(s, from)) {
            c.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            Response r = read(c, 20_000);
            assertTrue(r.status != 0, "no answer within 20 s");
            return r;
        }
    }

    // The first response on c, its body read to Content-Length; status -1 if closed before one, 0 if none came in time.
    private static Response read(Socket c, int timeoutMs) throws IOException {
        c.setSoTimeout(timeoutMs);
        InputStream in = c.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0; ) {
                all.write(b);
                String head = all.toString(StandardCharsets.ISO_8859_1);
                int end = head.indexOf("\r\n\r\n");
                if (end < 0) continue;
                Map<String, String> headers = new java.util.HashMap<>();
                for (String line : head.substring(head.indexOf("\r\n") + 2, end).split("\r\n")) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                return new Response(Integer.parseInt(head.substring(9, 12)), headers, in.readNBytes(length));
            }
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), all.toByteArray()); // no answer yet
        } catch (IOException e) {
            // reset: closed before an answer
        }
        return new Response(-1, Map.of(), new byte[0]);
    }

    private static void assertError(Response r, int status, String message) {
        assertEquals(status, r.status, r.text());
        assertEquals("application/json", r.header("content-type"));
        Map<String, Object> j = json(r);
        assertEquals(message, j.get("error"));
        assertEquals(status, ((Number) j.get("status")).intValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Response r) {
        String t = r.text();
        return (Map<String, Object>) MiniJson.parse(t.substring(0, t.indexOf('\n') + 1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
