package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.io.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** compare's progress bar, drawn on a caller's terminal: coloured unless NO_COLOR or TERM=dumb says not. */
class TerminalBarsTest {
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

    /** What compare's bar writes to a terminal of 80 columns for a caller with {@code env}. */
    private static String compareBar(Map<String, String> env) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stderr = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Invocation caller = Invocation.of(Path.of("").toAbsolutePath(), env, new Invocation.Inputs() {
            @Override
            public InputStream stdin() {
                return InputStream.nullInputStream();
            }

            @Override
            public byte[] preRead(String given) {
                return null;
            }
        }, OutputStream.nullOutputStream(), stderr, new Invocation.Terminal(true, 80), () -> false);
        caller.run(() -> {
            try (CompareCommand.ProgressReport bar = CompareCommand.ProgressReport.open(true, null)) {
                bar.step("O1 brute", 1, 2);
            }
            return null;
        });
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void colouredByDefault() throws Exception {
        String bar = compareBar(Map.of("TERM", "xterm-256color"));
        assertTrue(bar.contains("compare"), bar);
        assertTrue(SGR.matcher(bar).find(), () -> "no colour in " + bar.replace("\u001b", "ESC"));
    }

    @Test
    void noColourWithNoColor() throws Exception {
        String bar = compareBar(Map.of("TERM", "xterm-256color", "NO_COLOR", "1"));
        assertTrue(bar.contains("compare"), bar);
        assertFalse(SGR.matcher(bar).find(), () -> "colour in " + bar.replace("\u001b", "ESC"));
    }

    @Test
    void noColourOnADumbTerminal() throws Exception {
        String bar = compareBar(Map.of("TERM", "dumb"));
        assertTrue(bar.contains("compare"), bar);
        assertFalse(SGR.matcher(bar).find(), () -> "colour in " + bar.replace("\u001b", "ESC"));
    }

    @Test
    void anEmptyNoColorAllowsColour() throws Exception {
        assertTrue(SGR.matcher(compareBar(Map.of("TERM", "xterm", "NO_COLOR", ""))).find());
        assertFalse(TerminalBars.colour(Invocation.of(Path.of("/"), Map.of("NO_COLOR", "yes"), null, null, null,
                null, () -> false)));
    }
}
