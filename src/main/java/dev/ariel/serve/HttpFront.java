package dev.ariel.serve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's accept side: it owns the listening socket, admits each connection against the caps
 * on connections in total and per client address, reads every request's line and headers itself
 * within a time limit and its body at a minimum rate, and relays what it admits to the JDK's
 * server on a loopback port. The JDK's server has no accept hook and no header timeout of its own
 * (see docs/serve.md for what its {@code sun.net.httpserver} properties do), and it answers a
 * request line it cannot parse with an HTML page: this front answers those in the documented JSON.
 *
 * <p>Request bodies must come with a {@code Content-Length}: the front must know where a request
 * ends to read the next one's headers, and no client of the service sends chunked bodies.
 */
final class HttpFront implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 << 10;
    // Below the JDK server's own limit (200), which it would answer with an HTML page.
    private static final int MAX_HEADERS = 100;
    private static final long WRITE_TIMEOUT_NANOS = 30_000_000_000L;
    private static final long NONE = Long.MIN_VALUE;
    private static final int MAX_REFUSING = 256;

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final ServeConfig.Clients rules;
    private final ServiceMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refusalsUnderWay = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    // The local ports of the front's own connections to the JDK's server, to tell them from a
    // local process that connects to that loopback port directly, around the caps.
    private final Set<Integer> relayPorts = ConcurrentHashMap.newKeySet();
    private final Thread acceptor = Thread.ofVirtual().name("ariel-accept").unstarted(this::accept);
    private final Thread sweeper = Thread.ofVirtual().name("ariel-front-timeouts").unstarted(this::sweep);
    private volatile boolean closed;

    /** Binds {@code address}; {@link #start} begins relaying to {@code backend}. */
    HttpFront(InetSocketAddress address, InetSocketAddress backend, ServeConfig.Clients rules, ServiceMetrics metrics)
            throws IOException {
        this.listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, 256);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.backend = backend;
        this.rules = rules;
        this.metrics = metrics;
    }

    void start() {
        acceptor.start();
        sweeper.start();
    }

    /** The bound address and port. */
    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /**
     * Closes the listening socket and every connection: at once those with no request relayed,
     * the others once they relayed what the JDK's server sent them, or after {@code drainMillis}.
     * Close the JDK's server first, so that each relay ends with its last answer.
     */
    void close(long drainMillis) {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        for (Link l : links) {
            if (l.back == null) l.closeBoth();
        }
        long deadline = System.nanoTime() + drainMillis * 1_000_000;
        while (!links.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Link l : links) l.closeBoth();
        sweeper.interrupt();
    }

    @Override
    public void close() {
        close(0);
    }

    /** Whether a connection to the JDK's server from {@code remote} is one of the front's relays. */
    boolean relayed(InetSocketAddress remote) {
        return remote != null && remote.getAddress().isLoopbackAddress() && relayPorts.contains(remote.getPort());
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // a connection that failed while it was accepted: the next one may not
            }
            InetAddress from = s.getInetAddress();
            String refusal = admit(from);
            if (refusal != null) {
                metrics.rejected("connections");
                refuse(s, refusal);
                continue;
            }
            Link link = new Link(s, from);
            links.add(link);
            Thread.ofVirtual().name("ariel-conn").start(link::run);
        }
    }

    // Counts the connection in, or says why not.
    private String admit(InetAddress from) {
        if (open.incrementAndGet() > rules.maxConnections()) {
            open.decrementAndGet();
            return "the service has " + rules.maxConnections() + " connections open, its limit (--max-connections): "
                    + "try again shortly";
        }
        AtomicInteger mine = perClient.computeIfAbsent(from, k -> new AtomicInteger());
        if (mine.incrementAndGet() > rules.maxPerClient()) {
            release(from);
            return "this client has " + rules.maxPerClient() + " connections open, the limit for one address "
                    + "(--max-client-connections): close some and try again";
        }
        return null;
    }

    private void release(InetAddress from) {
        open.decrementAndGet();
        perClient.computeIfPresent(from, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    // Refusals being answered are bounded too: past the bound a refused connection is just closed.
    private void refuse(Socket s, String message) {
        if (refusalsUnderWay.incrementAndGet() > MAX_REFUSING) {
            refusalsUnderWay.decrementAndGet();
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                refuseAtOnce(s, message);
            } finally {
                refusalsUnderWay.decrementAndGet();
            }
        });
    }

    // A 503 before the request is read; the client's bytes are drained briefly so that closing does
    // not reset the connection before the client reads the answer.
    private static void refuseAtOnce(Socket s, String message) {
        try (s) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(response(503, message, "Retry-After: 1\r\n"));
            out.flush();
            s.shutdownOutput();
            s.getInputStream().skip(MAX_HEAD_BYTES);
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
    }

    private static byte[] response(int status, String message, String extraHeaders) {
        byte[] body = (Responses.errorJson(status, message) + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n"
                + "Cache-Control: no-store\r\n" + extraHeaders + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 411 -> "Length Required";
            case 431 -> "Request Header Fields Too Large";
            default -> "Service Unavailable";
        };
    }

    // Closes connections past their deadline: a request's head or body too slow, or a client that
    // stopped reading its response.
    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Link l : links) {
                long d = l.readDeadline, w = l.writeSince;
                if (d != NONE && now - d > 0 || w != NONE && now - w > WRITE_TIMEOUT_NANOS) l.closeBoth();
            }
        }
    }

    /** One client connection and its relay to the JDK's server. */
    private final class Link {
        private final Socket client;
        private final InetAddress from;
        private final Socket server = new Socket();
        private volatile long readDeadline;
        private volatile long writeSince = NONE;
        private volatile boolean refusing;
        private volatile Thread back; // relays the JDK server's answers to the client, once connected

        Link(Socket client, InetAddress from) {
            this.client = client;
            this.from = from;
            this.readDeadline = System.nanoTime() + rules.headerMillis() * 1_000_000L;
        }

        void run() {
            try {
                client.setTcpNoDelay(true);
                relayRequests(new BufferedInputStream(client.getInputStream(), 16 << 10));
                if (back != null) {
                    server.shutdownOutput(); // the client sent all it will: let the last answer finish
                    back.join();
                }
            } catch (RequestHead.Refused r) {
                refuse(r);
            } catch (IOException e) {
                // the client or the server closed the connection, or it timed out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeBoth();
                relayPorts.remove(server.getLocalPort());
                links.remove(this);
                release(from);
            }
        }

        // The connection to the JDK's server, opened with the first whole request head: a client
        // that never sends one costs the JDK's server nothing, and its idle timer, which also
        // counts from a connection's start, cannot close it under a slow first request.
        private OutputStream backend() throws IOException {
            if (back == null) {
                server.connect(backend, 5000);
                server.setTcpNoDelay(true);
                relayPorts.add(server.getLocalPort());
                back = Thread.ofVirtual().name("ariel-conn-back").start(this::pumpBack);
            }
            return server.getOutputStream();
        }

        // Sends the answers before this one, then the refusal, then closes.
        private void refuse(RequestHead.Refused r) {
            refusing = true;
            readDeadline = NONE;
            try {
                if (back != null) {
                    server.shutdownOutput();
                    back.join(WRITE_TIMEOUT_NANOS / 1_000_000);
                }
                writeSince = System.nanoTime();
                client.getOutputStream().write(response(r.status, r.getMessage(), ""));
                client.shutdownOutput();
                client.setSoTimeout(1000);
                client.getInputStream().skip(MAX_HEAD_BYTES);
            } catch (IOException e) {
                // the client is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void relayRequests(InputStream in) throws IOException, RequestHead.Refused {
            while (true) {
                RequestHead head = RequestHead.read(in, MAX_HEAD_BYTES, MAX_HEADERS, this::headStarted);
                if (head == null) return;
                OutputStream out = backend();
                out.write(head.bytes());
                long length = head.contentLength();
                // The header time again, plus the body at the minimum rate (in double: a length may be 10^18).
                readDeadline = System.nanoTime() + rules.headerMillis() * 1_000_000L
                        + (long) Math.min(1e18, length * 1e9 / rules.minBodyBytesPerSecond());
                copy(in, out, length);
                out.flush();
                readDeadline = NONE; // idle until the next request: the JDK's idle timeout closes it
            }
        }

        private static void copy(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buf = new byte[16 << 10];
            for (long left = length; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new IOException("the client closed the connection inside a request body");
                out.write(buf, 0, n);
                left -= n;
            }
        }

        // The first byte of a request after the first: from now its head must arrive in time.
        private void headStarted() {
            if (readDeadline == NONE) readDeadline = System.nanoTime() + rules.headerMillis() * 1_000_000L;
        }

        private void pumpBack() {
            byte[] buf = new byte[32 << 10];
            try (InputStream in = server.getInputStream()) {
                OutputStream out = client.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    writeSince = System.nanoTime();
                    out.write(buf, 0, n);
                    writeSince = NONE;
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                if (!refusing) closeBoth();
            }
        }

        void closeBoth() {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
