package dev.ariel.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The files one run writes: each atomically, none over a file the run read, and no two onto the
 * same file. Every output Ariel writes to a path a user named goes through one of these, so that
 * a new kind of output inherits the checks instead of having to remember them.
 *
 * <p>A write goes to a temporary file in the target's directory, which is flushed to disk and
 * renamed over the target, so that a reader never sees half a file and a failure (a full disk,
 * an unwritable directory) leaves whatever was there untouched. A symbolic link is followed: the
 * file it names is replaced, and the link stays. An existing file keeps its permissions. A
 * target that is neither a file nor a directory (a device such as {@code /dev/full}, a FIFO)
 * cannot be replaced, so it is written in place. Errors name the path the caller gave, never
 * the temporary file.
 *
 * <p>Before writing, the target is compared with the run's protected inputs (the model) by
 * {@link Files#isSameFile} and by file key, so that neither a symbolic link nor a hard link to
 * the model lets an output replace it, and with the files this run has already written.
 */
public final class OutputFiles {
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");
    private final String inputNoun;
    private final Path input; // a regular file the run read, or null
    private final Object inputKey;
    private final Map<Object, Path> written = new ConcurrentHashMap<>();

    private OutputFiles(String inputNoun, Path input, Object inputKey) {
        this.inputNoun = inputNoun;
        this.input = input;
        this.inputKey = inputKey;
    }

    /** Outputs of a caller that read no file the user named (the bundled model, a cache, a test). */
    public static OutputFiles unguarded() {
        return new OutputFiles(null, null, null);
    }

    /**
     * Outputs that must never land on {@code input}, called {@code noun} in messages ("model").
     * A null input, or one that is not a regular file (a FIFO, {@code /dev/stdin}), protects
     * nothing: writing cannot destroy what it read.
     */
    public static OutputFiles protecting(String noun, Path input) {
        if (input == null || !Files.isRegularFile(abs(input))) return unguarded();
        return new OutputFiles(noun, input, keyOrNull(abs(input)));
    }

    /**
     * Refuses, before any work is done, an output {@code path} (called {@code what} in the
     * message: "the image") that is a protected input or a file this run already wrote, or that
     * cannot be written because it is a directory or its directory is missing.
     *
     * @throws OutputRefusedException if it is the model or was written already
     * @throws IOException if it cannot be written
     */
    public void check(Path path, String what) throws IOException {
        if (Files.isDirectory(abs(path))) throw new IOException("cannot write " + path + ": it is a directory");
        Path dir = abs(path).getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            // Named as the user gave it: a relative path stays relative.
            Path shown = path.getParent() != null ? path.getParent() : dir;
            throw new IOException("cannot write " + path + ": directory " + shown
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        if (!Files.isRegularFile(abs(path))) return; // a new file, a device or a FIFO cannot be the model
        if (input != null && same(abs(path), abs(input), inputKey)) {
            throw new OutputRefusedException("refusing to write " + what + " over the " + inputNoun + " " + input
                    + (path.equals(input) ? "" : " (" + path + " is the same file)") + ": choose another file");
        }
        Object key = keyOrNull(abs(path));
        Path earlier = key == null ? null : written.get(key);
        if (earlier != null) {
            throw new OutputRefusedException("refusing to write " + what + " to " + path + ": this run already wrote "
                    + earlier + ", the same file; give each output its own file");
        }
    }

    /**
     * Writes {@code bytes} to {@code path} atomically, after {@link #check}.
     *
     * @throws OutputRefusedException if {@code path} is a protected input or was written already
     * @throws IOException if the file cannot be written, naming {@code path}; the target is then untouched
     */
    public void write(Path path, byte[] bytes, String what) throws IOException {
        check(path, what);
        writeAtomically(path, bytes);
        Object key = keyOrNull(abs(path));
        if (key != null && Files.isRegularFile(abs(path))) written.put(key, path);
    }

    /**
     * The message for the first two of {@code outputs} (by option name, in the user's order) that
     * are one file, through links or not; devices and FIFOs may be named twice ({@code /dev/null}).
     */
    public static Optional<String> sameFile(Map<String, Path> outputs) {
        Map<Object, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Path p = e.getValue();
            if (p == null || (Files.exists(abs(p)) && !Files.isRegularFile(abs(p)))) continue;
            String before = seen.putIfAbsent(planned(abs(p)), e.getKey());
            if (before != null) {
                return Optional.of(before + " and " + e.getKey() + " both write " + p + ": give each output its own file");
            }
        }
        return Optional.empty();
    }

    // A path the user gave, made absolute against the caller's directory (the daemon's client's, or
    // this process's): every file system call goes through it, every message keeps the given path.
    private static Path abs(Path p) {
        return Invocation.current().resolve(p);
    }

    private static boolean same(Path a, Path b, Object bKey) {
        try {
            if (Files.isSameFile(a, b)) return true;
        } catch (IOException e) {
            // one of them vanished: the key comparison below decides
        }
        return bKey != null && bKey.equals(keyOrNull(a));
    }

    // The identity of a file (device and inode on Unix), following links; null if it has none.
    private static Object keyOrNull(Path p) {
        try {
            Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    // What a path will be once written: an existing file's key, else the real directory and the
    // name a chain of (dangling) links ends at.
    private static Object planned(Path path) {
        Path p = path.toAbsolutePath();
        try {
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) p = p.resolveSibling(Files.readSymbolicLink(p));
            Object key = keyOrNull(p);
            if (key != null) return key;
            Path dir = p.getParent();
            return (dir != null && Files.isDirectory(dir) ? dir.toRealPath() : dir).resolve(p.getFileName()).normalize();
        } catch (IOException e) {
            return p.normalize();
        }
    }

    /**
     * Whether {@code file} is a temporary file of this writer ({@code .NAME.HEX.tmp} beside its
     * target): what a process killed while writing leaves behind, for a sweep to find and count.
     */
    public static boolean isTemporary(Path file) {
        return TEMPORARY.matcher(file.getFileName().toString()).matches();
    }

    // A random part, so that two writers of one target never share a temporary file.
    private static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /**
     * Writes {@code bytes} to {@code path} atomically, as described above, with no guard: for
     * Ariel's own files (caches, markers), which no user named. A file a user named goes through
     * an instance's {@link #write}, which refuses the model.
     *
     * @throws IOException if the file cannot be written, naming {@code path}; the target is then untouched
     */
    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        try {
            replace(path, bytes);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    private static void replace(Path path, byte[] bytes) throws IOException {
        Path target = abs(path);
        if (Files.isSymbolicLink(target)) {
            try {
                target = target.toRealPath();
            } catch (NoSuchFileException e) {
                target = target.resolveSibling(Files.readSymbolicLink(target)).toAbsolutePath(); // a dangling link: create its file
            }
        }
        if (Files.isDirectory(target)) {
            // Files.move would replace an empty directory with the file.
            throw new FileSystemException(path.toString(), null, "it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            return;
        }
        renameInto(target, bytes, true);
    }

    /**
     * Writes {@code bytes} to {@code path} atomically for a file that only Ariel writes, such as a
     * cache entry: whatever stands at the path, a symbolic link or a FIFO included, is replaced by
     * the new file and never written through, since a cache directory is untrusted input.
     *
     * @throws IOException if the file cannot be written, naming {@code path}; the target is then untouched
     */
    public static void replaceAtomically(Path path, byte[] bytes) throws IOException {
        try {
            if (Files.isDirectory(abs(path), LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(path.toString(), null, "it is a directory");
            }
            renameInto(abs(path), bytes, false);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    // The atomic step both writers share: a temporary file beside the target, forced to disk, renamed over it.
    private static void renameInto(Path target, byte[] bytes, boolean keepMode) throws IOException {
        Path tmp = temporaryFor(target);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(false);
            }
            if (keepMode) keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    // A replaced file keeps its mode: an image a user made group-readable stays so.
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.isRegularFile(target)) return;
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the new file gets the default mode
        }
    }

    // The same failure, told about the path the user gave: the temporary file is ours, not theirs.
    // The directory is the one the failing file (a link's target, say) is in, not always the given path's.
    private static IOException failure(Path given, IOException e) {
        Path failed = e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : given;
        Path dir = abs(failed).getParent();
        String reason = switch (e) {
            case NoSuchFileException x when dir != null && Files.isDirectory(dir) -> "cannot create a file in " + dir;
            case NoSuchFileException x -> "directory " + dir + " does not exist";
            case AccessDeniedException x -> "permission denied";
            case DirectoryNotEmptyException x -> "it is a directory";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        FileSystemException named = new FileSystemException(given.toString(), null, reason);
        named.initCause(e);
        return named;
    }
}
