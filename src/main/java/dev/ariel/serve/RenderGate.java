package dev.ariel.serve;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to rendering: at most {@code running} renders at once and {@code queue} waiting.
 * A request past the queue, or one that waits past its budget, is turned away with a 503 at
 * once, so load beyond capacity costs the service nothing but the answer. Thread-safe.
 */
final class RenderGate {
    private final Semaphore slots;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    RenderGate(int running, int queue) {
        this.slots = new Semaphore(running, true);
        this.maxWaiting = queue;
    }

    /** A held render slot; closing it lets the next request in. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a slot for at most {@code waitNanos}.
     *
     * @throws ApiException 503 with {@code Retry-After} if the queue is full or the wait runs out
     */
    Slot enter(long waitNanos) {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw ApiException.unavailable("the render queue is full (" + maxWaiting + " waiting): try again shortly", 1,
                        "queue_full");
            }
            boolean got;
            try {
                got = slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            } finally {
                waiting.decrementAndGet();
            }
            if (!got) {
                throw ApiException.unavailable("the render queue did not move within the request's time budget: try again "
                        + "shortly", 2, "queue_timeout");
            }
        }
        running.incrementAndGet();
        return () -> {
            running.decrementAndGet();
            slots.release();
        };
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return running.get();
    }
}
