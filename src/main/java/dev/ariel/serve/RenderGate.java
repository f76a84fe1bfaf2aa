package dev.ariel.serve;

import dev.ariel.render.Deadline;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to rendering: at most {@code running} renders at once and {@code queue} waiting.
 * A request past the queue, or one that waits past its budget, is turned away with a 503 at
 * once, so load beyond capacity costs the service nothing but the answer. Once {@linkplain #close()
 * closed} (a service stopping), every request waiting and every later one is turned away too. Thread-safe.
 */
final class RenderGate {
    private final Semaphore slots;
    private final int capacity;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    RenderGate(int running, int queue) {
        this.slots = new Semaphore(running, true);
        this.capacity = running;
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
        if (closed) throw shuttingDown();
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
            if (!got) throw queueTimeout();
        }
        if (closed) {
            slots.release();
            throw shuttingDown();
        }
        running.incrementAndGet();
        return () -> {
            running.decrementAndGet();
            slots.release();
        };
    }

    /**
     * Why a render asked for now would be turned away at once, or null if it would get a slot or
     * a place in the queue: the readiness route's answer, for a load balancer.
     */
    String busyReason() {
        if (closed) return "the service is stopping";
        if (running.get() >= capacity && waiting.get() >= maxWaiting) {
            return "every render slot is busy and the queue is full (" + maxWaiting + " waiting)";
        }
        return null;
    }

    /** Turns away every request waiting now and every later one, with 503. */
    synchronized void close() {
        if (closed) return;
        closed = true;
        // Wakes every waiter; each sees `closed` and gives its permit back, so one that was about
        // to wait finds a permit too. The count stays within an int whatever --max-renders is
        // (a semaphore past Integer.MAX_VALUE permits throws an Error).
        slots.release((int) Math.min(maxWaiting + 1L, (long) Integer.MAX_VALUE - capacity));
    }

    /** Whether it was {@linkplain #close() closed}: a stop's grace period is over, and renders still running are cancelled. */
    boolean closed() {
        return closed;
    }

    /**
     * Checks a request that got its slot: one that got it with its budget spent waited too long,
     * and gets the 503 of a wait that ran out rather than a 422 from a render that could not even start.
     *
     * @throws ApiException 503 if the gate closed meanwhile or {@code deadline} has passed
     */
    void admitted(Deadline deadline) {
        if (closed) throw shuttingDown();
        if (deadline.passed()) throw queueTimeout();
    }

    /** The 503 for a request that waited for a slot past its time budget. */
    static ApiException queueTimeout() {
        return ApiException.unavailable("the render queue did not move within the request's time budget: try again "
                + "shortly", 2, "queue_timeout");
    }

    /** The 503 for a request that came, or waited, while the service stops. */
    static ApiException shuttingDown() {
        return ApiException.unavailable("the service is shutting down", 5, "shutting_down");
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return running.get();
    }
}
