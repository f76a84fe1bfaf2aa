package dev.ariel.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Debian's LLVM tools, which check what Ariel emits where they are installed. */
public final class LlvmTools {
    private LlvmTools() {}

    /** {@code opt-22} on PATH or in {@code /usr/lib/llvm-22/bin}, or null. */
    public static Path findOpt22() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, "opt-22");
                if (Files.isExecutable(p)) return p;
            }
        }
        Path debian = Path.of("/usr/lib/llvm-22/bin/opt");
        return Files.isExecutable(debian) ? debian : null;
    }

    /** {@code opt-22}, or the calling test is skipped with a message saying why. */
    public static Path requireOpt22() {
        Path opt = findOpt22();
        if (opt == null) {
            System.out.println("[ariel-tests] skipping: opt-22 (Debian package llvm-22) is absent");
            Assumptions.assumeTrue(false, "opt-22 (Debian package llvm-22) is absent");
        }
        return opt;
    }
}
