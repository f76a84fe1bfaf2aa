package dev.ariel.llvm;

/** LLVM reported a failure: a failed lookup, invalid IR, a pass or codegen error, or a missing library. */
public final class LlvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlvmException(String message) {
        super(message);
    }

    public LlvmException(String message, Throwable cause) {
        super(message, cause);
    }
}
