package dev.ariel.wiring;

import dev.ariel.jit.CodeCache;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.JitEngine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.Llvm;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the JIT makes of a model, and what it runs on: the text of {@code ariel info --jit} and
 * {@code ariel env}. Both load LLVM to ask it, so a caller reaches this class only when it means
 * to; everything else about a model ({@code ModelInfo}) is reported without it.
 */
public final class JitReport {
    private JitReport() {}

    /**
     * The JIT's view of {@code tape} over [-1,1]² compiled as {@code settings} says: target, IR size,
     * compile time by step, code size and hardware min/max; or why it is not compiled. Lines end
     * in the platform's line separator, and the first is preceded by an empty line.
     */
    public static String model(SsaTape tape, CompileSettings settings) {
        StringBuilder sb = new StringBuilder();
        try (JitEngine engine = JitEngine.of(settings.options())) {
            HostTarget host = HostTarget.host();
            sb.append(String.format("%njit         %s, LLVM %s, %s (%s), %d floats a vector%n", engine.options().label(),
                    Llvm.version(), host.cpu(), host.triple(), host.floatLanes()));
            if (!engine.compiles(tape)) {
                sb.append(String.format("            not compiled: %d instructions, over the budget of %d (--jit-max-ops)%n",
                        tape.length(), engine.options().maxOps()));
                return sb.toString();
            }
            CompileStats s = engine.kernel(tape, View.of(1024).box()).stats();
            sb.append(String.format("ir          %d instructions before the passes, %d after%n", s.irInstructionsBefore(),
                    s.irInstructionsAfter()));
            sb.append(String.format("compile     %.1f ms: IR build %.1f, passes %.1f, codegen %.1f, link %.1f%n",
                    ms(s.totalNanos()), ms(s.buildNanos()), ms(s.passNanos()), ms(s.codegenNanos()), ms(s.linkNanos())));
            sb.append(String.format("code        %d bytes of machine code (object file %d bytes)%n", s.textBytes(),
                    s.objectBytes()));
            sb.append(String.format("min/max     %d of %d as one instruction over [-1,1]² (proved NaN-free, zero sign unseen)%n",
                    s.hardwareMinMax(), s.minMax()));
        }
        return sb.toString();
    }

    /**
     * What Ariel runs on: the JDK, the cores, LLVM's version, the host target and its enabled
     * features, and the sizes of the JavaCPP, code and AOT caches.
     */
    public static String environment() {
        HostTarget host = HostTarget.host();
        StringBuilder sb = new StringBuilder();
        line(sb, "jdk         %s (%s), %s%n", Runtime.version(), System.getProperty("java.vm.name"),
                System.getProperty("java.home"));
        line(sb, "cores       %d%n", Runtime.getRuntime().availableProcessors());
        line(sb, "llvm        %s%n", Llvm.version());
        line(sb, "host        %s, cpu %s%n", host.triple(), host.cpu());
        line(sb, "vectors     %d floats (<%d x float>), from the CPU's features%n", host.floatLanes(), host.floatLanes());
        // LLVM lists every feature it knows, mostly disabled; the enabled ones are what matters.
        line(sb, "features    %s%n", String.join(" ", Arrays.stream(host.features().split(","))
                .filter(f -> f.startsWith("+")).map(f -> f.substring(1)).sorted().toList()));
        Path javacpp = Path.of(System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString()));
        line(sb, "javacpp     %s: %s (libLLVM, unpacked on first use)%n", javacpp, size(javacpp));
        CodeCache.Settings code = CodeCache.Settings.defaults();
        line(sb, "code cache  %s: %s of at most %.0f MiB (ariel cache info|clear)%n", code.directory(),
                size(code.directory()), code.maxBytes() / 1048576.0);
        Path aot = CodeCache.arielCacheRoot().resolve("aot");
        line(sb, "aot cache   %s: %s (the launcher's JVM AOT caches)%n", aot, size(aot));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args));
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

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
