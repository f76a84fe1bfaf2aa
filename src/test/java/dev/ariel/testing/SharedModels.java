package dev.ariel.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The public models in {@code ../shared/models} (read in place, never copied) and our own in {@code models/}. */
public final class SharedModels {
    private SharedModels() {}

    /** The shared models folder; tests that need it skip with a message where it is absent. */
    public static Path dir() {
        return Path.of(System.getProperty("ariel.shared", "../shared")).resolve("models");
    }

    /** A shared model, or the calling test is skipped with a message saying why. */
    public static Path require(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            String message = "skipping: " + p.toAbsolutePath()
                    + " is absent (the public models live in ../shared/models beside the repository)";
            // Surefire keeps assumption messages in its reports; say it on the console too, once.
            if (WARNED.add(name)) System.err.println("[ariel-tests] " + message);
            assumeTrue(false, message);
        }
        return p;
    }

    /** The shared models folder, or the calling test is skipped with a message saying why. */
    public static Path requireDir() {
        Path d = dir();
        if (!Files.isDirectory(d)) {
            String message = "skipping: " + d.toAbsolutePath() + " is absent (the public models live beside the repository)";
            if (WARNED.add("")) System.err.println("[ariel-tests] " + message);
            assumeTrue(false, message);
        }
        return d;
    }

    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One of our own models in {@code models/}. */
    public static Path ours(String name) {
        return Path.of("models").resolve(name);
    }
}
