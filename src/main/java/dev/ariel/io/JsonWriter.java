package dev.ariel.io;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes one JSON value, nested objects and arrays included, into a string: Ariel's only JSON
 * writer, so that strings are escaped in one place and every number it prints is valid JSON.
 *
 * <p>A {@code double} is written with three decimals (Ariel's figures are milliseconds and
 * seconds, and a microsecond is below their noise), and a NaN or an infinity, which JSON cannot
 * spell, as {@code null}. Misuse (a value where a name is due, an unclosed object) throws
 * {@link IllegalStateException} rather than producing text a parser would refuse.
 *
 * <pre>{@code
 * String s = JsonWriter.compact().beginObject().field("frames", 3).name("rows").beginArray()
 *         .value("O2").endArray().endObject().text();   // {"frames":3,"rows":["O2"]}
 * }</pre>
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final String comma;
    private final String colon;
    private final Deque<Scope> open = new ArrayDeque<>();
    private boolean nameDue; // a name was written and waits for its value
    private boolean done; // the top-level value is complete

    /** One open object or array, and whether it holds anything yet. */
    private static final class Scope {
        final boolean object;
        boolean empty = true;

        Scope(boolean object) {
            this.object = object;
        }
    }

    private JsonWriter(String comma, String colon) {
        this.comma = comma;
        this.colon = colon;
    }

    /** A writer with no spaces: {@code {"a":1,"b":[2,3]}}, for one-line machine output. */
    public static JsonWriter compact() {
        return new JsonWriter(",", ":");
    }

    /** A writer with a space after each comma and colon: {@code {"a": 1, "b": [2, 3]}}, as the service answers. */
    public static JsonWriter spaced() {
        return new JsonWriter(", ", ": ");
    }

    /** Opens an object. */
    public JsonWriter beginObject() {
        return open(true, '{');
    }

    /** Closes the innermost object. */
    public JsonWriter endObject() {
        return close(true, '}');
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        return open(false, '[');
    }

    /** Closes the innermost array. */
    public JsonWriter endArray() {
        return close(false, ']');
    }

    /** The name of the next member of the innermost object. */
    public JsonWriter name(String name) {
        Scope s = open.peek();
        if (s == null || !s.object || nameDue) throw new IllegalStateException("a name outside an object, or two in a row: " + name);
        if (!s.empty) out.append(comma);
        s.empty = false;
        quote(out, name);
        out.append(colon);
        nameDue = true;
        return this;
    }

    /** A string, or {@code null} for a null reference. */
    public JsonWriter value(String value) {
        return scalar(value == null ? "null" : quote(value));
    }

    /** An integer. */
    public JsonWriter value(long value) {
        return scalar(Long.toString(value));
    }

    /** A decimal with three places, or {@code null} if {@code value} is not finite. */
    public JsonWriter value(double value) {
        return scalar(number(value));
    }

    /** {@code true} or {@code false}. */
    public JsonWriter value(boolean value) {
        return scalar(Boolean.toString(value));
    }

    /** {@code name} and a string value. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** {@code name} and an integer value. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** {@code name} and a decimal value, {@code null} if it is not finite. */
    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    /** {@code name} and a boolean value. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /**
     * The finished text.
     *
     * @throws IllegalStateException if an object or array is still open, or nothing was written
     */
    public String text() {
        if (!done) throw new IllegalStateException("the JSON value is not complete: " + out);
        return out.toString();
    }

    /** The text so far, complete or not (for messages and debugging). */
    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    /** {@code value} as a JSON number with three decimals, or {@code null} if it is not finite. */
    public static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }

    private JsonWriter scalar(String json) {
        beforeValue();
        out.append(json);
        afterValue();
        return this;
    }

    private void beforeValue() {
        if (done) throw new IllegalStateException("a second top-level value after " + out);
        Scope s = open.peek();
        if (s == null) return;
        if (s.object) {
            if (!nameDue) throw new IllegalStateException("a value in an object needs a name first: " + out);
            nameDue = false;
        } else {
            if (!s.empty) out.append(comma);
            s.empty = false;
        }
    }

    private JsonWriter open(boolean object, char bracket) {
        beforeValue();
        out.append(bracket);
        open.push(new Scope(object));
        return this;
    }

    private JsonWriter close(boolean object, char bracket) {
        Scope s = open.peek();
        if (s == null || s.object != object || nameDue) {
            throw new IllegalStateException("nothing to close with '" + bracket + "' here: " + out);
        }
        open.pop();
        out.append(bracket);
        afterValue();
        return this;
    }

    // Scalars complete the top-level value too: a writer may hold just "3" or "null".
    private void afterValue() {
        if (open.isEmpty()) done = true;
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    else out.append(ch);
                }
            }
        }
        out.append('"');
    }
}
