package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitter fingerprint covers every class of the code-shaping packages, found by listing them,
 * so a class added there (a new emitter) changes it without anyone naming the class.
 */
class EmitterFingerprintTest {
    @TempDir
    Path dir;

    private static Path classes() throws Exception {
        return Path.of(CodeEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theListingSeesEveryClassFileInEachPackageDirectory() throws Exception {
        Path classes = classes();
        List<String> listed = CodeEnvironment.classFiles(classes, CodeEnvironment.PACKAGES);
        List<String> onDisk = new ArrayList<>();
        for (String pkg : CodeEnvironment.PACKAGES) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(classes.resolve(pkg))) {
                for (Path p : s) if (p.getFileName().toString().endsWith(".class")) onDisk.add(pkg + "/" + p.getFileName());
            }
        }
        onDisk.sort(null);
        assertEquals(onDisk, listed);
        assertTrue(listed.contains("dev/ariel/llvm/KernelIr.class") && listed.contains("dev/ariel/tape/MinMaxFacts.class")
                && listed.contains("dev/ariel/jit/KernelCompiler.class"), listed.toString());
        assertFalse(CodeEnvironment.emitterFingerprint().startsWith("unlisted-"), "this build's classes are found");
    }

    @Test
    void aClassAddedOrChangedInAPackageChangesTheFingerprintInADirectoryAndAJar() throws Exception {
        Path copy = dir.resolve("classes");
        List<String> packages = List.of("dev/ariel/llvm");
        for (String name : CodeEnvironment.classFiles(classes(), packages)) {
            Files.createDirectories(copy.resolve(name).getParent());
            Files.copy(classes().resolve(name), copy.resolve(name));
        }
        String before = fingerprintOf(copy, packages);
        assertEquals(before, fingerprintOf(copy, packages), "stable");
        assertEquals(before, fingerprintOf(jar(copy, "before.jar"), packages), "a jar of the same classes agrees");

        Files.write(copy.resolve("dev/ariel/llvm/NewEmitter.class"), new byte[] {(byte) 0xca, (byte) 0xfe, 1});
        String added = fingerprintOf(copy, packages);
        assertNotEquals(before, added, "a new class in the package changes it");
        assertEquals(added, fingerprintOf(jar(copy, "added.jar"), packages));

        Path kernelIr = copy.resolve("dev/ariel/llvm/KernelIr.class");
        byte[] b = Files.readAllBytes(kernelIr);
        b[b.length / 2] ^= 1;
        Files.write(kernelIr, b);
        assertNotEquals(added, fingerprintOf(copy, packages), "a changed class changes it");
        Files.write(copy.resolve("dev/ariel/Unrelated.class"), new byte[] {1});
        assertEquals(fingerprintOf(copy, packages), fingerprintOf(copy, packages));
    }

    private static String fingerprintOf(Path source, List<String> packages) throws IOException {
        return CodeEnvironment.fingerprint(source, CodeEnvironment.classFiles(source, packages));
    }

    private Path jar(Path classes, String name) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
