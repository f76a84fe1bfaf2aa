package dev.ariel.parse;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import dev.ariel.io.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the Prospero / fidget {@code .vm} text format into an {@link ExprGraph}.
 *
 * <p>One op a line: {@code ID OPCODE [OPERAND...]}, where an operand is the id of an earlier line
 * and {@code const} takes one number instead. Any token without white space that does not start
 * with {@code #} is an id. A {@code #} token starts a comment that runs to the end of the line,
 * blank lines are skipped, lines end with LF, CRLF or CR, a leading UTF-8 byte order mark is
 * ignored, and the last op is the model's value. Every error is a {@link ModelException} naming
 * the line.
 */
public final class VmReader {
    // Decimal only: Double.parseDouble alone would also take "0x1p3", "1f" and "1d".
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private VmReader() {}

    /** Reads {@code path} under the default limits. */
    public static ParsedModel read(Path path) throws ModelException, IOException {
        return read(path, ReadLimits.defaults());
    }

    /**
     * Reads {@code path}, checking its size against {@code limits} before reading it.
     *
     * @throws ModelException if the file is not a valid model within the limits
     * @throws IOException if the file cannot be read
     */
    public static ParsedModel read(Path path, ReadLimits limits) throws ModelException, IOException {
        return parse(readBytes(path, limits), sourceName(path), limits);
    }

    /** How messages name the model at {@code path}: standard input ({@code -}) is {@code <stdin>}. */
    public static String sourceName(Path path) {
        return path.toString().equals("-") ? "<stdin>" : path.toString();
    }

    /**
     * The bytes of the model at {@code path}, checked against {@code limits}' size, unparsed.
     *
     * @throws ModelException if it is a directory or over the size limit
     * @throws IOException if it cannot be read
     */
    public static byte[] readBytes(Path path, ReadLimits limits) throws ModelException, IOException {
        // Relative paths are the caller's (dev.ariel.io.Invocation: the daemon's client's
        // directory, or this process's).
        Invocation caller = Invocation.current();
        String source = sourceName(path);
        try {
            return readBytes(caller, path, source, limits);
        } catch (FileSystemException e) {
            // The file was opened by its resolved name; messages name it as the user gave it.
            throw given(e, caller.resolve(path), source);
        }
    }

    private static byte[] readBytes(Invocation caller, Path path, String source, ReadLimits limits)
            throws ModelException, IOException {
        boolean memory = caller.inMemory(path);
        Path file = caller.resolve(path);
        if (!memory && Files.isDirectory(file)) {
            throw new ModelException(source, 0, "is a directory, not a model file");
        }
        long size = memory ? 0 : Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw ModelException.overLimit(source, 0, "file is " + size + " bytes, over the limit of "
                    + limits.maxFileBytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = caller.open(path)) {
            // Read at most one byte past the limit: the file may have grown since it was measured.
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        }
        if (bytes.length > limits.maxFileBytes()) {
            throw ModelException.overLimit(source, 0, "file is over the limit of " + limits.maxFileBytes() + " bytes");
        }
        return bytes;
    }

    // e, naming source where it named the resolved file.
    private static FileSystemException given(FileSystemException e, Path resolved, String source) {
        if (e.getFile() == null || !e.getFile().equals(resolved.toString())) return e;
        FileSystemException named = switch (e) {
            case NoSuchFileException x -> new NoSuchFileException(source, x.getOtherFile(), x.getReason());
            case AccessDeniedException x -> new AccessDeniedException(source, x.getOtherFile(), x.getReason());
            default -> new FileSystemException(source, e.getOtherFile(), e.getReason());
        };
        named.initCause(e);
        return named;
    }

    /** Parses {@code text} under the default limits; {@code source} names it in messages. */
    public static ParsedModel parse(String text, String source) throws ModelException {
        return parse(text.getBytes(StandardCharsets.UTF_8), source, ReadLimits.defaults());
    }

    /** Parses the bytes of a {@code .vm} file; {@code source} names it in messages. */
    public static ParsedModel parse(byte[] bytes, String source, ReadLimits limits) throws ModelException {
        if (bytes.length > limits.maxFileBytes()) {
            throw ModelException.overLimit(source, 0, "file is " + bytes.length + " bytes, over the limit of "
                    + limits.maxFileBytes() + " bytes");
        }
        return new Parser(bytes, source, limits).run();
    }

    private static final class Parser {
        private final byte[] bytes;
        private final String source;
        private final ReadLimits limits;
        private final ExprGraph.Builder graph = ExprGraph.builder();
        private final IdTable ids = new IdTable();
        private final int[] opcodeLines = new int[Opcode.values().length];
        private final String[] tokens = new String[4];
        private int lineNo;
        private int opLines;
        private int root = -1;

        Parser(byte[] bytes, String source, ReadLimits limits) {
            this.bytes = bytes;
            this.source = source;
            this.limits = limits;
        }

        ParsedModel run() throws ModelException {
            int n = bytes.length;
            // A UTF-8 byte order mark, as some editors write, is not part of the first line.
            int pos = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
            checkOpCount(pos);
            while (pos < n) {
                lineNo++;
                int end = pos;
                while (end < n && bytes[end] != '\n' && bytes[end] != '\r') end++;
                parseLine(pos, end);
                // \n, \r\n and a lone \r each end one line.
                pos = end < n && bytes[end] == '\r' && end + 1 < n && bytes[end + 1] == '\n' ? end + 2 : end + 1;
            }
            if (root < 0) {
                throw new ModelException(source, 0, lineNo == 0 ? "empty model: the file is empty"
                        : "empty model: no ops, only comments and blank lines");
            }
            return new ParsedModel(source, graph.build(), root, opLines, opcodeLines);
        }

        /**
         * The op limit, checked before the work starts: one pass over the bytes counts the op
         * lines (those with a token that is not a comment), so that a file over the limit is
         * refused at the line that passes it without building a graph of millions of nodes first
         * (which takes seconds, and more heap than the JVM may have). Only a file with room for
         * more op lines than the limit is scanned. A control byte stops the scan: the parser
         * reports that binary data at its line instead.
         */
        private void checkOpCount(int from) throws ModelException {
            int n = bytes.length;
            // Every op line but the last takes at least two bytes: a token and a line end.
            if (n - from < 2L * limits.maxOps() + 1) return;
            int line = 0;
            int ops = 0;
            int pos = from;
            while (pos < n) {
                line++;
                boolean op = false;
                boolean blank = true;
                for (; pos < n; pos++) {
                    byte b = bytes[pos];
                    if (b == '\n' || b == '\r') break;
                    if (blank && !isBlank(b)) {
                        blank = false;
                        op = b != '#';
                    }
                    if ((b >= 0 && b < 0x20 && !isBlank(b)) || b == 0x7f) return;
                }
                if (op && ++ops > limits.maxOps()) {
                    lineNo = line;
                    throw limitError("the model has more than " + limits.maxOps() + " ops, the limit");
                }
                pos = pos < n && bytes[pos] == '\r' && pos + 1 < n && bytes[pos + 1] == '\n' ? pos + 2 : pos + 1;
            }
        }

        private void parseLine(int start, int end) throws ModelException {
            boolean ascii = true;
            for (int i = start; i < end; i++) {
                byte b = bytes[i];
                if (b < 0) {
                    ascii = false;
                } else if (b < 0x20 && b != '\t' && b != '\f' && b != 0x0B) {
                    throw error(b == 0 ? "binary data: a NUL byte (this is not a .vm text file)"
                            : String.format("binary data: control byte 0x%02x (this is not a .vm text file)", b));
                } else if (b == 0x7f) {
                    throw error("binary data: control byte 0x7f (this is not a .vm text file)");
                }
            }
            int first = skipBlanks(start, end);
            if (first == end || bytes[first] == '#') {
                return;
            }
            if (!ascii) {
                checkUtf8(start, end);
            }
            int count = 0;
            int pos = first;
            // A token that starts with # begins a trailing comment.
            while (pos < end && bytes[pos] != '#') {
                int tokEnd = pos;
                while (tokEnd < end && !isBlank(bytes[tokEnd])) tokEnd++;
                if (count < tokens.length) {
                    tokens[count] = new String(bytes, pos, tokEnd - pos, StandardCharsets.UTF_8);
                }
                count++;
                pos = skipBlanks(tokEnd, end);
            }
            defineOp(count);
        }

        private void defineOp(int count) throws ModelException {
            if (count < 2) {
                throw error("expected 'ID OPCODE [OPERAND...]', found only '" + quote(tokens[0]) + "'");
            }
            String id = tokens[0];
            Opcode op = Opcode.byText(tokens[1]);
            if (op == null) {
                throw error("unknown opcode '" + quote(tokens[1]) + "'");
            }
            int wanted = op == Opcode.CONST ? 1 : op.arity();
            int given = count - 2;
            if (given != wanted) {
                String what = op == Opcode.CONST ? "a number" : wanted == 0 ? "no operands"
                        : wanted == 1 ? "1 operand" : wanted + " operands";
                throw error("'" + op.text() + "' takes " + what + ", found " + given);
            }
            int previous = ids.find(id);
            if (previous >= 0) {
                throw error("'" + quote(id) + "' is already defined on line " + ids.line(previous));
            }
            if (opLines == limits.maxOps()) {
                throw limitError("the model has more than " + limits.maxOps() + " ops, the limit");
            }
            int node = switch (op.arity()) {
                case 0 -> op == Opcode.CONST ? graph.constant(number(tokens[2])) : graph.variable(op);
                case 1 -> graph.unary(op, operand(id, tokens[2]));
                default -> graph.binary(op, operand(id, tokens[2]), operand(id, tokens[3]));
            };
            graph.name(node, id);
            ids.add(id, node, lineNo);
            opcodeLines[op.ordinal()]++;
            opLines++;
            root = node;
        }

        private int operand(String id, String ref) throws ModelException {
            int d = ids.find(ref);
            if (d < 0) {
                throw error(ref.equals(id) ? "'" + quote(ref) + "' refers to itself"
                        : "'" + quote(ref) + "' is not defined before this line");
            }
            return ids.node(d);
        }

        private double number(String text) throws ModelException {
            if (DECIMAL.matcher(text).matches()) {
                return Double.parseDouble(text);
            }
            String t = text.toLowerCase(Locale.ROOT);
            boolean negative = t.startsWith("-");
            String body = negative || t.startsWith("+") ? t.substring(1) : t;
            switch (body) {
                case "inf", "infinity" -> {
                    return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                case "nan" -> {
                    return Double.NaN;
                }
                default -> throw error("'" + quote(text) + "' is not a number");
            }
        }

        private void checkUtf8(int start, int end) throws ModelException {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, end - start));
            } catch (CharacterCodingException e) {
                throw error("not UTF-8 text (this is not a .vm text file)");
            }
        }

        private int skipBlanks(int pos, int end) {
            while (pos < end && isBlank(bytes[pos])) pos++;
            return pos;
        }

        private static boolean isBlank(byte b) {
            return b == ' ' || b == '\t' || b == '\f' || b == 0x0B;
        }

        // Keeps a one-line message short even when a hostile line is one huge token.
        private static String quote(String token) {
            return token.length() <= 40 ? token : token.substring(0, 37) + "...";
        }

        private ModelException error(String detail) {
            return new ModelException(source, lineNo, detail);
        }

        private ModelException limitError(String detail) {
            return ModelException.overLimit(source, lineNo, detail);
        }
    }

    /**
     * The ids defined so far, each with its node and line: an open-addressing table of three
     * arrays, 24 to 48 bytes an id where a HashMap of records took about 100 (a model at the op
     * limit has 4,000,000 of them).
     */
    private static final class IdTable {
        private String[] keys = new String[256];
        private int[] nodes = new int[256];
        private int[] lines = new int[256];
        private int count;

        /** The slot of {@code id}, or −1 if it is not defined. */
        int find(String id) {
            int mask = keys.length - 1;
            for (int i = spread(id.hashCode()) & mask; ; i = (i + 1) & mask) {
                String k = keys[i];
                if (k == null) return -1;
                if (k.equals(id)) return i;
            }
        }

        int node(int slot) {
            return nodes[slot];
        }

        int line(int slot) {
            return lines[slot];
        }

        /** Defines {@code id}, which {@link #find} does not know. */
        void add(String id, int node, int line) {
            if (2 * (count + 1) > keys.length) grow();
            insert(id, node, line);
            count++;
        }

        private void insert(String id, int node, int line) {
            int mask = keys.length - 1;
            int i = spread(id.hashCode()) & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = id;
            nodes[i] = node;
            lines[i] = line;
        }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldNodes = nodes;
            int[] oldLines = lines;
            keys = new String[oldKeys.length * 2];
            nodes = new int[keys.length];
            lines = new int[keys.length];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) insert(oldKeys[i], oldNodes[i], oldLines[i]);
            }
        }

        // Ids such as _1, _2, ... hash to neighbours: mix the bits so that probes stay short.
        private static int spread(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
