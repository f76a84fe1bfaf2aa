package dev.ariel.daemon;

import dev.ariel.io.Invocation;
import dev.ariel.io.Memo;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One client's command in the daemon: reads its request, runs it bound to an {@link Invocation}
 * built from it, streams what it writes back, and cancels it when the client sends Ctrl-C or goes.
 */
final class Session {
    private static final byte[] END = new byte[0];

    private final SocketChannel channel;
    private final OutputStream wire;
    private final DataInputStream in;
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    /** What the client asked for. */
    record Request(Path cwd, Map<String, String> env, boolean stderrTerminal, int columns, String[] args,
            Map<String, byte[]> files) {}

    Session(SocketChannel channel) {
        this.channel = channel;
        this.wire = new ChannelOutput(channel);
        this.in = new DataInputStream(new java.io.BufferedInputStream(new ChannelInput(channel), 1 << 16));
    }

    /** Reads the request up to its GO frame; throws if the client speaks another protocol. */
    Request readRequest() throws IOException {
        Path cwd = null;
        Map<String, String> env = new HashMap<>();
        boolean tty = false;
        int columns = 0;
        String[] args = null;
        Map<String, byte[]> files = new HashMap<>();
        boolean hello = false;
        while (true) {
            Frames.Frame f = Frames.read(in);
            String text = f.type() == Frames.FILE ? null : new String(f.payload(), StandardCharsets.UTF_8);
            switch (f.type()) {
                case Frames.HELLO -> {
                    if (!Frames.VERSION.equals(text)) throw new IOException("the client speaks " + text + ", not " + Frames.VERSION);
                    hello = true;
                }
                case Frames.CWD -> cwd = Path.of(text);
                case Frames.ENV -> {
                    for (String kv : split(text)) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                case Frames.TERMINAL -> {
                    String[] parts = text.trim().split(" ");
                    tty = parts[0].equals("1");
                    columns = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                }
                case Frames.ARGS -> args = text.isEmpty() ? new String[0] : split(text).toArray(String[]::new);
                case Frames.FILE -> {
                    byte[] p = f.payload();
                    int nul = 0;
                    while (nul < p.length && p[nul] != 0) nul++;
                    if (nul == p.length) throw new IOException("a file frame without a name");
                    files.put(new String(p, 0, nul, StandardCharsets.UTF_8), java.util.Arrays.copyOfRange(p, nul + 1, p.length));
                }
                case Frames.GO -> {
                    if (!hello || cwd == null || !cwd.isAbsolute() || args == null) throw new IOException("an incomplete request");
                    return new Request(cwd, env, tty, columns, args, files);
                }
                default -> throw new IOException("an unknown frame '" + (char) f.type() + "'");
            }
        }
    }

    private static List<String> split(String nulSeparated) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= nulSeparated.length(); i++) {
            if (i == nulSeparated.length() || nulSeparated.charAt(i) == 0) {
                if (i > from || i < nulSeparated.length()) parts.add(nulSeparated.substring(from, i));
                from = i + 1;
            }
        }
        return parts;
    }

    /** Runs the request's command with {@code runner} and the daemon's {@code memo}; returns its exit code, after sending it. */
    int run(Request r, CommandRunner runner, Memo memo) throws IOException {
        startListening();
        PrintStream out = new PrintStream(new FrameStream(Frames.STDOUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FrameStream(Frames.STDERR), true, StandardCharsets.UTF_8);
        Invocation inv = Invocation.of(r.cwd(), r.env(), new Inputs(r.files()), out, err,
                new Invocation.Terminal(r.stderrTerminal(), r.columns()), () -> cancelled).withMemo(memo).inSharedProcess();
        int code;
        try {
            code = inv.run(() -> runner.run(r.args(), out, err));
        } catch (Exception | Error e) {
            err.println("ariel: internal error in the daemon: " + e);
            code = 3; // ExitCodes.INTERNAL, which the CLI owns
        }
        out.flush();
        err.flush();
        sendExit(code);
        return code;
    }

    /** Answers with {@code text} on stdout and {@code code}, for the daemon's own requests. */
    void answer(String text, int code) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        send(Frames.STDOUT, b, 0, b.length);
        sendExit(code);
    }

    private void sendExit(int code) throws IOException {
        byte[] b = Integer.toString(code).getBytes(StandardCharsets.US_ASCII);
        send(Frames.EXIT, b, 0, b.length);
    }

    private synchronized void send(int type, byte[] b, int off, int len) throws IOException {
        Frames.write(wire, type, b, off, len);
    }

    /** Reads what the client sends while its command runs: stdin, Ctrl-C, or the end of it. */
    private void startListening() {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Frames.Frame f = Frames.read(in);
                    switch (f.type()) {
                        case Frames.STDIN -> stdin.add(f.payload());
                        case Frames.STDIN_END -> stdin.add(END);
                        case Frames.CANCEL -> cancelled = true;
                        default -> throw new IOException("an unexpected frame");
                    }
                }
            } catch (IOException e) {
                // EOF or a broken connection: the client has gone, so its command stops.
                cancelled = true;
                stdin.add(END);
            }
        }, "ariel-daemon-client-reader");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the client asked to stop or went away. */
    boolean cancelled() {
        return cancelled;
    }

    private final class Inputs implements Invocation.Inputs {
        private final Map<String, byte[]> files;
        private boolean asked;

        Inputs(Map<String, byte[]> files) {
            this.files = files;
        }

        @Override
        public synchronized InputStream stdin() throws IOException {
            if (asked) throw new IOException("-: standard input was read already");
            asked = true;
            send(Frames.WANT_STDIN, END, 0, 0);
            return new QueueInput();
        }

        @Override
        public byte[] preRead(String given) {
            return files.get(given);
        }
    }

    /** The client's standard input, as it arrives in STDIN frames. */
    private final class QueueInput extends InputStream {
        private byte[] chunk = END;
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == chunk.length) {
                if (ended) return -1;
                try {
                    chunk = stdin.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading standard input");
                }
                pos = 0;
                if (chunk == END) ended = true;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** A command's stdout or stderr: every write becomes a frame; a gone client cancels the command. */
    private final class FrameStream extends OutputStream {
        private final int type;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        FrameStream(int type) {
            this.type = type;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            buffer.write(b);
            if (buffer.size() >= 1 << 16) flush();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (buffer.size() + len > 1 << 16) flush();
            if (len >= 1 << 16) {
                sendOrCancel(b, off, len);
            } else {
                buffer.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (buffer.size() == 0) return;
            byte[] b = buffer.toByteArray();
            buffer.reset();
            sendOrCancel(b, 0, b.length);
        }

        private void sendOrCancel(byte[] b, int off, int len) throws IOException {
            try {
                send(type, b, off, len);
            } catch (IOException e) {
                cancelled = true;
                throw e;
            }
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel ch;

        ChannelOutput(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    private static final class ChannelInput extends InputStream {
        private final SocketChannel ch;

        ChannelInput(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            return ch.read(ByteBuffer.wrap(b, off, len));
        }
    }

    static boolean isEof(IOException e) {
        return e instanceof EOFException;
    }
}
