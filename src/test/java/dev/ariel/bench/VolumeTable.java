package dev.ariel.bench;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.render.Deadline;
import dev.ariel.render.TileSizes;
import dev.ariel.tape.SsaTape;
import dev.ariel.volume.VolumeFrame;
import dev.ariel.volume.VolumeOptions;
import dev.ariel.volume.VolumeRenderer;
import dev.ariel.volume.VolumeStats;
import dev.ariel.volume.VolumeView;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the octree's time goes on a model, per box-size configuration, with the interpreter:
 * median frame time of interleaved rounds and the last frame's statistics.
 * Usage: {@code VolumeTable MODEL N DEPTH ROUNDS GRADIENTS(true|false) CONFIG...}, each CONFIG
 * {@code SIZES} (like 128,32,8) or {@code brute}, prefixed {@code jit:} for the LLVM tier at -O1
 * (compiling every level-0 box's tape before its leaves, gradients per level-1 box).
 */
public final class VolumeTable {
    private VolumeTable() {}

    public static void main(String[] args) throws Exception {
        SsaTape tape = Model.read(Path.of(args[0])).tape();
        int n = Integer.parseInt(args[1]), depth = Integer.parseInt(args[2]), rounds = Integer.parseInt(args[3]);
        boolean gradients = Boolean.parseBoolean(args[4]);
        VolumeView view = VolumeView.of(n).withDepth(depth);
        int configs = args.length - 5;
        long[][] times = new long[configs][rounds];
        VolumeStats[] last = new VolumeStats[configs];
        int threads = Runtime.getRuntime().availableProcessors();
        dev.ariel.jit.JitBackend jit = dev.ariel.jit.JitBackend.of(dev.ariel.jit.CompileOptions.of(dev.ariel.llvm.OptLevel.O1),
                threads);
        for (int r = 0; r < rounds; r++) {
            for (int c = 0; c < configs; c++) {
                String a = args[5 + c];
                boolean onJit = a.startsWith("jit:");
                if (onJit) a = a.substring(4);
                boolean brute = a.equals("brute");
                dev.ariel.eval.Backend backend = onJit ? jit : JavaEngine.INSTANCE;
                VolumeOptions o = VolumeOptions.defaults(backend);
                if (!brute) o = o.withSizes(TileSizes.parse(a));
                if (onJit) o = o.withCompile(dev.ariel.volume.CompilePolicy.ALWAYS, 0);
                VolumeFrame f = new VolumeRenderer(backend, threads, o).renderFrame(tape, view, brute, gradients, Deadline.NONE);
                times[c][r] = f.stats().wallNanos();
                last[c] = f.stats();
            }
        }
        for (int c = 0; c < configs; c++) {
            long[] t = times[c].clone();
            Arrays.sort(t);
            VolumeStats s = last[c];
            System.out.printf(Locale.ROOT,
                    "%-16s median %8.1f ms  iv %7.1f simp %6.1f vox %7.1f grad %7.1f compile %7.1f ms  filled %d empty %d"
                            + " split %d leaves %d voxels %d (compiled %d) ops/voxel %.1f grads %d%n",
                    args[5 + c], t[rounds / 2] / 1e6, s.intervalNanos() / 1e6, s.simplifyNanos() / 1e6, s.voxelNanos() / 1e6,
                    s.gradientNanos() / 1e6, s.compileNanos() / 1e6, s.boxesFilled(), s.boxesEmpty(), s.boxesSplit(),
                    s.leaves(), s.voxels(), s.voxelsCompiled(),
                    s.voxelOps() / (double) Math.max(1, s.voxels()), s.gradientPoints());
        }
        jit.close();
    }
}
