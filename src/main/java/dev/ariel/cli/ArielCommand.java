package dev.ariel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root {@code ariel} command: a container for its subcommands. */
@Command(
        name = "ariel",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        // The subcommands are added by Cli, which builds only the one a run needs.
        description = "Renders Prospero .vm math expressions into images.")
public final class ArielCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is needed: render, info, compare, env or cache");
    }

    /** Reads the version that Maven wrote into the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ArielCommand.class.getResourceAsStream("/dev/ariel/version.properties")) {
                if (in != null) p.load(in);
            }
            String llvm = p.getProperty("llvm", "unknown");
            int dash = llvm.indexOf('-');
            return new String[] {
                "ariel " + p.getProperty("version", "unknown"),
                // The presets' version names the LLVM they bundle: 20.1.7-1.5.12 is LLVM 20.1.7.
                "LLVM " + (dash > 0 ? llvm.substring(0, dash) + " (bytedeco presets " + llvm.substring(dash + 1) + ")" : llvm),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
