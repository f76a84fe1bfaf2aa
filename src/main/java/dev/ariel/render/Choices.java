package dev.ariel.render;

import java.util.List;
import java.util.function.Function;

/** Parses a choice among an enum's constants by their lower-case names, with one-line errors. */
public final class Choices {
    private Choices() {}

    /**
     * The constant of {@code all} whose name is {@code value}, else an
     * {@link IllegalArgumentException} saying {@code expected a, b or c, not 'value'}.
     */
    public static <E> E parse(String value, List<E> all, Function<E, String> name) {
        for (E e : all) {
            if (name.apply(e).equals(value)) return e;
        }
        throw new IllegalArgumentException("expected " + list(all, name) + ", not '" + value + "'");
    }

    /** The names of {@code all} as a phrase: {@code a, b or c}. */
    public static <E> String list(List<E> all, Function<E, String> name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) sb.append(i == all.size() - 1 ? " or " : ", ");
            sb.append(name.apply(all.get(i)));
        }
        return sb.toString();
    }
}
