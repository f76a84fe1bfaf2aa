package dev.ariel.render;

import java.util.function.BooleanSupplier;

/**
 * When a render must give up: a point on {@link System#nanoTime()}'s clock. A service gives each
 * request a budget, so that one huge image or hostile model cannot hold the render threads for
 * ever; the tile scheduler checks it between tiles. A deadline may also pass early, when a
 * condition it was given holds ({@link #orWhen}): a service stopping cancels its renders that way.
 * Immutable.
 */
public final class Deadline {
    /** A deadline that never passes. */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, false, null);

    private final long at;
    private final long budgetNanos;
    private final boolean bounded;
    private final BooleanSupplier cancelled; // null: never cancelled

    private Deadline(long at, long budgetNanos, boolean bounded, BooleanSupplier cancelled) {
        this.at = at;
        this.budgetNanos = budgetNanos;
        this.bounded = bounded;
        this.cancelled = cancelled;
    }

    /** A deadline {@code budgetNanos} from now. */
    public static Deadline after(long budgetNanos) {
        if (budgetNanos < 0) throw new IllegalArgumentException("a budget must not be negative, not " + budgetNanos);
        return new Deadline(System.nanoTime() + budgetNanos, budgetNanos, true, null);
    }

    /** A copy that has also passed as soon as {@code cancel} answers true (asked at every check). */
    public Deadline orWhen(BooleanSupplier cancel) {
        BooleanSupplier mine = cancelled;
        return new Deadline(at, budgetNanos, bounded,
                mine == null ? cancel : () -> mine.getAsBoolean() || cancel.getAsBoolean());
    }

    /** Whether the deadline has passed, or was cancelled. */
    public boolean passed() {
        return (bounded && System.nanoTime() - at > 0) || (cancelled != null && cancelled.getAsBoolean());
    }

    /** The nanoseconds left, 0 once passed ({@link Long#MAX_VALUE} for {@link #NONE} if not cancelled). */
    public long remainingNanos() {
        if (cancelled != null && cancelled.getAsBoolean()) return 0;
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
