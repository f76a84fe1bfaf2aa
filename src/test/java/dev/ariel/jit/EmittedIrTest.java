package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.tape.MinMaxFacts;
import dev.ariel.expr.Opcode;
import dev.ariel.jit.KernelCompiler.Stage;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.OptLevel;
import dev.ariel.render.View;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The textual IR and assembly that KernelCompiler shows are valid LLVM, keep the model's names, and carry fast-math flags only where MinMaxFacts allow. */
class EmittedIrTest {
    private static final Pattern FLAGGED = Pattern.compile("\\b(fast|reassoc|nnan|ninf|nsz|arcp|contract|afn)\\b");
    private static final Pattern HARDWARE_MIN_MAX =
            Pattern.compile("call nnan nsz <\\d+ x float> @llvm\\.(minnum|maxnum)\\.v\\d+f32\\(");

    private static Model load(String which) throws Exception {
        return switch (which) {
            case "bundled" -> Model.bundled();
            case "showcase" -> Model.read(Path.of("models/showcase.vm"));
            case "prospero" -> Model.read(SharedModels.require("prospero.vm"));
            default -> throw new IllegalArgumentException(which);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String model : new String[] {"bundled", "showcase", "prospero"}) {
            for (Stage stage : Stage.values()) {
                for (OptLevel level : new OptLevel[] {OptLevel.O0, OptLevel.O3}) {
                    cases.add(Arguments.of(model, stage, level));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -{2}")
    @MethodSource("cases")
    void irReparsesAndVerifies(String which, Stage stage, OptLevel level) throws Exception {
        Model model = load(which);
        SsaTape tape = model.tape();
        Box box = View.of(256).box();
        String text = KernelCompiler.ir(tape, box, CompileOptions.of(level), stage);
        assertTrue(text.contains("define void @ariel_kernel("), "the row function is defined:\n" + head(text));
        try (IrModule module = IrModule.parse(text, which + ".ll")) {
            module.verify();
            assertTrue(module.instructionCount() > 0, "parsed module has no instructions");
            // Printing the parsed module gives the same code back: nothing was lost or reinterpreted.
            // (Attribute groups are not compared: the parser re-derives intrinsics' attributes from
            // LLVM's intrinsic table, which renumbers the groups and the comments that show them.)
            String reprinted = module.text();
            String difference = firstDifference(withoutModuleId(text), withoutModuleId(reprinted));
            assertTrue(difference == null, "IR does not round-trip through the parser: " + difference);
        }
        if (stage == Stage.BEFORE) {
            List<String> missing = new ArrayList<>();
            int named = 0;
            for (int k = 0; k < tape.length(); k++) {
                Opcode op = tape.opcode(k);
                if (op == Opcode.VAR_X || op == Opcode.VAR_Y || op == Opcode.VAR_Z || tape.name(k) == null) continue;
                named++;
                if (!definesValue(text, tape.name(k))) missing.add(tape.name(k) + " (" + op.text() + ")");
            }
            assertTrue(named > 0, "the tape has named instructions");
            assertTrue(missing.isEmpty(), missing.size() + " of " + named + " .vm names do not name an IR value, such as "
                    + missing.subList(0, Math.min(10, missing.size())));
            // Before the passes, the only fast-math flags are nnan nsz on a hardware min/max.
            for (String line : text.split("\n")) {
                if (FLAGGED.matcher(line).find()) {
                    assertTrue(HARDWARE_MIN_MAX.matcher(line).find() && !line.matches(".*\\b(fast|reassoc|ninf|arcp|contract|afn)\\b.*"),
                            "fast-math flag outside a hardware min/max: " + line.strip());
                }
            }
        }
    }

    @Test
    void prosperoOverItsViewUsesHardwareMinMaxForEveryProvenInstruction() throws Exception {
        SsaTape tape = load("prospero").tape();
        Box box = View.of(1024).box();
        MinMaxFacts facts = MinMaxFacts.of(tape, box);
        String text = KernelCompiler.ir(tape, box, CompileOptions.of(OptLevel.O0), Stage.BEFORE);
        int flagged = count(HARDWARE_MIN_MAX, text);
        assertTrue(text.contains("@llvm.minnum."), "no minnum in prospero's IR");
        assertTrue(Pattern.compile("call nnan nsz <\\d+ x float> @llvm\\.minnum\\.").matcher(text).find(),
                "no minnum with nnan nsz in prospero's IR over [-1,1]^2");
        assertTrue(facts.hardwareCount() > 0, "facts prove no hardware min/max");
        assertEquals(facts.hardwareCount(), flagged, "nnan nsz min/max calls against MinMaxFacts.hardwareCount()");

        // Over everything, a NaN may reach any min/max: then no instruction may carry nnan.
        String everywhere = KernelCompiler.ir(tape, Box.EVERYTHING, CompileOptions.of(OptLevel.O0), Stage.BEFORE);
        assertFalse(everywhere.contains(" nnan "), "nnan over Box.EVERYTHING, where NaNs can occur");
        assertEquals(0, MinMaxFacts.of(tape, Box.EVERYTHING).hardwareCount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void debianOptVerifiesTheIr(String which) throws Exception {
        Path opt = dev.ariel.testing.LlvmTools.requireOpt22();
        SsaTape tape = load(which).tape();
        Path dir = Files.createTempDirectory("ariel-ir");
        try {
            for (Stage stage : Stage.values()) {
                Path ll = dir.resolve(which + "-" + stage + ".ll");
                Files.writeString(ll, KernelCompiler.ir(tape, View.of(256).box(), CompileOptions.of(OptLevel.O2), stage),
                        StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(opt.toString(), "-passes=verify", "-disable-output", ll.toString())
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "opt-22 did not finish");
                assertEquals(0, p.exitValue(), "opt-22 rejected " + which + " " + stage + ":\n" + output);
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    static Stream<String> models() {
        return Stream.of("bundled", "showcase", "prospero");
    }

    @Test
    void assemblyNamesTheFunctionAndUsesTheWidestVectors() throws Exception {
        SsaTape tape = load("showcase").tape();
        String asm = KernelCompiler.assembly(tape, View.of(256).box(), CompileOptions.of(OptLevel.O2));
        assertTrue(Pattern.compile("(?m)^ariel_kernel:").matcher(asm).find(), "no ariel_kernel label:\n" + head(asm));
        assertTrue(asm.contains(".globl\tariel_kernel") || asm.contains(".globl ariel_kernel"), "ariel_kernel is not global");
        if (HostTarget.host().floatLanes() == 16) {
            assertTrue(Pattern.compile("%zmm\\d+").matcher(asm).find(), "AVX-512 host but no zmm register");
        } else if (HostTarget.host().floatLanes() == 8) {
            assertTrue(Pattern.compile("%ymm\\d+").matcher(asm).find(), "AVX host but no ymm register");
        }
    }

    /** Whether {@code text} defines a value named {@code name}, plain ({@code %_4 =}) or quoted. */
    private static boolean definesValue(String text, String name) {
        return text.contains("%" + name + " = ") || text.contains("%\"" + name + "\" = ");
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** The first line where {@code a} and {@code b} differ, or null. */
    private static String firstDifference(String a, String b) {
        String[] la = a.split("\n", -1), lb = b.split("\n", -1);
        for (int i = 0; i < Math.max(la.length, lb.length); i++) {
            String x = i < la.length ? la[i] : "<end>", y = i < lb.length ? lb[i] : "<end>";
            if (!x.equals(y)) return "line " + (i + 1) + ":\n  emitted:  " + x + "\n  reparsed: " + y;
        }
        return null;
    }

    /**
     * The IR without comment lines, the module id, the source file name (which names the buffer)
     * and attribute groups, whose numbers become {@code #_}.
     */
    private static String withoutModuleId(String ir) {
        StringBuilder sb = new StringBuilder();
        for (String line : ir.split("\n")) {
            if (line.startsWith(";") || line.startsWith("source_filename = ") || line.startsWith("attributes #")) continue;
            sb.append(line.replaceAll(" #\\d+", " #_")).append('\n');
        }
        return sb.toString();
    }

    private static String head(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "\n...";
    }
}
