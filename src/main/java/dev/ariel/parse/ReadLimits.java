package dev.ariel.parse;

/**
 * The largest model the reader accepts, checked before the work starts so that a hostile file is
 * an error, not an exhausted heap.
 *
 * @param maxFileBytes the largest file, in bytes, checked before the file is read
 * @param maxOps the most op lines (not counting comments and blank lines)
 */
public record ReadLimits(long maxFileBytes, int maxOps) {
    /** 256 MiB: 1,000 times prospero.vm's 165 kB, and room for the 4,000,000-op limit. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    /** 4,000,000 ops: 500 times prospero.vm. */
    public static final int DEFAULT_MAX_OPS = 4_000_000;

    private static final ReadLimits DEFAULTS = new ReadLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_OPS);

    public ReadLimits {
        if (maxFileBytes <= 0 || maxOps <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The documented default limits. */
    public static ReadLimits defaults() {
        return DEFAULTS;
    }

    /** A copy with another op limit. */
    public ReadLimits withMaxOps(int ops) {
        return new ReadLimits(maxFileBytes, ops);
    }

    /** A copy with another file size limit. */
    public ReadLimits withMaxFileBytes(long bytes) {
        return new ReadLimits(bytes, maxOps);
    }
}
