package dev.ariel.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.ariel.Model;
import dev.ariel.eval.IntervalEvaluator;
import dev.ariel.jit.CompileStats;
import dev.ariel.jit.CompiledKernel;
import dev.ariel.jit.Jit;
import dev.ariel.jit.KernelCompiler;
import dev.ariel.llvm.HostMachine;
import dev.ariel.llvm.HostTarget;
import dev.ariel.llvm.IntervalIrExperiment;
import dev.ariel.llvm.IrModule;
import dev.ariel.llvm.ObjectCode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.tape.PrunedTape;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Should the interval pass be compiled? For prospero.vm's tapes at three levels of a 1024² frame
 * (the whole model over 16 tiles of 128 px, a 512-px tile's tape over its 16 children, a 128-px
 * tile's tape over its 16 children), this compiles the 16-lane interval pass of
 * {@link IntervalIrExperiment}, checks that it makes the Java evaluator's choices, and prints
 * what compiling cost and how long one pass takes compiled and in Java (medians).
 * {@code CompiledIntervalTable MODEL [O0|O1|O2] [none|default]}
 */
public final class CompiledIntervalTable {
    public static void main(String[] args) throws Throwable {
        Model model = Model.read(Path.of(args[0]));
        OptLevel opt = OptLevel.parse(args.length > 1 ? args[1] : "1");
        OptLevel.CodegenLevel codegen = OptLevel.CodegenLevel.parse(args.length > 2 ? args[2] : "none");
        PrunedTape root = PrunedTape.of(model.tape(), true);
        float px = 2f / 1023;
        PrunedTape t512 = child(root, -1, -1 + 511 * px, 1 - 511 * px, 1);
        PrunedTape t128 = child(t512, -1 + 256 * px, -1 + 383 * px, 1 - 383 * px, 1 - 256 * px);
        System.out.printf("%-24s %6s %9s %9s %9s %9s %11s %11s %8s%n", "tape", "ops", "IR", "build ms", "passes", "codegen",
                "java us", "llvm us", "speed-up");
        run("whole model, 128-px", root, -1, 128 * px, 1, opt, codegen);
        run("512-px tape, 128-px", t512, -1, 128 * px, 1, opt, codegen);
        run("128-px tape, 32-px", t128, -1 + 256 * px, 32 * px, 1 - 256 * px, opt, codegen);
        System.exit(0);
    }

    private static PrunedTape child(PrunedTape parent, float x0, float x1, float y0, float y1) {
        IntervalEvaluator iv = new IntervalEvaluator(parent.length());
        iv.evaluate(parent, x0, x1, y0, y1, 0, 0);
        PrunedTape t = new PrunedTape(parent.length());
        t.simplify(parent, iv.choices(), iv.maybeNaNArray());
        return t.compactCopy();
    }

    private static void run(String label, PrunedTape tape, float left, float step, float top, OptLevel opt,
            OptLevel.CodegenLevel codegen) throws Throwable {
        if (!IntervalIrExperiment.supports(tape)) throw new IllegalArgumentException(label + ": opcodes outside the experiment");
        float[] boxes = new float[64];
        for (int c = 0; c < 16; c++) {
            int cx = c % 4, cy = c / 4;
            boxes[c] = left + cx * step;
            boxes[16 + c] = left + (cx + 1) * step;
            boxes[32 + c] = top - (cy + 1) * step;
            boxes[48 + c] = top - cy * step;
        }
        long t0 = System.nanoTime();
        Jit jit = Jit.shared();
        HostTarget host = jit.host();
        long build, passes, cg;
        int ir;
        ObjectCode code;
        String symbol = "ariel_intervals_" + Math.abs(label.hashCode());
        try (HostMachine machine = HostMachine.create(host, codegen)) {
            long a = System.nanoTime();
            try (IrModule module = IntervalIrExperiment.emit(tape, machine, symbol)) {
                long b = System.nanoTime();
                ir = module.instructionCount();
                machine.runPasses(module, opt);
                long c = System.nanoTime();
                code = machine.emitObject(module);
                long d = System.nanoTime();
                build = b - a;
                passes = c - b;
                cg = d - c;
            }
        }
        CompiledKernel loaded = jit.load(new KernelCompiler.CompiledObject(symbol, code,
                new CompileStats(build, passes, cg, 0, ir, ir, code.bytes().length, code.textBytes(), 0, 0)));
        MethodHandle f = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(loaded.address()),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_FLOAT, ADDRESS, ADDRESS), Linker.Option.critical(true));
        int n = tape.length();
        byte[] choices = new byte[n * 16];
        float[] rootBounds = new float[32];
        IntervalEvaluator iv = new IntervalEvaluator(n * 16);
        float[] x0 = Arrays.copyOfRange(boxes, 0, 16), x1 = Arrays.copyOfRange(boxes, 16, 32);
        float[] y0 = Arrays.copyOfRange(boxes, 32, 48), y1 = Arrays.copyOfRange(boxes, 48, 64);
        // Same choices and bounds as the Java evaluator, or the timing means nothing.
        f.invokeExact(MemorySegment.ofArray(boxes), 0f, MemorySegment.ofArray(choices), MemorySegment.ofArray(rootBounds));
        iv.evaluate(tape, 16, x0, x1, y0, y1, 0, 0);
        for (int i = 0; i < n; i++) {
            if (tape.opcode(i) != dev.ariel.expr.Opcode.MIN && tape.opcode(i) != dev.ariel.expr.Opcode.MAX) continue;
            for (int c = 0; c < 16; c++) {
                if (choices[i * 16 + c] != iv.choices()[i * 16 + c]) {
                    throw new AssertionError(label + ": instruction " + i + " lane " + c + " chose " + choices[i * 16 + c]
                            + ", Java " + iv.choices()[i * 16 + c]);
                }
            }
        }
        for (int c = 0; c < 16; c++) {
            if (rootBounds[c] != iv.lower(tape, tape.output(), c) || rootBounds[16 + c] != iv.upper(tape, tape.output(), c)) {
                throw new AssertionError(label + ": lane " + c + " bounds differ");
            }
        }
        int reps = Math.max(50, 2_000_000 / n);
        double[] java = new double[11], llvm = new double[11];
        for (int k = 0; k < java.length; k++) {
            long a = System.nanoTime();
            for (int r = 0; r < reps; r++) iv.evaluate(tape, 16, x0, x1, y0, y1, 0, 0);
            long b = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                f.invokeExact(MemorySegment.ofArray(boxes), 0f, MemorySegment.ofArray(choices), MemorySegment.ofArray(rootBounds));
            }
            long c = System.nanoTime();
            java[k] = (b - a) / 1e3 / reps;
            llvm[k] = (c - b) / 1e3 / reps;
        }
        Arrays.sort(java);
        Arrays.sort(llvm);
        double jm = java[java.length / 2], lm = llvm[llvm.length / 2];
        System.out.printf("%-24s %6d %9d %9.1f %9.1f %9.1f %11.1f %11.1f %7.1fx%n", label, n, ir, build / 1e6, passes / 1e6,
                cg / 1e6, jm, lm, jm / lm);
        loaded.close();
    }
}
