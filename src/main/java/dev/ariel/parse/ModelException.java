package dev.ariel.parse;

/**
 * A model that cannot be used, with the file and line at fault: its message is one line of the
 * form {@code file:line: what is wrong} (or {@code file: what is wrong} where no line is at fault).
 */
public final class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String detail;
    private final boolean overLimit;

    /** A problem at {@code line} (1-based) of {@code source}; {@code line} 0 means the whole file. */
    public ModelException(String source, int line, String detail) {
        this(source, line, detail, false);
    }

    private ModelException(String source, int line, String detail, boolean overLimit) {
        super(line > 0 ? source + ":" + line + ": " + detail : source + ": " + detail, null, false, false);
        this.source = source;
        this.line = line;
        this.detail = detail;
        this.overLimit = overLimit;
    }

    /**
     * A model refused for its size (see {@link ReadLimits}) rather than for its content: a service
     * answers it as too large, not as malformed.
     */
    public static ModelException overLimit(String source, int line, String detail) {
        return new ModelException(source, line, detail, true);
    }

    /** Whether the model was refused for its size, not for what it says. */
    public boolean overLimit() {
        return overLimit;
    }

    /** The file or source name, as the user gave it. */
    public String source() {
        return source;
    }

    /** The 1-based line at fault, or 0 where the problem is the file as a whole. */
    public int line() {
        return line;
    }

    /** What is wrong, without the file and line. */
    public String detail() {
        return detail;
    }
}
