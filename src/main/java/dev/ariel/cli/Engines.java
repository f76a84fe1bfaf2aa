package dev.ariel.cli;

import dev.ariel.wiring.EngineKind;
import java.util.Iterator;

/** {@code --engine}'s completion candidates and converter, over the library's {@link EngineKind}. */
final class Engines implements Iterable<String> {
    /** picocli's default value, which must be a constant. */
    static final String AUTO = "auto";

    @Override
    public Iterator<String> iterator() {
        return EngineKind.labels().iterator();
    }

    /** Parses an {@code --engine} value. */
    static final class Converter extends Converters.Parsing<EngineKind> {
        @Override
        EngineKind parse(String value) {
            return EngineKind.parse(value);
        }
    }
}
