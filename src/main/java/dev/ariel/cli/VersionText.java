package dev.ariel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The three lines of {@code ariel --version}, which {@link Main} prints before picocli is loaded;
 * {@link ArielCommand.Version} prints the same lines through picocli. A cold JVM pays for every
 * class it touches here, so this avoids what costs most (measured, 2 cores): the jar: URL
 * machinery of getResourceAsStream (some 15 ms; the jar is opened as a file when it is the class
 * path, as under {@code java -jar}), Runtime.version().toString() (some 12 ms of streams and
 * lambdas; the property holds the same text) and string concatenation through invokedynamic.
 */
final class VersionText {
    private static final String RESOURCE = "dev/ariel/version.properties";

    private VersionText() {}

    static String[] lines() throws IOException {
        Properties p = properties();
        String llvm = p.getProperty("llvm", "unknown");
        int dash = llvm.indexOf('-');
        // The presets' version names the LLVM they bundle: 20.1.7-1.5.12 is LLVM 20.1.7.
        String llvmLine = dash > 0
                ? new StringBuilder("LLVM ").append(llvm, 0, dash).append(" (bytedeco presets ")
                        .append(llvm, dash + 1, llvm.length()).append(')').toString()
                : "LLVM ".concat(llvm);
        String java = System.getProperty("java.runtime.version");
        if (java == null) java = Runtime.version().toString();
        return new String[] {
            "ariel ".concat(p.getProperty("version", "unknown")),
            llvmLine,
            new StringBuilder("Java ").append(java).append(" (").append(System.getProperty("java.vm.name")).append(')')
                    .toString()
        };
    }

    private static Properties properties() throws IOException {
        Properties p = new Properties();
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && classPath.indexOf(java.io.File.pathSeparatorChar) < 0) {
            try (JarFile jar = new JarFile(classPath, false)) {
                ZipEntry entry = jar.getEntry(RESOURCE);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        p.load(in);
                    }
                    return p;
                }
            } catch (IOException e) {
                // Not readable as a jar after all: ask the class loader.
            }
        }
        try (InputStream in = VersionText.class.getResourceAsStream("/" + RESOURCE)) {
            if (in != null) p.load(in);
        }
        return p;
    }
}
