package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Main}'s own path for {@code --version}, which skips picocli, prints what picocli prints. */
class MainTest {
    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void fastVersionIsPicocliVersion(String flag) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {flag}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        StringWriter picocliOut = new StringWriter();
        int picocliCode;
        try (PrintWriter o = new PrintWriter(picocliOut); PrintWriter e = new PrintWriter(new StringWriter())) {
            picocliCode = Cli.run(new String[] {flag}, o, e);
        }
        assertEquals(picocliCode, code);
        assertEquals(picocliOut.toString(), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(new ArielCommand.Version().getVersion(), VersionText.lines());
    }
}
