package dev.ariel.jit;

import java.nio.file.Path;

/**
 * Where Ariel keeps its caches on disk: the compiled-code cache and the launcher's AOT caches
 * live under one root. Reads only the environment; loads no native code.
 */
public final class CacheRoot {
    private CacheRoot() {}

    /** {@code $ARIEL_CACHE_DIR} if that is set, else {@code $XDG_CACHE_HOME/ariel}, else {@code ~/.cache/ariel}. */
    public static Path directory() {
        String own = System.getenv("ARIEL_CACHE_DIR");
        if (own != null && !own.isBlank()) return Path.of(own);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "ariel");
        return Path.of(System.getProperty("user.home"), ".cache", "ariel");
    }

    /** The compiled-code cache's directory, {@code code} under the root. */
    public static Path codeDirectory() {
        return directory().resolve("code");
    }
}
