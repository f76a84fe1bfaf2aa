package dev.ariel.cli;

import java.util.Iterator;
import java.util.List;

/** The execution tiers the CLI offers, by name: {@code --engine}'s completion candidates. */
final class Engines implements Iterable<String> {
    static final String AUTO = "auto";
    static final String JIT = "jit";
    static final String INTERP = "interp";
    private static final List<String> ALL = List.of(AUTO, INTERP, JIT);

    @Override
    public Iterator<String> iterator() {
        return ALL.iterator();
    }

    /** Checks an {@code --engine} value. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (ALL.contains(value)) return value;
            throw new picocli.CommandLine.TypeConversionException("unknown engine '" + value + "'; choose one of "
                    + String.join(", ", ALL));
        }
    }
}
