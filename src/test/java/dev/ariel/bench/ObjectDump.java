package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.jit.CompileOptions;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a model's compiled row kernel as an object file, for objdump. Usage: {@code ObjectDump MODEL LEVEL OUT}. */
public final class ObjectDump {
    private ObjectDump() {}

    public static void main(String[] args) throws Exception {
        SsaTape tape = Model.read(Path.of(args[0])).tape();
        KernelCompiler.CompiledObject o = KernelCompiler.compile(tape, MinMaxFacts.of(tape, Box.EVERYTHING),
                CompileOptions.of(OptLevel.parse(args[1])), HostTarget.host(), "ariel_dump");
        Files.write(Path.of(args[2]), o.code().bytes());
    }
}
