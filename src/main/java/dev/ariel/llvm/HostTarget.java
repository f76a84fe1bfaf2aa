package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.LLVMGetDefaultTargetTriple;
import static org.bytedeco.llvm.global.LLVM.LLVMGetHostCPUFeatures;
import static org.bytedeco.llvm.global.LLVM.LLVMGetHostCPUName;

/**
 * The machine that compiled code runs on: LLVM's triple, CPU name and feature string for this
 * host, and the float vector width Ariel's kernels use on it.
 *
 * @param triple the target triple, such as {@code x86_64-unknown-linux-gnu}
 * @param cpu the CPU name, such as {@code rocketlake}
 * @param features every CPU feature, as LLVM spells them ({@code +avx512f,...})
 * @param floatLanes floats per vector in a kernel's x loop: 16 with AVX-512, 8 with AVX, else 4
 */
public record HostTarget(String triple, String cpu, String features, int floatLanes) {
    private static volatile HostTarget host;

    public HostTarget {
        if (floatLanes != 1 && floatLanes != 4 && floatLanes != 8 && floatLanes != 16) {
            throw new IllegalArgumentException("float lanes must be 1, 4, 8 or 16, not " + floatLanes);
        }
    }

    /** This machine, as LLVM detects it. */
    public static HostTarget host() {
        HostTarget h = host;
        if (h == null) {
            Llvm.initialize();
            String features = Llvm.takeMessage(LLVMGetHostCPUFeatures());
            h = new HostTarget(Llvm.takeMessage(LLVMGetDefaultTargetTriple()), Llvm.takeMessage(LLVMGetHostCPUName()),
                    features, widestFloatVector(features));
            host = h;
        }
        return h;
    }

    /** A copy whose kernels use {@code lanes} floats per vector (any width runs correctly; the widest runs fastest). */
    public HostTarget withFloatLanes(int lanes) {
        return new HostTarget(triple, cpu, features, lanes);
    }

    private static int widestFloatVector(String features) {
        if (features.contains("+avx512f")) return 16;
        if (features.contains("+avx")) return 8;
        return 4;
    }
}
