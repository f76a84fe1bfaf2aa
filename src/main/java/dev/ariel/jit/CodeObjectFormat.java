package dev.ariel.jit;

import dev.ariel.llvm.ObjectCode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of an object file in the code cache: a magic line; a header naming the environment it
 * was compiled in, its id, its text size and, for each function it exports, its symbol and the key
 * of the tape it was compiled from; then the ELF object; then a CRC-32C of everything before it.
 */
final class CodeObjectFormat {
    private static final byte[] MAGIC = "ARIELOBJ1\n".getBytes(StandardCharsets.US_ASCII);

    private CodeObjectFormat() {}

    /** The bytes of an object file for {@code code}, compiled in {@code environment}. */
    static byte[] encode(String environment, String id, ObjectCode code, List<CodeCache.Symbol> symbols) {
        StringBuilder header = new StringBuilder();
        header.append("environment=").append(environment).append('\n').append("id=").append(id).append('\n')
                .append("text=").append(code.textBytes()).append('\n');
        for (CodeCache.Symbol s : symbols) {
            if (s.name().indexOf('\t') >= 0 || s.name().indexOf('\n') >= 0 || s.key().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("symbols and keys must be single lines without tabs in the name");
            }
            header.append(s.name()).append('\t').append(s.key()).append('\n');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(h.length + code.bytes().length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(h.length);
            out.write(h);
            out.writeLong(code.bytes().length);
            out.write(code.bytes());
            byte[] body = bytes.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(body);
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The object in {@code bytes}, or null unless they are a whole object file from {@code environment} with id {@code id}. */
    static CodeCache.Stored decode(byte[] bytes, String environment, String id) {
        if (bytes.length < MAGIC.length + 4 + 8 + 4) return null;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) return null;
        for (byte b : MAGIC) if (in.get() != b) return null;
        try {
            int headerLength = in.getInt();
            if (headerLength < 0 || headerLength > in.remaining()) return null;
            String header = new String(bytes, in.position(), headerLength, StandardCharsets.UTF_8);
            in.position(in.position() + headerLength);
            long objectLength = in.getLong();
            if (objectLength < 0 || objectLength != in.remaining() - 4) return null;
            byte[] object = new byte[(int) objectLength];
            in.get(object);
            String[] lines = header.split("\n", -1);
            if (lines.length < 5 || !lines[0].equals("environment=" + environment) || !lines[1].equals("id=" + id)
                    || !lines[2].startsWith("text=") || !lines[lines.length - 1].isEmpty()) {
                return null;
            }
            long text = Long.parseLong(lines[2].substring(5));
            List<CodeCache.Symbol> symbols = new ArrayList<>();
            for (int i = 3; i < lines.length - 1; i++) {
                int tab = lines[i].indexOf('\t');
                if (tab <= 0) return null;
                symbols.add(new CodeCache.Symbol(lines[i].substring(tab + 1), lines[i].substring(0, tab)));
            }
            if (symbols.isEmpty()) return null;
            return new CodeCache.Stored(id, new ObjectCode(object, text), symbols);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
