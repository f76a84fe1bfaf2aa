package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.LLVMContextCreate;
import static org.bytedeco.llvm.global.LLVM.LLVMContextDispose;
import static org.bytedeco.llvm.global.LLVM.LLVMCreateMemoryBufferWithMemoryRangeCopy;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeModule;
import static org.bytedeco.llvm.global.LLVM.LLVMGetFirstBasicBlock;
import static org.bytedeco.llvm.global.LLVM.LLVMGetFirstFunction;
import static org.bytedeco.llvm.global.LLVM.LLVMGetFirstInstruction;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNextBasicBlock;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNextFunction;
import static org.bytedeco.llvm.global.LLVM.LLVMGetNextInstruction;
import static org.bytedeco.llvm.global.LLVM.LLVMModuleCreateWithNameInContext;
import static org.bytedeco.llvm.global.LLVM.LLVMParseIRInContext;
import static org.bytedeco.llvm.global.LLVM.LLVMPrintModuleToString;
import static org.bytedeco.llvm.global.LLVM.LLVMReturnStatusAction;
import static org.bytedeco.llvm.global.LLVM.LLVMVerifyModule;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMBasicBlockRef;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * An LLVM module together with the context that owns its types and constants: one owner for
 * both, freed by {@link #close()}. Not thread-safe; a module is built and compiled by one thread.
 */
public final class IrModule implements AutoCloseable {
    private LLVMContextRef context;
    private LLVMModuleRef module;

    private IrModule(LLVMContextRef context, LLVMModuleRef module) {
        this.context = context;
        this.module = module;
    }

    /** An empty module named {@code name} in a new context. */
    public static IrModule create(String name) {
        Llvm.initialize();
        LLVMContextRef ctx = LLVMContextCreate();
        return new IrModule(ctx, LLVMModuleCreateWithNameInContext(name, ctx));
    }

    /**
     * Parses textual IR (or bitcode) with the bundled LLVM, as {@code llvm-as} would.
     *
     * @throws LlvmException with LLVM's diagnostic if the text is not valid IR
     */
    public static IrModule parse(String ir, String name) {
        Llvm.initialize();
        LLVMContextRef ctx = LLVMContextCreate();
        byte[] bytes = ir.getBytes(StandardCharsets.UTF_8);
        // LLVMParseIRInContext takes ownership of the buffer, whether or not it succeeds.
        LLVMMemoryBufferRef buffer;
        try (BytePointer data = new BytePointer(bytes); BytePointer bufferName = new BytePointer(name)) {
            buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, bytes.length, bufferName);
        }
        LLVMModuleRef m = new LLVMModuleRef();
        BytePointer error = new BytePointer((Pointer) null);
        if (LLVMParseIRInContext(ctx, buffer, m, error) != 0) {
            String message = Llvm.takeMessage(error);
            LLVMContextDispose(ctx);
            throw new LlvmException(name + ": invalid IR: " + message.strip());
        }
        return new IrModule(ctx, m);
    }

    /** The module's textual IR, as {@code llvm-dis} prints it. */
    public String text() {
        return Llvm.takeMessage(LLVMPrintModuleToString(ref()));
    }

    /**
     * Runs LLVM's verifier.
     *
     * @throws LlvmException with the verifier's report if the module is malformed
     */
    public void verify() {
        BytePointer message = new BytePointer((Pointer) null);
        try {
            if (LLVMVerifyModule(ref(), LLVMReturnStatusAction, message) != 0) {
                throw new LlvmException("LLVM rejected the generated IR: " + message.getString().strip());
            }
        } finally {
            if (!message.isNull()) LLVMDisposeMessage(message);
        }
    }

    /** How many IR instructions the module's function bodies hold. */
    public int instructionCount() {
        int n = 0;
        for (LLVMValueRef f = LLVMGetFirstFunction(ref()); f != null && !f.isNull(); f = LLVMGetNextFunction(f)) {
            for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b != null && !b.isNull(); b = LLVMGetNextBasicBlock(b)) {
                for (LLVMValueRef i = LLVMGetFirstInstruction(b); i != null && !i.isNull(); i = LLVMGetNextInstruction(i)) {
                    n++;
                }
            }
        }
        return n;
    }

    LLVMModuleRef ref() {
        if (module == null) throw new IllegalStateException("module is closed");
        return module;
    }

    LLVMContextRef context() {
        if (context == null) throw new IllegalStateException("module is closed");
        return context;
    }

    @Override
    public void close() {
        if (module != null) {
            LLVMDisposeModule(module);
            LLVMContextDispose(context);
            module = null;
            context = null;
        }
    }
}
