package dev.ariel.cli;

import dev.ariel.Model;
import dev.ariel.ModelInfo;
import dev.ariel.expr.Opcode;
import dev.ariel.parse.ModelException;
import dev.ariel.wiring.JitReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ariel info}: what a model consists of. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = ArielCommand.Version.class,
        description = {
            "Shows MODEL's op counts by opcode, as written and simplified.",
            "Simplification is deduplication, constant folding, exact identities and dead-code removal; "
                + "what is left is the tape's instructions and the distinct constants they take as operands. Also "
                + "shown: the graph's depth and the variables the model reads.",
            "With --jit, it also shows what the JIT makes of the model over [-1,1]² at the chosen level: IR "
                + "size, compile time by step and machine-code size. --jit loads LLVM; plain info does not."
        })
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The .vm model file (default: the bundled ariel.vm).")
    Path model;

    @Option(names = "--jit", description = "Also compile the model, and report its IR size, compile times and code size.")
    boolean showJit;

    @Mixin
    JitOptions jit;

    @Override
    public Integer call() throws ModelException, IOException {
        Model m = model != null ? JavaModels.read(model) : Model.bundled();
        ModelInfo info = m.info();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model       %s%n", info.source());
        // The tape that evaluators run takes constants as operands, not instructions: the service's
        // model JSON counts them apart, as "instructions" and "constants", and so does this line.
        out.printf("ops         %d written, %d after simplification: %s and %s%n", info.opsWritten(), info.opsAfter(),
                count(info.instructions(), "instruction"), count(info.constants(), "constant"));
        out.printf("depth       %d%n", info.depth());
        out.printf("variables   %s%n", info.variables().isEmpty() ? "none"
                : info.variables().stream().sorted().map(v -> v.text().substring(4)).collect(Collectors.joining(", ")));
        out.printf("slots       %d (values alive at once in the interpreter)%n", info.slots());
        out.printf("%n%-10s %9s %9s%n", "opcode", "written", "after");
        for (Opcode op : Opcode.values()) {
            if (info.written(op) == 0 && info.after(op) == 0) continue;
            out.printf("%-10s %9d %9d%n", op.text(), info.written(op), info.after(op));
        }
        out.printf("%-10s %9d %9d%n", "total", info.opsWritten(), info.opsAfter());
        if (showJit) out.print(JitReport.model(m.tape(), jit.compileSettings()));
        return ExitCodes.OK;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
