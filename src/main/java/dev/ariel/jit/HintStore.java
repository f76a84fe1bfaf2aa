package dev.ariel.jit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@link CodeCache.Hint hint files} under a code cache directory, {@code hints/HASH}: read by
 * a one-frame render before it decides to load LLVM, so this class loads no native code.
 *
 * <p>A hint file is sealed with a checksum; one that is not a whole, sealed, small regular file
 * for the key asked is deleted and read as no hint.
 */
final class HintStore {
    private static final String MAGIC = "ARIELHINT2";
    // A hint is a key and two numbers; anything larger is not one.
    private static final int MAX_BYTES = 64 << 10;

    private HintStore() {}

    static CodeCache.Hint read(Path dir, String key) {
        Path file = file(dir, key);
        byte[] bytes;
        try {
            bytes = CacheFiles.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            CacheFiles.deleteQuietly(file);
            return null;
        }
        String text = CacheFiles.unseal(bytes);
        String[] lines = text == null ? new String[0] : text.split("\n", -1);
        try {
            if (lines.length == 5 && lines[0].equals(MAGIC) && lines[1].equals(key) && lines[4].isEmpty()
                    && lines[2].startsWith("interpreted=") && lines[3].startsWith("compiled=")) {
                return new CodeCache.Hint(Long.parseLong(lines[2].substring(12)), Long.parseLong(lines[3].substring(9)));
            }
        } catch (NumberFormatException e) {
            // sealed but not a hint: deleted below
        }
        CacheFiles.deleteQuietly(file);
        return null;
    }

    static void write(Path dir, String key, CodeCache.Hint hint) {
        if (key.indexOf('\n') >= 0) throw new IllegalArgumentException("a hint key is one line");
        try {
            Files.createDirectories(dir.resolve("hints"));
            String text = MAGIC + "\n" + key + "\ninterpreted=" + hint.interpretedEvalNanos() + "\ncompiled="
                    + hint.compiledEvalNanos() + "\n";
            CacheFiles.writeAtomically(file(dir, key), CacheFiles.seal(text).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // a hint is an optimisation
        }
    }

    static void delete(Path dir, String key) {
        // a stale hint that cannot be deleted costs one LLVM load, and is deleted again next time
        CacheFiles.deleteQuietly(file(dir, key));
    }

    private static Path file(Path dir, String key) {
        return dir.resolve("hints").resolve(CacheFiles.hashName(key));
    }
}
