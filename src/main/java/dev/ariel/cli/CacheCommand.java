package dev.ariel.cli;

import dev.ariel.jit.CodeCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.LinkOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code ariel cache info|clear}: shows and empties Ariel's caches on disk, the compiled-code
 * cache and the launcher's AOT caches, without loading LLVM.
 */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Shows or empties Ariel's caches.",
            "They are the compiled code that later runs link instead of compiling ($ARIEL_CACHE_DIR, else "
                + "$XDG_CACHE_HOME/ariel, else ~/.cache/ariel: code/), and the launcher's JVM AOT caches (aot/)."
        },
        subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is needed: info or clear");
    }

    private static Path aotDirectory() {
        return CodeCache.arielCacheRoot().resolve("aot");
    }

    @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = ArielCommand.Version.class,
            description = "Prints where the caches are, what they hold and the code cache's bound.")
    static final class Info implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CodeCache.Settings settings = CodeCache.Settings.defaults();
            CodeCache.Usage u = CodeCache.usage(settings.directory());
            out.printf(Locale.ROOT, "code cache  %s%n", settings.directory());
            out.printf(Locale.ROOT, "            %d object file%s, %s of %s (ARIEL_CACHE_MAX_MB), %d key%s%n", u.objects(),
                    u.objects() == 1 ? "" : "s", mib(u.objectBytes()), mib(settings.maxBytes()), u.keys(), u.keys() == 1 ? "" : "s");
            // Left by writers still running, or killed ones: the bound counts them, and a store sweeps old ones.
            out.printf(Locale.ROOT, "            %d temporary file%s, %s%n", u.temps(), u.temps() == 1 ? "" : "s", mib(u.tempBytes()));
            long[] aot = aotUsage();
            out.printf(Locale.ROOT, "aot cache   %s%n", aotDirectory());
            out.printf(Locale.ROOT, "            %d cache%s, %s (built by scripts/ariel; see native-config/)%n", aot[0],
                    aot[0] == 1 ? "" : "s", mib(aot[1]));
            out.printf(Locale.ROOT, "            %d temporary file%s, %s (left by unfinished builds; the next build sweeps them)%n",
                    aot[2], aot[2] == 1 ? "" : "s", mib(aot[3]));
            out.flush();
            return ExitCodes.OK;
        }

        // {caches, their bytes, temporary files, their bytes}: what a killed scripts/ariel-aot left
        // (NAME.tmp, NAME.tmp.*) is shown until the next build sweeps it. Links are not followed.
        private static long[] aotUsage() {
            long[] usage = new long[4];
            try (DirectoryStream<Path> s = Files.newDirectoryStream(aotDirectory())) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        continue; // deleted meanwhile
                    }
                    int k = name.endsWith(".tmp") || name.contains(".tmp.") ? 2 : name.endsWith(".aot") && a.isRegularFile() ? 0 : -1;
                    if (k < 0) continue;
                    usage[k]++;
                    usage[k + 1] += a.isRegularFile() ? a.size() : 0;
                }
            } catch (IOException e) {
                // no AOT cache yet
            }
            return usage;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, versionProvider = ArielCommand.Version.class,
            description = "Deletes the compiled code and AOT caches; later runs build them again.")
    static final class Clear implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path code = CodeCache.Settings.defaults().directory();
            long codeFiles = CodeCache.clear(code);
            long aotFiles = 0;
            if (Files.isDirectory(aotDirectory())) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(aotDirectory())) {
                    for (Path p : s) {
                        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) aotFiles++;
                    }
                }
            }
            out.printf(Locale.ROOT, "removed %d file%s from %s and %d from %s%n", codeFiles, codeFiles == 1 ? "" : "s", code,
                    aotFiles, aotDirectory());
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
