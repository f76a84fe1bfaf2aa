package dev.ariel.wiring;

import dev.ariel.jit.CodeCache;
import dev.ariel.jit.CompileOptions;
import dev.ariel.render.CostModel;
import dev.ariel.render.FrameStats;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileSizes;
import dev.ariel.render.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The code cache's hints: a multi-frame tiered render notes how much its compiled code saved, and
 * a later one-frame render of the same model and view links that code from the cache when
 * {@link CostModel#linkPays} says the saving outweighs loading LLVM. The hint files themselves are
 * {@link CodeCache}'s.
 */
public final class CodeCacheHints {
    private CodeCacheHints() {}

    /**
     * What identifies a model file for the hints: its absolute path, size and modification time, so
     * that an edited file finds no hint; {@code null} for the bundled model; null if it cannot be
     * read (the read reports it).
     *
     * @param bundledName the bundled model's name, used when {@code file} is null
     */
    public static String source(Path file, String bundledName) {
        if (file == null) {
            // A rebuilt jar with another bundled model would find no code under this key: the
            // render then links nothing and deletes the hint.
            return "bundled " + bundledName;
        }
        try {
            Path abs = dev.ariel.io.Invocation.current().resolve(file).normalize(); // the daemon's client's, too
            return abs + " " + Files.size(abs) + " " + Files.getLastModifiedTime(abs).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    // What decides the compile level's tapes and their code: the model file, the view and mode,
    // the tile sizes down to the compile level, and the compile options.
    static String key(RenderSettings s, View view, RenderMode mode) {
        if (s.hintSource() == null || !s.diskCache() || s.engine() != EngineKind.AUTO || s.strategy() != Strategy.PRUNED) {
            return null;
        }
        TileSizes tiles = s.tiles();
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i <= tiles.levelOf(s.compileTile()); i++) sizes.append(i == 0 ? "" : ",").append(tiles.size(i));
        CompileOptions options = s.compile();
        return "model=" + s.hintSource() + ";view=" + view + ";mode=" + mode + ";tiles=" + sizes + ";code="
                + options.label() + ";maxOps=" + options.maxOps();
    }

    /** Whether a one-frame render under {@code key} should link code from the cache. */
    static boolean linkPays(String key) {
        CodeCache.Hint hint = CodeCache.readHint(CodeCache.Settings.defaults().directory(), key);
        return hint != null && CostModel.linkPays(hint.savingNanos());
    }

    /** After a multi-frame run whose last frame used compiled code: notes what the code saved. */
    static void write(String key, FrameStats first, FrameStats last) {
        if (last.pixelsCompiled() == 0) return;
        CodeCache.writeHint(CodeCache.Settings.defaults().directory(), key,
                new CodeCache.Hint(first.evalNanos(), last.evalNanos()));
    }

    /** Forgets a hint that outlived its code (evicted, or another LLVM or CPU). */
    static void forget(String key) {
        CodeCache.deleteHint(CodeCache.Settings.defaults().directory(), key);
    }
}
