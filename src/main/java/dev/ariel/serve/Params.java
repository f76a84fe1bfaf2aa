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
        for (int start = 0; start <= rawQuery.length(); ) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) end = rawQuery.length();
            int eq = rawQuery.indexOf('=', start);
            if (eq < 0 || eq > end) eq = end;
            if (end > start) {
                String k = decode(rawQuery, start, eq);
                String v = eq == end ? "" : decode(rawQuery, eq + 1, end);
                if (q.put(k, v) != null) throw ApiException.badRequest("parameter '" + k + "' is given twice");
            }
            start = end + 1;
        }
        return new Params(q);
    }

    // Percent-decodes raw[from, to) as UTF-8, with '+' as a space; a 400 names the position in the query.
    private static String decode(String raw, int from, int to) {
        String part = raw.substring(from, to);
        if (part.indexOf('%') < 0 && part.indexOf('+') < 0) return part;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = i + 2 < to ? hexByte(raw, i) : -1;
                if (b < 0) {
                    throw ApiException.badRequest("the query is not valid URL encoding: a '%' at "
                            + (i + 1) + " is not followed by two hex digits");
                }
                bytes.write(b);
                i += 2;
            } else if (c == '+') {
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
