package dev.ariel.jit;

import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.Llvm;
import dev.ariel.llvm.ObjectCode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;

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
 * <p>Files are written to a temporary name and renamed, so readers see whole files or none, and
 * processes may share the directory. Objects are kept within {@link #maxBytes()}: after a store,
 * the least recently used (by modification time, which a hit refreshes) go first. Thread-safe.
 */
public final class CodeCache {
    /** The default bound on object bytes on disk. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    private static final byte[] OBJECT_MAGIC = "ARIELOBJ1\n".getBytes(StandardCharsets.US_ASCII);
    private static final String POINTER_MAGIC = "ARIELPTR1";
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
     * @param rejected files found but not used: truncated, corrupt, foreign or unreadable
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
     */
    public record Usage(long objects, long objectBytes, long keys) {}

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

    /**
     * The compiled-code cache directory: {@code $ARIEL_CACHE_DIR/code} if that is set, else
     * {@code $XDG_CACHE_HOME/ariel/code}, else {@code ~/.cache/ariel/code}. Loads no native code.
     */
    public static Path defaultDirectory() {
        return arielCacheRoot().resolve("code");
    }

    /** Ariel's cache root, holding the compiled-code cache and the launcher's AOT caches. */
    public static Path arielCacheRoot() {
        String own = System.getenv("ARIEL_CACHE_DIR");
        if (own != null && !own.isBlank()) return Path.of(own);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "ariel");
        return Path.of(System.getProperty("user.home"), ".cache", "ariel");
    }

    /**
     * The environment string for code compiled for {@code host} by this build of Ariel with the
     * loaded LLVM. Two processes may share code exactly when their strings are equal.
     */
    public static String environment(HostTarget host) {
        return "llvm=" + Llvm.version() + ";triple=" + host.triple() + ";cpu=" + host.cpu() + ";features=" + host.features()
                + ";emitter=" + emitterFingerprint();
    }

    private static volatile String emitter;

    /**
     * A hash of the classes that decide the machine code for a tape (the IR emitters, the pass
     * and codegen set-up, the compile driver), so that a build of Ariel that emits different
     * code for the same key never reads an older build's code, while a rebuild that changed
     * nothing there keeps the cache.
     */
    static String emitterFingerprint() {
        String e = emitter;
        if (e != null) return e;
        MessageDigest digest = sha256();
        for (String name : List.of("dev/ariel/llvm/KernelIr", "dev/ariel/llvm/VectorIr", "dev/ariel/llvm/F32MathIr",
                "dev/ariel/llvm/HostMachine", "dev/ariel/llvm/OptLevel", "dev/ariel/llvm/OptLevel$CodegenLevel",
                "dev/ariel/jit/KernelCompiler", "dev/ariel/expr/Opcode", "dev/ariel/tape/SsaTape", "dev/ariel/tape/MinMaxFacts")) {
            try (InputStream in = CodeCache.class.getClassLoader().getResourceAsStream(name + ".class")) {
                if (in == null) throw new IllegalStateException("cannot read " + name + ".class to fingerprint the emitter");
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(in.readAllBytes());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + name + ".class to fingerprint the emitter", ex);
            }
        }
        emitter = e = HexFormat.of().formatHex(digest.digest(), 0, 8);
        return e;
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
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            misses.increment();
            return null;
        } catch (IOException | RuntimeException e) {
            reject(file);
            return null;
        }
        String[] lines = text.split("\n", -1);
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            misses.increment();
            return null;
        } catch (IOException | OutOfMemoryError e) {
            reject(file);
            return null;
        }
        Stored s = decode(bytes, id);
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

    // Null unless the bytes are a whole object file, from this environment, with the given id.
    private Stored decode(byte[] bytes, String id) {
        if (bytes.length < OBJECT_MAGIC.length + 4 + 8 + 4) return null;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) return null;
        for (byte b : OBJECT_MAGIC) if (in.get() != b) return null;
        try {
            int headerLength = in.getInt();
            if (headerLength < 0 || headerLength > in.remaining()) return null;
            String header = new String(bytes, in.position(), headerLength, StandardCharsets.UTF_8);
            in.position(in.position() + headerLength);
            long objectLength = in.getLong();
            if (objectLength < 0 || objectLength != in.remaining() - 4) return null;
            byte[] object = new byte[(int) objectLength];
            in.get(object);
            String[] lines = header.split("\n", -1);
            if (lines.length < 5 || !lines[0].equals("environment=" + environment) || !lines[1].equals("id=" + id)
                    || !lines[2].startsWith("text=") || !lines[lines.length - 1].isEmpty()) {
                return null;
            }
            long text = Long.parseLong(lines[2].substring(5));
            List<Symbol> symbols = new ArrayList<>();
            for (int i = 3; i < lines.length - 1; i++) {
                int tab = lines[i].indexOf('\t');
                if (tab <= 0) return null;
                symbols.add(new Symbol(lines[i].substring(tab + 1), lines[i].substring(0, tab)));
            }
            if (symbols.isEmpty()) return null;
            return new Stored(id, new ObjectCode(object, text), symbols);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes an object and a key file for each of its functions, atomically, then evicts the
     * least recently used objects if the cache is over its bound. A failure to write is counted
     * and otherwise ignored: the code is still usable in this process.
     */
    public void store(String id, ObjectCode code, List<Symbol> symbols) {
        if (!id.matches("[0-9a-f]{32}")) throw new IllegalArgumentException("not an object id: " + id);
        if (symbols.isEmpty()) throw new IllegalArgumentException("an object needs at least one symbol");
        if (code.bytes().length > maxBytes) return; // it would evict everything, itself included
        try {
            Files.createDirectories(objects);
            Files.createDirectories(keys);
            writeAtomically(objects.resolve(id + ".obj"), encode(id, code, symbols));
            for (Symbol s : symbols) {
                String pointer = POINTER_MAGIC + "\n" + environment + "\n" + s.key() + "\n" + id + "\n" + s.name() + "\n";
                writeAtomically(keys.resolve(keyHash(s.key())), pointer.getBytes(StandardCharsets.UTF_8));
            }
            stored.increment();
        } catch (IOException | UncheckedIOException e) {
            writeFailures.increment();
            return;
        }
        evict();
    }

    private byte[] encode(String id, ObjectCode code, List<Symbol> symbols) {
        StringBuilder header = new StringBuilder();
        header.append("environment=").append(environment).append('\n').append("id=").append(id).append('\n')
                .append("text=").append(code.textBytes()).append('\n');
        for (Symbol s : symbols) {
            if (s.name().indexOf('\t') >= 0 || s.name().indexOf('\n') >= 0 || s.key().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("symbols and keys must be single lines without tabs in the name");
            }
            header.append(s.name()).append('\t').append(s.key()).append('\n');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(h.length + code.bytes().length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(OBJECT_MAGIC);
            out.writeInt(h.length);
            out.write(h);
            out.writeLong(code.bytes().length);
            out.write(code.bytes());
            byte[] body = bytes.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(body);
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void reject(Path file) {
        rejected.increment();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file we cannot delete is rejected again next time; never used
        }
    }

    /**
     * Deletes the least recently used objects until the rest fit in {@link #EVICT_TO} of the
     * bound, and the key files that pointed to them. Runs only when the objects exceed the bound.
     */
    private void evict() {
        synchronized (evicting) {
            List<Path> files = list(objects, ".obj");
            Map<Path, Long> sizes = new LinkedHashMap<>();
            Map<Path, Long> times = new LinkedHashMap<>();
            long total = 0;
            for (Path f : files) {
                try {
                    long size = Files.size(f);
                    sizes.put(f, size);
                    times.put(f, Files.getLastModifiedTime(f).toMillis());
                    total += size;
                } catch (IOException e) {
                    // deleted meanwhile by another process
                }
            }
            if (total <= maxBytes) return;
            List<Path> oldest = new ArrayList<>(sizes.keySet());
            oldest.sort(Comparator.comparingLong(times::get));
            long target = (long) (maxBytes * EVICT_TO);
            java.util.Set<String> gone = new java.util.HashSet<>();
            for (Path f : oldest) {
                if (total <= target) break;
                try {
                    if (Files.deleteIfExists(f)) evicted.increment();
                } catch (IOException e) {
                    continue;
                }
                total -= sizes.get(f);
                String name = f.getFileName().toString();
                gone.add(name.substring(0, name.length() - ".obj".length()));
            }
            for (Path k : list(keys, "")) {
                try {
                    String[] lines = Files.readString(k, StandardCharsets.UTF_8).split("\n");
                    if (lines.length < 4 || gone.contains(lines[3])) Files.deleteIfExists(k);
                } catch (IOException | RuntimeException e) {
                    // gone already, or damaged: find() rejects it when asked
                }
            }
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".tmp-") && name.endsWith(suffix)) out.add(p);
            }
        } catch (IOException e) {
            // no directory yet
        }
        return out;
    }

    /** Counters since this cache was opened. */
    public Counters counters() {
        return new Counters(hits.sum(), misses.sum(), rejected.sum(), stored.sum(), evicted.sum(), writeFailures.sum());
    }

    /** What is on disk under {@code dir}, a cache directory; reads no file and loads no native code. */
    public static Usage usage(Path dir) {
        long bytes = 0;
        List<Path> objs = list(dir.resolve("objects"), ".obj");
        for (Path f : objs) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return new Usage(objs.size(), bytes, list(dir.resolve("keys"), "").size());
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

    private static final String HINT_MAGIC = "ARIELHINT1";

    /** The hint for {@code key} (a model, view and compile settings) in cache directory {@code dir}, or null. */
    public static Hint readHint(Path dir, String key) {
        Path file = dir.resolve("hints").resolve(hintName(key));
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length != 5 || !lines[0].equals(HINT_MAGIC) || !lines[1].equals(key) || !lines[4].isEmpty()
                    || !lines[2].startsWith("interpreted=") || !lines[3].startsWith("compiled=")) {
                Files.deleteIfExists(file);
                return null;
            }
            return new Hint(Long.parseLong(lines[2].substring(12)), Long.parseLong(lines[3].substring(9)));
        } catch (IOException | RuntimeException e) {
            return null; // none, or damaged (a bad number): no hint
        }
    }

    /** Records {@code hint} for {@code key}, atomically; a failure to write only loses the hint. */
    public static void writeHint(Path dir, String key, Hint hint) {
        if (key.indexOf('\n') >= 0) throw new IllegalArgumentException("a hint key is one line");
        try {
            Path hints = dir.resolve("hints");
            Files.createDirectories(hints);
            String text = HINT_MAGIC + "\n" + key + "\ninterpreted=" + hint.interpretedEvalNanos() + "\ncompiled="
                    + hint.compiledEvalNanos() + "\n";
            writeAtomically(hints.resolve(hintName(key)), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            // a hint is an optimisation
        }
    }

    /** Deletes the hint for {@code key}, if any: its code is no longer in the cache. */
    public static void deleteHint(Path dir, String key) {
        try {
            Files.deleteIfExists(dir.resolve("hints").resolve(hintName(key)));
        } catch (IOException e) {
            // a stale hint costs one LLVM load, and is deleted again next time
        }
    }

    private static String hintName(String key) {
        MessageDigest d = sha256();
        d.update(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 20);
    }

    /**
     * Deletes every object, key and hint file under {@code dir}, a cache directory, and any
     * temporary files left by a process that died while writing. Returns how many files it deleted.
     */
    public static long clear(Path dir) throws IOException {
        long n = 0;
        for (String sub : List.of("objects", "keys", "hints")) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                for (Path p : s) {
                    if (Files.isRegularFile(p) && Files.deleteIfExists(p)) n++;
                }
            }
        }
        return n;
    }

    private String keyHash(String key) {
        MessageDigest d = sha256();
        d.update(environment.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 20);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
