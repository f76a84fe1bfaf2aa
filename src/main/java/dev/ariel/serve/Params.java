package dev.ariel.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's query parameters, decoded by the service itself and read as typed values. Every
 * failure is an {@link ApiException} with status 400 and a one-line message naming the parameter,
 * so a bad query never reaches the JDK's own (HTML) error pages.
 */
final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** The parameters of a raw (still percent-encoded) query; null or empty gives none. */
    static Params of(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return new Params(q);
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(part.substring(eq + 1), true);
            if (q.put(k, v) != null) throw ApiException.badRequest("parameter '" + k + "' is given twice");
        }
        return new Params(q);
    }

    /**
     * Percent-decodes {@code raw} as UTF-8 ({@code +} as a space in a query). Throws a 400 for a
     * malformed escape or bytes that are not UTF-8.
     */
    static String decode(String raw, boolean query) {
        if (raw.indexOf('%') < 0 && (!query || raw.indexOf('+') < 0)) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = hexByte(raw, i);
                if (b < 0) {
                    throw ApiException.badRequest("the query is not valid URL encoding: a '%' at "
                            + (i + 1) + " is not followed by two hex digits");
                }
                bytes.write(b);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the query is not valid URL encoding: its escapes are not UTF-8");
        }
    }

    /**
     * A raw path as messages show it: escapes of non-ASCII bytes decoded as UTF-8 (a browser sends
     * {@code /héllo} as {@code /h%C3%A9llo}), ASCII escapes such as {@code %2F} kept as sent, so
     * that a message names what the user typed without hiding a trick.
     */
    static String displayPath(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); ) {
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            int j = i;
            while (j < raw.length() && raw.charAt(j) == '%' && hexByte(raw, j) >= 0x80) {
                run.write(hexByte(raw, j));
                j += 3;
            }
            if (j == i) {
                out.append(raw.charAt(i++));
                continue;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(run.toByteArray())));
            } catch (CharacterCodingException e) {
                out.append(raw, i, j); // not UTF-8: show the escapes themselves
            }
            i = j;
        }
        return out.toString();
    }

    /** The byte the escape at {@code percent} stands for, or -1 if two hex digits do not follow it. */
    static int hexByte(String s, int percent) {
        if (percent + 2 >= s.length()) return -1;
        int hi = Character.digit(s.charAt(percent + 1), 16), lo = Character.digit(s.charAt(percent + 2), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** Refuses any parameter not in {@code names}: a misspelt one would otherwise be silently ignored. */
    Params known(String... names) {
        Set<String> allowed = Set.of(names);
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw ApiException.badRequest("unknown parameter '" + k + "'"
                        + (names.length == 0 ? ": this path takes none" : "; this path takes " + String.join(", ", names)));
            }
        }
        return this;
    }

    /** The text of {@code name}, or {@code otherwise}. */
    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** An integer parameter. */
    int integer(String name, int otherwise) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, not '" + v + "'");
        }
    }

    /** A finite number; {@code Infinity}, {@code NaN} and hex floats are refused. */
    double real(String name, double otherwise) {
        String v = values.get(name);
        if (v == null) return otherwise;
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isFinite(d) && !v.strip().matches(".*[a-zA-Z&&[^eE]].*")) return d;
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest(name + " must be a finite number, not '" + v + "'");
    }

    /** One of a fixed set of words, each naming a value; the message lists them in order. */
    <E> E choice(String name, String otherwise, Map<String, E> words, List<String> order) {
        String v = values.getOrDefault(name, otherwise);
        E e = words.get(v);
        if (e != null) return e;
        String list = order.size() == 1 ? order.getFirst()
                : String.join(", ", order.subList(0, order.size() - 1)) + " or " + order.getLast();
        throw ApiException.badRequest(name + " must be " + list + ", not '" + v + "'");
    }
}
