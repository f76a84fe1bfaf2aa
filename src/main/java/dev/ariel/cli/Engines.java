package dev.ariel.cli;

import dev.ariel.eval.Engine;
import dev.ariel.eval.JavaEngine;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The execution tiers the CLI offers, by name. */
final class Engines implements Iterable<String> {
    private static final List<Engine> ALL = List.of(JavaEngine.INSTANCE);

    @Override
    public Iterator<String> iterator() {
        return ALL.stream().map(Engine::name).iterator();
    }

    /** Turns an {@code --engine} value into its engine. */
    static final class Converter implements ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            for (Engine e : ALL) {
                if (e.name().equals(value)) return e;
            }
            throw new TypeConversionException("unknown engine '" + value + "'; choose one of "
                    + String.join(", ", new Engines()));
        }
    }
}
