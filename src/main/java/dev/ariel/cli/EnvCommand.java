package dev.ariel.cli;

import dev.ariel.wiring.JitReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ariel env}: what Ariel runs on, with LLVM loaded to ask it. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Loads LLVM and prints what the JIT compiles for.",
            "That is the host CPU and its features, the vector width of compiled kernels, the JDK, and "
                + "where native code is cached."
        })
final class EnvCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(JitReport.environment());
        out.flush();
        return ExitCodes.OK;
    }
}
