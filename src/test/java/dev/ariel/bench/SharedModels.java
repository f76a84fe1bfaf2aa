package dev.ariel.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared/models}, which benchmarks read and never copy. */
final class SharedModels {
    private SharedModels() {}

    /** The path of a public model, or a clear failure if the shared folder is absent. */
    static Path require(String name) {
        // Same folder as the tests use; a benchmark fails loudly where a test would skip.
        Path p = dev.ariel.testing.SharedModels.dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("benchmark needs " + p.toAbsolutePath()
                    + " (the shared public models; set -Dariel.shared=DIR to point elsewhere)");
        }
        return p;
    }
}
