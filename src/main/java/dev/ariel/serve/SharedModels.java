package dev.ariel.serve;

import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The models folder of {@code --models-dir}: uploaded models kept by content address
 * ({@code ID.vm}, with the name it was posted under in {@code ID.name}), so that replicas sharing
 * the folder (a network file system, a volume) serve a model any of them received, and a
 * restarted replica keeps them. Files are written atomically and never change: an id is the hash
 * of its bytes, so a file whose bytes do not hash to its name is ignored (and reported once).
 * The folder has no bound of its own: deleting files from it at any time is safe, since a client
 * that meets a 404 posts its model again.
 */
final class SharedModels {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    /** A kept model: its bytes and the name it was posted under. */
    record Kept(byte[] bytes, String name) {}

    private final Path dir;
    private final long maxBytes;
    private final PrintStream log;

    /**
     * The folder {@code dir}, created if missing.
     *
     * @param maxBytes the largest model file read back (the upload limit)
     * @throws IOException if it cannot be created or is not a writable folder
     */
    SharedModels(Path dir, long maxBytes, PrintStream log) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) throw new IOException(dir + ": the models folder is not writable");
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.log = log;
    }

    /**
     * Keeps {@code bytes} as model {@code id} unless kept already.
     *
     * @throws ApiException 503 if the folder cannot take it
     */
    void keep(String id, byte[] bytes, String name) {
        Path vm = dir.resolve(id + ".vm");
        try {
            // The name first: a reader that finds the model finds its name too.
            Path names = dir.resolve(id + ".name");
            if (!Files.exists(names)) OutputFiles.writeAtomically(names, name.getBytes(StandardCharsets.UTF_8));
            if (!Files.exists(vm)) OutputFiles.writeAtomically(vm, bytes);
        } catch (IOException e) {
            throw ApiException.unavailable("cannot keep the model in the models folder (" + e.getMessage() + ")", 10,
                    "models_dir");
        }
    }

    /** The model kept as {@code id}, or null if there is none (or its file is damaged). */
    Kept find(String id) {
        if (!ID.matcher(id).matches()) return null;
        Path vm = dir.resolve(id + ".vm");
        try {
            if (Files.size(vm) > maxBytes) return null;
            byte[] bytes = Files.readAllBytes(vm);
            if (!ModelStore.id(bytes).equals(id)) {
                log.println("ariel: " + vm + ": its bytes do not hash to its name; ignored");
                return null;
            }
            String name;
            try {
                name = Files.readString(dir.resolve(id + ".name"), StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                name = id + ".vm";
            }
            return new Kept(bytes, UploadName.check(name.isEmpty() ? id + ".vm" : name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | ApiException e) {
            log.println("ariel: " + vm + ": cannot read it (" + e.getMessage() + "); ignored");
            return null;
        }
    }
}
