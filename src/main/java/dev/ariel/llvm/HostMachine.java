package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.LLVMAssemblyFile;
import static org.bytedeco.llvm.global.LLVM.LLVMCodeModelSmall;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateBinary;
import static org.bytedeco.llvm.global.LLVM.LLVMCreatePassBuilderOptions;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateTargetDataLayout;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateTargetMachine;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeBinary;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMemoryBuffer;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposePassBuilderOptions;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeSectionIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeTargetData;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeTargetMachine;
import static org.bytedeco.llvm.global.LLVM.LLVMGetBufferSize;
import static org.bytedeco.llvm.global.LLVM.LLVMGetBufferStart;
import static org.bytedeco.llvm.global.LLVM.LLVMGetSectionName;
import static org.bytedeco.llvm.global.LLVM.LLVMGetSectionSize;
import static org.bytedeco.llvm.global.LLVM.LLVMGetTargetFromTriple;
import static org.bytedeco.llvm.global.LLVM.LLVMMoveToNextSection;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFile;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileCopySectionIterator;
import static org.bytedeco.llvm.global.LLVM.LLVMObjectFileIsSectionIteratorAtEnd;
import static org.bytedeco.llvm.global.LLVM.LLVMRelocPIC;
import static org.bytedeco.llvm.global.LLVM.LLVMRunPasses;
import static org.bytedeco.llvm.global.LLVM.LLVMSetModuleDataLayout;
import static org.bytedeco.llvm.global.LLVM.LLVMSetTarget;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMBinaryRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMPassBuilderOptionsRef;
import org.bytedeco.llvm.LLVM.LLVMSectionIteratorRef;
import org.bytedeco.llvm.LLVM.LLVMTargetDataRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.LLVM.LLVMTargetRef;

/**
 * An LLVM target machine for the host CPU, with all its features, at one codegen level: it
 * configures modules, runs IR pass pipelines and generates machine code. One owner; not
 * thread-safe, so each compiling thread uses its own.
 *
 * <p>Code is position-independent with the small code model, which is what ORC's JITLink expects
 * on x86-64 ELF: it places each object's sections together and reaches libraries through stubs.
 */
public final class HostMachine implements AutoCloseable {
    private final HostTarget host;
    private final OptLevel.CodegenLevel codegen;
    private LLVMTargetMachineRef machine;

    private HostMachine(HostTarget host, OptLevel.CodegenLevel codegen, LLVMTargetMachineRef machine) {
        this.host = host;
        this.codegen = codegen;
        this.machine = machine;
    }

    /** A target machine for {@code host} at {@code codegen}. */
    public static HostMachine create(HostTarget host, OptLevel.CodegenLevel codegen) {
        Llvm.initialize();
        LLVMTargetRef target = new LLVMTargetRef();
        BytePointer error = new BytePointer((Pointer) null);
        try (BytePointer triple = new BytePointer(host.triple())) {
            if (LLVMGetTargetFromTriple(triple, target, error) != 0) {
                throw new LlvmException("no LLVM target for " + host.triple() + ": " + Llvm.takeMessage(error));
            }
        }
        LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, host.triple(), host.cpu(), host.features(),
                codegen.llvm, LLVMRelocPIC, LLVMCodeModelSmall);
        if (tm == null || tm.isNull()) {
            throw new LlvmException("LLVM cannot create a target machine for " + host.triple() + " " + host.cpu());
        }
        return new HostMachine(host, codegen, tm);
    }

    /** The host this machine generates code for. */
    public HostTarget host() {
        return host;
    }

    /** The codegen level. */
    public OptLevel.CodegenLevel codegen() {
        return codegen;
    }

    /** Gives {@code module} this machine's triple and data layout; do it before building IR. */
    public void configure(IrModule module) {
        LLVMSetTarget(module.ref(), host.triple());
        LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(ref());
        try {
            LLVMSetModuleDataLayout(module.ref(), layout);
        } finally {
            LLVMDisposeTargetData(layout);
        }
    }

    /** Runs {@code level}'s IR pass pipeline over {@code module}, tuned for this machine. */
    public void runPasses(IrModule module, OptLevel level) {
        LLVMPassBuilderOptionsRef options = LLVMCreatePassBuilderOptions();
        try {
            Llvm.check(LLVMRunPasses(module.ref(), level.passPipeline(), ref(), options), "LLVM pass pipeline " + level.passPipeline());
        } finally {
            LLVMDisposePassBuilderOptions(options);
        }
    }

    /**
     * Generates an object file for {@code module}. Codegen rewrites the module's IR on the way,
     * so print or count the IR before this, not after.
     */
    public ObjectCode emitObject(IrModule module) {
        return emit(module, LLVMObjectFile, buffer -> new ObjectCode(bytes(buffer), textSize(buffer, module)));
    }

    /** The host assembly for {@code module}; like {@link #emitObject}, this rewrites the module's IR. */
    public String emitAssembly(IrModule module) {
        return emit(module, LLVMAssemblyFile, buffer -> new String(bytes(buffer), StandardCharsets.UTF_8));
    }

    // Generates code into a memory buffer, reads what the caller needs from it, and frees it.
    private <T> T emit(IrModule module, int fileType, java.util.function.Function<LLVMMemoryBufferRef, T> read) {
        LLVMMemoryBufferRef buffer = new LLVMMemoryBufferRef();
        BytePointer error = new BytePointer((Pointer) null);
        if (org.bytedeco.llvm.global.LLVM.LLVMTargetMachineEmitToMemoryBuffer(ref(), module.ref(), fileType, error, buffer) != 0) {
            throw new LlvmException("LLVM code generation failed: " + Llvm.takeMessage(error));
        }
        try {
            return read.apply(buffer);
        } finally {
            LLVMDisposeMemoryBuffer(buffer);
        }
    }

    private static byte[] bytes(LLVMMemoryBufferRef buffer) {
        int size = Math.toIntExact(LLVMGetBufferSize(buffer));
        byte[] out = new byte[size];
        LLVMGetBufferStart(buffer).capacity(size).get(out);
        return out;
    }

    private static long textSize(LLVMMemoryBufferRef buffer, IrModule module) {
        BytePointer error = new BytePointer((Pointer) null);
        LLVMBinaryRef binary = LLVMCreateBinary(buffer, module.context(), error);
        if (binary == null || binary.isNull()) {
            throw new LlvmException("LLVM cannot read the object file it generated: " + Llvm.takeMessage(error));
        }
        long text = 0;
        LLVMSectionIteratorRef it = LLVMObjectFileCopySectionIterator(binary);
        try {
            for (; LLVMObjectFileIsSectionIteratorAtEnd(binary, it) == 0; LLVMMoveToNextSection(it)) {
                BytePointer name = LLVMGetSectionName(it); // owned by the binary
                if (name != null && !name.isNull() && name.getString().startsWith(".text")) {
                    text += LLVMGetSectionSize(it);
                }
            }
        } finally {
            LLVMDisposeSectionIterator(it);
            LLVMDisposeBinary(binary);
        }
        return text;
    }

    LLVMTargetMachineRef ref() {
        if (machine == null) throw new IllegalStateException("target machine is closed");
        return machine;
    }

    @Override
    public void close() {
        if (machine != null) {
            LLVMDisposeTargetMachine(machine);
            machine = null;
        }
    }
}
