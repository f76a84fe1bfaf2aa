package dev.ariel.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared/models}, which benchmarks read and never copy. */
final class SharedModels {
    private SharedModels() {}

    /** The path of a public model, or a clear failure if the shared folder is absent. */
    static Path require(String name) {
        Path dir = Path.of(System.getProperty("ariel.shared", "../shared")).resolve("models");
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("benchmark needs " + p.toAbsolutePath()
                    + " (the shared public models; set -Dariel.shared=DIR to point elsewhere)");
        }
        return p;
    }
}
