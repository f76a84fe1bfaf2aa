package dev.ariel.render;

/**
 * Parses a choice among an enum's constants by their lower-case labels, with one-line errors.
 * The constants name themselves through {@link Choice} rather than a function passed in: every
 * command parses its choices at start-up, and a lambda's bootstrap there costs more than the parse.
 */
public final class Choices {
    private Choices() {}

    /** A constant with the label the CLI and the service spell it by. */
    public interface Choice {
        /** The label, such as {@code mono}. */
        String label();
    }

    /**
     * The constant of {@code all} labelled {@code value}, else an {@link IllegalArgumentException}
     * saying {@code expected a, b or c, not 'value'}.
     */
    public static <E extends Choice> E parse(String value, E[] all) {
        for (E e : all) {
            if (e.label().equals(value)) return e;
        }
        throw new IllegalArgumentException("expected " + list(all) + ", not '" + value + "'");
    }

    /** The labels of {@code all} as a phrase: {@code a, b or c}. */
    public static String list(Choice[] all) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            if (i > 0) sb.append(i == all.length - 1 ? " or " : ", ");
            sb.append(all[i].label());
        }
        return sb.toString();
    }
}
