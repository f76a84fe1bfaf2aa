package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ariel.serve.ServeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s deployment flags ({@code --upload-token-file}, {@code --read-only}, {@code --cors}): bad ones are one-line usage errors. */
class ServeOptionsCliTest {
    @TempDir
    Path tmp;

    @Test
    void theCliChecksTheTokenFileAndTheFlagsInOneLine() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n");
        Path spaced = Files.writeString(tmp.resolve("spaced.txt"), "two words\n");
        Path good = Files.writeString(tmp.resolve("token.txt"), "abc\n");
        String[][] cases = {
            {"--upload-token-file", tmp.resolve("missing.txt").toString()},
            {"--upload-token-file", empty.toString()},
            {"--upload-token-file", spaced.toString()},
            {"--read-only", "--upload-token-file", good.toString()},
            {"--cors", "maps.example.org"},
        };
        String[] expected = {
            tmp.resolve("missing.txt") + ": cannot read the upload token (no such file)",
            empty + ":1: the upload token is empty",
            spaced + ":1: the upload token must be printable ASCII without spaces, and not empty",
            "--read-only and --upload-token-file exclude each other: give one",
            "--cors takes origins such as https://maps.example.org or *, not 'maps.example.org'",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("serve", "--port", "0"));
            args.addAll(List.of(cases[i]));
            FuzzTest.Run run = FuzzTest.runCli(args.toArray(String[]::new), 30);
            int k = i;
            assertEquals(2, run.code(), () -> args + ": " + run);
            assertEquals("ariel: " + expected[k] + " (see 'ariel serve --help')\n", run.err(), () -> args + ": " + run);
        }
        assertThrows(IllegalArgumentException.class, () -> ServeConfig.Uploads.withToken(""));
    }
}
