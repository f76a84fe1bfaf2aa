package dev.ariel.daemon;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The daemon's wire format: frames of one type byte, a 4-byte big-endian length and that many
 * bytes, both ways. A client sends {@link #HELLO}, {@link #CWD}, {@link #ENV}, {@link #TERMINAL},
 * {@link #ARGS}, any {@link #FILE}s and {@link #GO}; then, when asked with {@link #WANT_STDIN},
 * {@link #STDIN} chunks and {@link #STDIN_END}, and {@link #CANCEL} on Ctrl-C. The daemon sends
 * {@link #STDOUT} and {@link #STDERR} bytes as the command writes them and ends with {@link #EXIT}.
 * A closed connection cancels the command. Kept this simple so that a Perl client with no modules
 * speaks it (perl-base is Essential in Debian: every machine has it).
 */
public final class Frames {
    private Frames() {}

    /** The protocol's name and version, the first frame's payload. */
    public static final String VERSION = "ariel-daemon 1";

    public static final int HELLO = 'V';
    public static final int CWD = 'D';
    public static final int ENV = 'N';
    public static final int TERMINAL = 'T';
    public static final int ARGS = 'A';
    public static final int FILE = 'F';
    public static final int GO = 'G';
    public static final int STDIN = 'I';
    public static final int STDIN_END = 'i';
    public static final int CANCEL = 'C';
    public static final int STDOUT = 'O';
    public static final int STDERR = 'E';
    public static final int WANT_STDIN = 'R';
    public static final int EXIT = 'X';

    /** A request frame's bound: a model the client read for the command may be large, not unbounded. */
    static final int MAX_FRAME = 512 << 20;

    /** One frame as read. */
    public record Frame(int type, byte[] payload) {}

    /** Reads one frame; throws {@link EOFException} at a clean end between frames. */
    public static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("the connection closed");
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) throw new IOException("a frame of " + length + " bytes");
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** Writes one frame of {@code length} bytes from {@code bytes} at {@code offset}. */
    public static void write(OutputStream out, int type, byte[] bytes, int offset, int length) throws IOException {
        byte[] head = {(byte) type, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        out.write(head);
        out.write(bytes, offset, length);
    }
}
