package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.LLVMDisposeErrorMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMDisposeMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMGetErrorMessage;
import static org.bytedeco.llvm.global.LLVM.LLVMGetVersion;
import static org.bytedeco.llvm.global.LLVM.LLVMInitializeNativeAsmParser;
import static org.bytedeco.llvm.global.LLVM.LLVMInitializeNativeAsmPrinter;
import static org.bytedeco.llvm.global.LLVM.LLVMInitializeNativeTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.llvm.LLVM.LLVMErrorRef;

/**
 * Process-wide LLVM set-up and the one place where LLVM's error values become Java exceptions.
 */
public final class Llvm {
    private static volatile boolean initialized;

    private Llvm() {}

    /**
     * Loads libLLVM (unpacking it into JavaCPP's cache on first use) and registers the native
     * target, its assembly printer and parser. Idempotent and thread-safe.
     *
     * @throws LlvmException if the native library cannot be loaded on this machine, or if the
     *     JVM was not given native access for Ariel
     */
    public static void initialize() {
        if (initialized) return;
        synchronized (Llvm.class) {
            if (initialized) return;
            requireNativeAccess();
            try {
                if (LLVMInitializeNativeTarget() != 0 || LLVMInitializeNativeAsmPrinter() != 0
                        || LLVMInitializeNativeAsmParser() != 0) {
                    throw new LlvmException("LLVM has no native target for this machine");
                }
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new LlvmException("cannot load LLVM's native library: " + e.getMessage(), e);
            }
            initialized = true;
        }
    }

    /**
     * Whether the JVM gave Ariel native access ({@code --enable-native-access}), which loading
     * LLVM and calling compiled code need.
     */
    public static boolean nativeAccess() {
        return Llvm.class.getModule().isNativeAccessEnabled();
    }

    /**
     * Throws unless the JVM gave Ariel native access. Without it the JVM would load libLLVM anyway,
     * after a four-line warning on stderr that a library user cannot place; one sentence that says
     * what to add is better.
     *
     * @throws LlvmException naming the flag to add
     */
    public static void requireNativeAccess() {
        if (nativeAccess()) return;
        Module m = Llvm.class.getModule();
        throw new LlvmException("the JIT needs native access: run java with --enable-native-access="
                + (m.isNamed() ? m.getName() : "ALL-UNNAMED") + " (or use the interpreter)");
    }

    /** The bundled LLVM's version, such as {@code 20.1.7}. */
    public static String version() {
        initialize();
        int[] major = new int[1], minor = new int[1], patch = new int[1];
        LLVMGetVersion(major, minor, patch);
        return major[0] + "." + minor[0] + "." + patch[0];
    }

    /**
     * Throws if {@code error} reports a failure, consuming it either way.
     *
     * @param error what an LLVM call returned: null or a null pointer means success
     * @param what what was being done, for the message
     */
    public static void check(LLVMErrorRef error, String what) {
        if (error == null || error.isNull()) return;
        throw new LlvmException(what + ": " + consume(error));
    }

    /**
     * The message of a failure that LLVM hands to a callback rather than returning it, consuming
     * the error; the caller turns it into an exception where the failing call returns.
     */
    public static String consume(LLVMErrorRef error) {
        if (error == null || error.isNull()) return "";
        // LLVMGetErrorMessage consumes the error; consuming it again would be a double free.
        BytePointer message = LLVMGetErrorMessage(error);
        try {
            return message.getString();
        } finally {
            LLVMDisposeErrorMessage(message);
        }
    }

    /** The error at address {@code at}, which LLVM handed over outside JavaCPP (to an FFM upcall). */
    public static LLVMErrorRef errorAt(long at) {
        // In the body of the subclass, `address` names Pointer's field, which shadows any local of that name.
        return new LLVMErrorRef(new Pointer() {
            {
                address = at;
            }
        });
    }

    /** The text of a message LLVM allocated for us, which this frees; "" for null. */
    static String takeMessage(BytePointer message) {
        if (message == null || message.isNull()) return "";
        try {
            return message.getString();
        } finally {
            LLVMDisposeMessage(message);
        }
    }
}
