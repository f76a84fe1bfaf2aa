package dev.ariel.render;

/** A render stopped because its {@link Deadline} passed; the frame it was drawing is discarded. */
public final class RenderTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long budgetNanos;

    /** A render that ran past a budget of {@code budgetNanos}. */
    public RenderTimeoutException(long budgetNanos) {
        super(String.format(java.util.Locale.ROOT, "the render ran past its time budget of %d ms", budgetNanos / 1_000_000),
                null, false, false);
        this.budgetNanos = budgetNanos;
    }

    /** The budget, in nanoseconds. */
    public long budgetNanos() {
        return budgetNanos;
    }
}
