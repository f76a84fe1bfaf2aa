package dev.ariel.jit;

import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The cache directory's files as untrusted input: checked reads, atomic writes, sealed text files
 * and listings that see the temporary files a killed writer left. Loads no native code.
 *
 * <p>Anything may stand where a cache file should be: another process's half-written file, a
 * directory, a FIFO (opening one blocks until a writer comes, for ever), a link to a device (whose
 * "file" never ends) or a sparse file of terabytes. So a read first looks at the name itself,
 * without following links, and opens it only if it is a regular file within a bound; it then opens
 * it without following links either and reads at most the bound.
 */
final class CacheFiles {
    /** The prefix of temporary files, which readers and listings of entries skip. */
    // What an older Ariel named its temporary files: a sweep still finds them.
    private static final String LEGACY_TEMP_PREFIX = ".tmp-";

    // A writer's leftover: the one atomic writer's temporary name, or an older Ariel's.
    static boolean isTemporary(Path file) {
        return OutputFiles.isTemporary(file) || file.getFileName().toString().startsWith(LEGACY_TEMP_PREFIX);
    }
    /**
     * How old a temporary file must be before a sweep deletes it. A writer renames its file within
     * milliseconds, so one this old belongs to a process that died; a concurrent writer is safe.
     */
    static final long STALE_TEMP_MILLIS = 10 * 60_000L;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private CacheFiles() {}

    /** A regular file in a listing: its path, size and modification time. */
    record Entry(Path path, long size, long modifiedMillis) {}

    /**
     * A directory's regular entry files, and the temporary files in it.
     *
     * @param entries regular files with the suffix, temporary files excluded
     * @param temps temporary files still there (a sweep leaves the young ones)
     * @param tempBytes their size
     */
    record Listing(List<Entry> entries, long temps, long tempBytes) {
        static final Listing EMPTY = new Listing(List.of(), 0, 0);

        /** The bytes of the entries and the temporary files together, which a size bound counts. */
        long bytes() {
            long n = tempBytes;
            for (Entry e : entries) n += e.size();
            return n;
        }
    }

    /**
     * The bytes of {@code file} if it is a regular file (not a link, whatever it points to) of at
     * most {@code maxBytes} bytes.
     *
     * @throws NoSuchFileException if there is no such file
     * @throws IOException if it is something else, too large, or unreadable: a damaged entry
     */
    static byte[] read(Path file, int maxBytes) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        if (!a.isRegularFile()) throw new IOException(file + " is not a regular file");
        if (a.size() > maxBytes) throw new IOException(file + " holds " + a.size() + " bytes, over the bound of " + maxBytes);
        // A file swapped in between the check and the open is still refused if it is a link.
        try (SeekableByteChannel in = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            long size = in.size();
            if (size > maxBytes) throw new IOException(file + " grew over the bound of " + maxBytes);
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                // read until full or at its end
            }
            if (bytes.hasRemaining() || in.read(ByteBuffer.allocate(1)) > 0) throw new IOException(file + " changed while read");
            return bytes.array();
        }
    }

    /** {@code text} with a checksum line appended, for {@link #unseal}. */
    static String seal(String text) {
        return text + "crc=" + crc(text) + "\n";
    }

    /** The text {@link #seal} was given, or null if {@code bytes} are not a whole sealed text. */
    static String unseal(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        if (!all.endsWith("\n")) return null;
        int last = all.lastIndexOf('\n', all.length() - 2);
        String text = all.substring(0, last + 1);
        return all.substring(last + 1).equals("crc=" + crc(text) + "\n") ? text : null;
    }

    private static String crc(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code target} and renames it over the
     * target, so readers see the whole file or none.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        OutputFiles.replaceAtomically(target, bytes);
    }

    /**
     * The regular files in {@code dir} whose names end with {@code suffix}, and its temporary files;
     * with {@code sweep}, temporary files older than {@link #STALE_TEMP_MILLIS} are deleted first.
     * Other things (directories, links, FIFOs) are left out: a read of them rejects them when asked.
     */
    static Listing list(Path dir, String suffix, boolean sweep) {
        List<Entry> entries = new ArrayList<>();
        long temps = 0, tempBytes = 0;
        long staleBefore = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
                } catch (IOException e) {
                    continue; // deleted meanwhile
                }
                String name = p.getFileName().toString();
                if (isTemporary(p)) {
                    if (sweep && a.lastModifiedTime().toMillis() < staleBefore && deleteQuietly(p)) continue;
                    temps++;
                    tempBytes += a.isRegularFile() ? a.size() : 0;
                } else if (a.isRegularFile() && name.endsWith(suffix)) {
                    entries.add(new Entry(p, a.size(), a.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            return Listing.EMPTY; // no directory yet
        }
        return new Listing(entries, temps, tempBytes);
    }

    /**
     * Deletes everything in {@code dir} but subdirectories (entries, temporary files, and whatever
     * else stands there, links included, not their targets); returns how many it deleted.
     */
    static long clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) return 0;
        long n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!Files.isDirectory(p, NOFOLLOW) && Files.deleteIfExists(p)) n++;
            }
        }
        return n;
    }

    /** A file name for {@code text}: 160 bits of its SHA-256, in hex. */
    static String hashName(String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Deletes {@code file} (a link itself, not its target); whether it did. */
    static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false; // a non-empty directory, or no permission: it stays ignored
        }
    }
}
