package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs that need no compiled code never load LLVM: each runs in a child JVM that logs every class
 * it loads, and none may come from {@code org.bytedeco}.
 */
class LazyLlvmTest {
    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "info models/circle.vm", "cache info", "render models/circle.vm --engine interp -s 32 -q -o OUT",
        "render --help", "render models/circle.vm -s 32 -q -o OUT", "render models/dense.vm -s 64 -N 3 -q -o OUT"})
    void loadsNoNativeCode(String args) throws Exception {
        String output = runChild(args);
        assertFalse(output.contains("org.bytedeco"), "LLVM was loaded:\n" + grep(output, "bytedeco"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"info --jit models/circle.vm", "render models/circle.vm --engine jit -s 32 -q -o OUT"})
    void loadsLlvmWhenItCompiles(String args) throws Exception {
        assertTrue(runChild(args).contains("org.bytedeco.llvm"), "the control case must load LLVM");
    }

    private static String runChild(String args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                "dev.ariel.cli.Main"));
        Path out = java.nio.file.Files.createTempFile("ariel-lazy", ".txt");
        Path image = java.nio.file.Files.createTempFile("ariel-lazy", ".pgm");
        cmd.addAll(List.of(args.replace("OUT", image.toString()).split(" ")));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + cmd);
            String text = java.nio.file.Files.readString(out, StandardCharsets.ISO_8859_1);
            assertEquals(0, p.exitValue(), () -> "child failed: " + cmd + "\n" + tail(text));
            return text;
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(image);
        }
    }

    private static String grep(String text, String needle) {
        return String.join("\n", text.lines().filter(l -> l.contains(needle)).limit(5).toList());
    }

    private static String tail(String text) {
        List<String> lines = text.lines().filter(l -> !l.contains("[class,load]")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
