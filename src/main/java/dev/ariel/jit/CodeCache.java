package dev.ariel.jit;

import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.ObjectCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compiled object code on disk, so that a later process links it instead of compiling it again.
 *
 * <p>The cache holds two kinds of file under its directory. {@code objects/ID.obj} is one
 * compiled module (a batch): a header naming the {@link #environment() environment} it was
 * compiled in and, for each function it exports, the key of the tape it was compiled from and
 * its symbol; then the ELF object; then a CRC-32C of everything before it. {@code keys/HASH} maps
 * one key, in one environment, to the object and symbol that hold its code. A key names everything
 * that decides a function's code besides the environment: the tape's code key, the min/max
 * facts proved for its box, the pass pipeline and codegen level, and the vector width.
 *
 * <p>The environment names what decides the machine code for a given key: the LLVM version, the
 * target triple, the host CPU name and features, and a fingerprint of Ariel's IR emitter. An
 * object is used only if its checksum holds, its environment is this one, and it lists the key
 * with the symbol the pointer named; otherwise it is deleted, counted as rejected, and the caller
 * compiles. So a truncated, corrupt or foreign file costs a compile, never a crash.
 *
 * <p>{@code hints/HASH} holds a {@link Hint}: what a tiered render measured about the code it
 * compiled for one model and view, so that a later one-frame render can decide, without loading
 * LLVM, whether linking that code pays.
 *
 * <p>Every file is untrusted input (see {@link CacheFiles}): before it is opened it must be a
 * regular file, not a link, within a size bound, and before it is trusted its checksum must hold
 * (key and hint files carry one too). A file that fails is deleted, or ignored if it cannot be
 * (a directory), and costs a compile, never a hang or a crash.
 *
 * <p>Files are written to a temporary name and renamed, so readers see whole files or none, and
 * processes may share the directory. Objects, with the temporary files in their directory, are
 * kept within {@link #maxBytes()}: after a store, the least recently used (by modification time,
 * which a hit refreshes) go first, and temporary files a killed writer left are swept once they
 * are {@link CacheFiles#STALE_TEMP_MILLIS old}. The parts: {@link CodeObjectFormat} (object
 * bytes), {@link CodeEnvironment} (what may share code), {@link HintStore} and {@link CacheRoot}.
 * Thread-safe.
 */
public final class CodeCache {
    /** The default bound on object bytes on disk. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /**
     * The largest object file stored or read, whatever the bound: the largest module seen here is
     * a few MB, and a read allocates the whole file.
     */
    static final int MAX_OBJECT_BYTES = 64 << 20;
    private static final String POINTER_MAGIC = "ARIELPTR2";
    // A key file is five short lines; anything larger is not one.
    private static final int MAX_POINTER_BYTES = 64 << 10;
    // Objects stay when eviction runs: it trims to this share of the bound, so stores do not evict every time.
    private static final double EVICT_TO = 0.8;

    /**
     * Where a cache lives and how large it may grow, without its environment, which needs LLVM.
     *
     * @param directory the cache directory
     * @param maxBytes the bound on object bytes on disk
     */
    public record Settings(Path directory, long maxBytes) {
        public Settings {
            if (directory == null) throw new IllegalArgumentException("directory must be set");
            if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must not be negative, not " + maxBytes);
        }

        /**
         * {@link #defaultDirectory()}, bounded by {@code $ARIEL_CACHE_MAX_MB} megabytes if that is
         * a number, else by {@link #DEFAULT_MAX_BYTES}.
         */
        public static Settings defaults() {
            long max = DEFAULT_MAX_BYTES;
            String mb = System.getenv("ARIEL_CACHE_MAX_MB");
            if (mb != null && mb.matches("[0-9]{1,9}")) max = Long.parseLong(mb) << 20;
            return new Settings(defaultDirectory(), max);
        }

        /** The cache for code compiled for {@code host} (which loads LLVM). */
        public CodeCache open(HostTarget host) {
            return CodeCache.open(directory, maxBytes, environment(host));
        }
    }

    /** A function in a cached object: the key of its tape and its symbol. */
    public record Symbol(String key, String name) {}

    /** A cached object, verified: its id, the object file, and the functions it exports. */
    public record Stored(String id, ObjectCode code, List<Symbol> symbols) {
        public Stored {
            symbols = List.copyOf(symbols);
        }

        /** The symbol holding {@code key}'s code, or null. */
        public String symbolOf(String key) {
            for (Symbol s : symbols) if (s.key().equals(key)) return s.name();
            return null;
        }
    }

    /** Where a key's code is: the object's id and the function's symbol. */
    public record Pointer(String objectId, String symbol) {}

    /**
     * What this cache has done since it was opened.
     *
     * @param hits keys found on disk and verified
     * @param misses keys not on disk
     * @param rejected files found but not used: truncated, corrupt, foreign, unreadable, too large or not regular files
     * @param stored objects written
     * @param evicted objects deleted to keep within the bound
     * @param writeFailures objects that could not be written (the render goes on without them)
     */
    public record Counters(long hits, long misses, long rejected, long stored, long evicted, long writeFailures) {}

    /**
     * What is on disk under a cache directory.
     *
     * @param objects object files
     * @param objectBytes their total size
     * @param keys key files
     * @param temps temporary files, from writers still running or killed (swept when old)
     * @param tempBytes their total size, which the bound counts too
     */
    public record Usage(long objects, long objectBytes, long keys, long temps, long tempBytes) {
        /** Usage without temporary files. */
        public Usage(long objects, long objectBytes, long keys) {
            this(objects, objectBytes, keys, 0, 0);
        }
    }

    /**
     * What an earlier multi-frame tiered render measured about compiling one model and view: the
     * pixel evaluation time (CPU, all threads) of its first frame, all interpreted, and of its
     * last, with the code it compiled. A later one-frame render of the same model and view reads
     * it, without loading LLVM, to decide whether linking that code from this cache would pay
     * for loading LLVM.
     *
     * @param interpretedEvalNanos the first frame's pixel time
     * @param compiledEvalNanos the last frame's pixel time
     */
    public record Hint(long interpretedEvalNanos, long compiledEvalNanos) {
        /** How much pixel time the compiled code saved a frame. */
        public long savingNanos() {
            return interpretedEvalNanos - compiledEvalNanos;
        }
    }

    private final Path dir;
    private final Path objects;
    private final Path keys;
    private final long maxBytes;
    private final String environment;
    private final LongAdder hits = new LongAdder(), misses = new LongAdder(), rejected = new LongAdder();
    private final LongAdder stored = new LongAdder(), evicted = new LongAdder(), writeFailures = new LongAdder();
    private final Object evicting = new Object();

    private CodeCache(Path dir, long maxBytes, String environment) {
        this.dir = dir;
        this.objects = dir.resolve("objects");
        this.keys = dir.resolve("keys");
        this.maxBytes = maxBytes;
        this.environment = environment;
    }

    /**
     * A cache in {@code dir} (created when first written) for code compiled in {@code environment}.
     *
     * @param maxBytes the bound on object bytes on disk
     */
    public static CodeCache open(Path dir, long maxBytes, String environment) {
        if (dir == null || environment == null || environment.isEmpty()) throw new IllegalArgumentException("dir and environment must be set");
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must not be negative, not " + maxBytes);
        return new CodeCache(dir, maxBytes, environment);
    }

    /** The compiled-code cache directory; see {@link CacheRoot#codeDirectory()}. Loads no native code. */
    public static Path defaultDirectory() {
        return CacheRoot.codeDirectory();
    }

    /** Ariel's cache root, holding the compiled-code cache and the launcher's AOT caches; see {@link CacheRoot#directory()}. */
    public static Path arielCacheRoot() {
        return CacheRoot.directory();
    }

    /** The environment string for code compiled for {@code host}; see {@link CodeEnvironment}. */
    public static String environment(HostTarget host) {
        return CodeEnvironment.of(host);
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** The bound on object bytes on disk. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The environment this cache reads and writes code for. */
    public String environment() {
        return environment;
    }

    /**
     * The key of a function on disk: the tape's code key, the facts proved for its box,
     * the pass pipeline, the codegen level and the vector width. The op budget is left out: it
     * decides whether a tape is compiled, not its code.
     */
    public static String key(String tapeHash, String facts, CompileOptions options, int lanes) {
        return "tape=" + tapeHash + ";facts=" + facts + ";opt=" + options.opt().name() + ";codegen=" + options.codegen().text()
                + ";lanes=" + lanes;
    }

    /** A fresh object id, unique across processes: it names the file and prefixes the symbols. */
    public static String newObjectId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Where {@code key}'s code is on disk, or null if nowhere (or the key file is damaged, which is then removed). */
    public Pointer find(String key) {
        Path file = keys.resolve(keyHash(key));
        String text;
        try {
            text = CacheFiles.unseal(CacheFiles.read(file, MAX_POINTER_BYTES));
        } catch (NoSuchFileException e) {
            misses.increment();
            return null;
        } catch (IOException | RuntimeException e) {
            reject(file);
            return null;
        }
        String[] lines = text == null ? new String[0] : text.split("\n", -1);
        // magic, environment, key, object id, symbol, and the empty string after the last newline
        if (lines.length != 6 || !lines[0].equals(POINTER_MAGIC) || !lines[1].equals(environment) || !lines[2].equals(key)
                || !lines[3].matches("[0-9a-f]{32}") || lines[4].isEmpty() || !lines[5].isEmpty()) {
            reject(file);
            return null;
        }
        return new Pointer(lines[3], lines[4]);
    }

    /**
     * The object {@code id}, verified: whole, uncorrupted, from this environment. Null if it is
     * missing or fails a check; a file that fails is deleted. A hit refreshes its recency.
     */
    public Stored read(String id) {
        if (!id.matches("[0-9a-f]{32}")) throw new IllegalArgumentException("not an object id: " + id);
        Path file = objects.resolve(id + ".obj");
        Stored s;
        try {
            s = CodeObjectFormat.decode(CacheFiles.read(file, objectBound()), environment, id);
        } catch (NoSuchFileException e) {
            misses.increment();
            return null;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            reject(file);
            return null;
        }
        if (s == null) {
            reject(file);
            return null;
        }
        hits.increment();
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // recency is a hint; a read-only cache still serves
        }
        return s;
    }

    // An object larger than this is neither written nor read: it would evict everything, itself included.
    private int objectBound() {
        return (int) Math.min(maxBytes, MAX_OBJECT_BYTES);
    }

    /**
     * Writes an object and a key file for each of its functions, atomically, then evicts the
     * least recently used objects if the cache is over its bound. A failure to write is counted
     * and otherwise ignored: the code is still usable in this process.
     */
    public void store(String id, ObjectCode code, List<Symbol> symbols) {
        if (!id.matches("[0-9a-f]{32}")) throw new IllegalArgumentException("not an object id: " + id);
        if (symbols.isEmpty()) throw new IllegalArgumentException("an object needs at least one symbol");
        byte[] file = CodeObjectFormat.encode(environment, id, code, symbols);
        if (file.length > objectBound()) return;
        try {
            Files.createDirectories(objects);
            Files.createDirectories(keys);
            CacheFiles.writeAtomically(objects.resolve(id + ".obj"), file);
            for (Symbol s : symbols) {
                String pointer = POINTER_MAGIC + "\n" + environment + "\n" + s.key() + "\n" + id + "\n" + s.name() + "\n";
                CacheFiles.writeAtomically(keys.resolve(keyHash(s.key())), CacheFiles.seal(pointer).getBytes(StandardCharsets.UTF_8));
            }
            stored.increment();
        } catch (IOException | RuntimeException e) {
            writeFailures.increment();
            return;
        }
        evict();
    }

    private void reject(Path file) {
        rejected.increment();
        CacheFiles.deleteQuietly(file); // one that cannot be deleted is rejected again next time; never used
    }

    /**
     * Sweeps stale temporary files, then deletes the least recently used objects until the rest,
     * with the temporary files left, fit in {@link #EVICT_TO} of the bound, and the key files that
     * pointed to them. Deletes objects only when the bound is exceeded.
     */
    private void evict() {
        synchronized (evicting) {
            CacheFiles.Listing listing = CacheFiles.list(objects, ".obj", true);
            CacheFiles.list(keys, "", true);
            long total = listing.bytes();
            if (total <= maxBytes) return;
            List<CacheFiles.Entry> oldest = new java.util.ArrayList<>(listing.entries());
            oldest.sort(Comparator.comparingLong(CacheFiles.Entry::modifiedMillis));
            long target = (long) (maxBytes * EVICT_TO);
            Set<String> gone = new HashSet<>();
            for (CacheFiles.Entry f : oldest) {
                if (total <= target) break;
                if (!CacheFiles.deleteQuietly(f.path())) continue;
                evicted.increment();
                total -= f.size();
                String name = f.path().getFileName().toString();
                gone.add(name.substring(0, name.length() - ".obj".length()));
            }
            for (CacheFiles.Entry k : CacheFiles.list(keys, "", false).entries()) {
                try {
                    String text = CacheFiles.unseal(CacheFiles.read(k.path(), MAX_POINTER_BYTES));
                    String[] lines = text == null ? new String[0] : text.split("\n");
                    if (lines.length < 4 || gone.contains(lines[3])) CacheFiles.deleteQuietly(k.path());
                } catch (IOException | RuntimeException e) {
                    // gone already, or damaged: find() rejects it when asked
                }
            }
        }
    }

    /** Counters since this cache was opened. */
    public Counters counters() {
        return new Counters(hits.sum(), misses.sum(), rejected.sum(), stored.sum(), evicted.sum(), writeFailures.sum());
    }

    /** What is on disk under {@code dir}, a cache directory; reads no file and loads no native code. */
    public static Usage usage(Path dir) {
        CacheFiles.Listing objs = CacheFiles.list(dir.resolve("objects"), ".obj", false);
        CacheFiles.Listing keyFiles = CacheFiles.list(dir.resolve("keys"), "", false);
        CacheFiles.Listing hints = CacheFiles.list(dir.resolve("hints"), "", false);
        return new Usage(objs.entries().size(), objs.bytes() - objs.tempBytes(), keyFiles.entries().size(),
                objs.temps() + keyFiles.temps() + hints.temps(), objs.tempBytes() + keyFiles.tempBytes() + hints.tempBytes());
    }

    /** The hint for {@code key} (a model, view and compile settings) in cache directory {@code dir}, or null. */
    public static Hint readHint(Path dir, String key) {
        return HintStore.read(dir, key);
    }

    /** Records {@code hint} for {@code key}, atomically; a failure to write only loses the hint. */
    public static void writeHint(Path dir, String key, Hint hint) {
        HintStore.write(dir, key, hint);
    }

    /** Deletes the hint for {@code key}, if any: its code is no longer in the cache. */
    public static void deleteHint(Path dir, String key) {
        HintStore.delete(dir, key);
    }

    /**
     * Deletes every object, key and hint file under {@code dir}, a cache directory, any temporary
     * files left by a process that died while writing, and anything else but directories found
     * there. Returns how many files it deleted.
     */
    public static long clear(Path dir) throws IOException {
        long n = 0;
        for (String sub : List.of("objects", "keys", "hints")) n += CacheFiles.clear(dir.resolve(sub));
        return n;
    }

    private String keyHash(String key) {
        return CacheFiles.hashName(environment + "\n" + key);
    }
}
