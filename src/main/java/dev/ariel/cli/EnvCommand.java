package dev.ariel.cli;

import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.Llvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ariel env}: what Ariel runs on, with LLVM loaded to ask it. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Loads LLVM and prints what the JIT compiles for: the host CPU and its features, the vector",
            "width of compiled kernels, the JDK, and where native code is cached."
        })
final class EnvCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HostTarget host = HostTarget.host();
        out.printf(Locale.ROOT, "jdk         %s (%s), %s%n", Runtime.version(), System.getProperty("java.vm.name"),
                System.getProperty("java.home"));
        out.printf(Locale.ROOT, "cores       %d%n", Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "llvm        %s%n", Llvm.version());
        out.printf(Locale.ROOT, "host        %s, cpu %s%n", host.triple(), host.cpu());
        out.printf(Locale.ROOT, "vectors     %d floats (<%d x float>), from the CPU's features%n", host.floatLanes(),
                host.floatLanes());
        // LLVM lists every feature it knows, mostly disabled; the enabled ones are what matters.
        out.printf(Locale.ROOT, "features    %s%n", String.join(" ", java.util.Arrays.stream(host.features().split(","))
                .filter(f -> f.startsWith("+")).map(f -> f.substring(1)).sorted().toList()));
        Path javacpp = Path.of(System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString()));
        out.printf(Locale.ROOT, "javacpp     %s: %s (libLLVM, unpacked on first use)%n", javacpp, size(javacpp));
        dev.ariel.jit.CodeCache.Settings code = dev.ariel.jit.CodeCache.Settings.defaults();
        out.printf(Locale.ROOT, "code cache  %s: %s of at most %.0f MiB (ariel cache info|clear)%n", code.directory(),
                size(code.directory()), code.maxBytes() / 1048576.0);
        Path aot = dev.ariel.jit.CodeCache.arielCacheRoot().resolve("aot");
        out.printf(Locale.ROOT, "aot cache   %s: %s (the launcher's JVM AOT caches)%n", aot, size(aot));
        out.flush();
        return ExitCodes.OK;
    }

    private static String size(Path dir) {
        if (!Files.isDirectory(dir)) return "absent";
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        } catch (IOException | UncheckedIOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
