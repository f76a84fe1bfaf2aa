package dev.ariel.jit;

import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.Llvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * What decides the machine code for a cache key besides the key: the LLVM version, the target
 * triple, the host CPU name and features, and a fingerprint of the Ariel classes that emit and
 * compile code. Two processes may share code exactly when their environment strings are equal.
 */
final class CodeEnvironment {
    /**
     * The packages whose classes can shape the code compiled for a key: the IR emitters and the
     * pass and codegen set-up (llvm), the compile driver (jit), the tape and its analyses (tape)
     * and the operations' semantics (expr). Every class file in them is hashed, found by listing
     * the package, so a class added to one of them is in the fingerprint without naming it.
     */
    static final List<String> PACKAGES = List.of("dev/ariel/llvm", "dev/ariel/jit", "dev/ariel/tape", "dev/ariel/expr");

    private static volatile String emitter;

    private CodeEnvironment() {}

    /** The environment string for code compiled for {@code host} by this build with the loaded LLVM. */
    static String of(HostTarget host) {
        return "llvm=" + Llvm.version() + ";triple=" + host.triple() + ";cpu=" + host.cpu() + ";features=" + host.features()
                + ";emitter=" + emitterFingerprint();
    }

    /**
     * A hash of every class file in {@link #PACKAGES}, read from the jar or classes directory this
     * class was loaded from, so that a build that may emit other code for the same key never reads
     * an older build's code, while a rebuild that changed nothing there keeps the cache. If the
     * classes cannot be listed, a fingerprint unique to this process: it shares no code, but never
     * runs stale code either.
     */
    static String emitterFingerprint() {
        String e = emitter;
        if (e != null) return e;
        try {
            Path source = Path.of(CodeEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            e = fingerprint(source, classFiles(source, PACKAGES));
        } catch (IOException | RuntimeException | java.net.URISyntaxException ex) {
            e = "unlisted-" + UUID.randomUUID().toString().replace("-", "");
        }
        emitter = e;
        return e;
    }

    /**
     * The class files directly in {@code packages} (as paths like {@code dev/ariel/llvm}) under
     * {@code source}, a classes directory or a jar, sorted by name.
     */
    static List<String> classFiles(Path source, List<String> packages) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(source)) {
            for (String pkg : packages) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(source.resolve(pkg), "*.class")) {
                    for (Path p : s) names.add(pkg + "/" + p.getFileName());
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements(); ) {
                    String name = all.nextElement().getName();
                    int slash = name.lastIndexOf('/');
                    if (slash > 0 && name.endsWith(".class") && packages.contains(name.substring(0, slash))) names.add(name);
                }
            }
        }
        if (names.isEmpty()) throw new IOException("no class files of " + packages + " in " + source);
        names.sort(null);
        return names;
    }

    /**
     * A hash of the names, sizes and CRC-32s of {@code classFiles} under {@code source}. A jar
     * stores each entry's CRC-32 and size, so reading its directory is enough; a classes directory
     * has its files read. Hashing every byte cost three times as much as the rest of the listing,
     * and the CRC-32 of a changed class equals the old one once in 2^32 rebuilds.
     */
    static String fingerprint(Path source, List<String> classFiles) throws IOException {
        StringBuilder summary = new StringBuilder();
        boolean directory = Files.isDirectory(source);
        try (JarFile jar = directory ? null : new JarFile(source.toFile())) {
            for (String name : classFiles) {
                long size, crc;
                JarEntry entry = directory ? null : jar.getJarEntry(name);
                if (entry != null && entry.getCrc() >= 0 && entry.getSize() >= 0) {
                    size = entry.getSize();
                    crc = entry.getCrc();
                } else {
                    byte[] bytes;
                    try (InputStream in = directory ? Files.newInputStream(source.resolve(name)) : jar.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    CRC32 c = new CRC32();
                    c.update(bytes);
                    size = bytes.length;
                    crc = c.getValue();
                }
                summary.append(name).append(' ').append(size).append(' ').append(crc).append('\n');
            }
        }
        return CacheFiles.hashName(summary.toString()).substring(0, 16);
    }
}
