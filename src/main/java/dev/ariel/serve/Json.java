package dev.ariel.serve;

import java.util.Locale;

/** Writes the few JSON shapes the API answers with; no library needed for objects this small. */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    private boolean first = true;

    private Json() {}

    /** An object under construction. */
    static Json object() {
        Json j = new Json();
        j.sb.append('{');
        return j;
    }

    Json field(String name, String value) {
        key(name);
        if (value == null) sb.append("null");
        else quote(sb, value);
        return this;
    }

    Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json field(String name, double value) {
        key(name);
        sb.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A field whose value is JSON already. */
    Json raw(String name, String json) {
        key(name);
        sb.append(json);
        return this;
    }

    String end() {
        return sb.append('}').toString();
    }

    /** A JSON array of strings. */
    static String strings(Iterable<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) out.append(", ");
            quote(out, v);
        }
        return out.append(']').toString();
    }

    /** A JSON array of JSON values. */
    static String array(Iterable<String> json) {
        StringBuilder out = new StringBuilder("[");
        for (String v : json) {
            if (out.length() > 1) out.append(", ");
            out.append(v);
        }
        return out.append(']').toString();
    }

    private void key(String name) {
        if (!first) sb.append(", ");
        first = false;
        quote(sb, name);
        sb.append(": ");
    }

    static void quote(StringBuilder out, String s) {
        out.append(dev.ariel.compare.Json.quote(s));
    }
}
