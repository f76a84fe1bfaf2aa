package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ariel info} and the service's model JSON count a model in the same terms: op lines
 * written, and after simplification the tape's instructions and the distinct constants they take
 * as operands (which info's "after simplification" total adds up).
 */
class ModelCountsTest {
    @Test
    void infoAndTheServiceGiveTheSameCounts() throws Exception {
        Path file = Path.of("models/ariel.vm");
        StringWriter out = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(new StringWriter())) {
            assertEquals(0, Cli.run(new String[] {"info", file.toString()}, o, e));
        }
        Matcher info = Pattern.compile("(?m)^ops +(\\d+) written, (\\d+) after simplification: (\\d+) instructions and "
                + "(\\d+) constants$").matcher(out.toString());
        assertTrue(info.find(), out::toString);

        String json = new ServedModel("id", "ariel.vm", Model.read(file), false, null, null, 0).json();
        assertEquals(info.group(1), number(json, "ops"), json);
        assertEquals(info.group(3), number(json, "instructions"), json);
        assertEquals(info.group(4), number(json, "constants"), json);
        assertEquals(Integer.parseInt(info.group(2)), Integer.parseInt(info.group(3)) + Integer.parseInt(info.group(4)));
        // Simplification shrinks this model, and it has constants: the test tells the counts apart.
        assertTrue(Integer.parseInt(info.group(1)) > Integer.parseInt(info.group(2)) && !info.group(4).equals("0"), out::toString);
    }

    private static String number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": *(\\d+)").matcher(json);
        assertTrue(m.find(), () -> "no " + field + " in " + json);
        return m.group(1);
    }
}
