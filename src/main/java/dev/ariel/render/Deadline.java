package dev.ariel.render;

/**
 * When a render must give up: a point on {@link System#nanoTime()}'s clock. A service gives each
 * request a budget, so that one huge image or hostile model cannot hold the render threads for
 * ever; the tile scheduler checks it between tiles. Immutable.
 */
public final class Deadline {
    /** A deadline that never passes. */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, false);

    private final long at;
    private final long budgetNanos;
    private final boolean bounded;

    private Deadline(long at, long budgetNanos, boolean bounded) {
        this.at = at;
        this.budgetNanos = budgetNanos;
        this.bounded = bounded;
    }

    /** A deadline {@code budgetNanos} from now. */
    public static Deadline after(long budgetNanos) {
        if (budgetNanos < 0) throw new IllegalArgumentException("a budget must not be negative, not " + budgetNanos);
        return new Deadline(System.nanoTime() + budgetNanos, budgetNanos, true);
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return bounded && System.nanoTime() - at > 0;
    }

    /** The nanoseconds left, 0 once passed ({@link Long#MAX_VALUE} for {@link #NONE}). */
    public long remainingNanos() {
        return bounded ? Math.max(0, at - System.nanoTime()) : Long.MAX_VALUE;
    }

    /** The whole budget this deadline was given, in nanoseconds (0 for {@link #NONE}). */
    public long budgetNanos() {
        return budgetNanos;
    }

    /** Throws {@link RenderTimeoutException} if the deadline has passed. */
    public void check() {
        if (passed()) throw new RenderTimeoutException(budgetNanos);
    }
}
