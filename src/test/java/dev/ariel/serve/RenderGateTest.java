package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.render.Deadline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the render gate at the end of a stop's grace period (issue 16, class 7). */
class RenderGateTest {
    @Test
    void closingTurnsAwayTheWaitingAndEveryLaterRequest() throws Exception {
        RenderGate gate = new RenderGate(1, 4);
        RenderGate.Slot held = gate.enter(0);
        CompletableFuture<ApiException> waiter = CompletableFuture.supplyAsync(() -> {
            try (RenderGate.Slot s = gate.enter(TimeUnit.SECONDS.toNanos(30))) {
                return null;
            } catch (ApiException e) {
                return e;
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.waiting() == 0 && System.nanoTime() - until < 0) Thread.sleep(1);
        assertEquals(1, gate.waiting());
        gate.close();
        ApiException refused = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(refused != null, "a waiter got a slot after the gate closed");
        assertEquals(503, refused.status());
        assertEquals("shutting_down", refused.reason());
        assertEquals("shutting_down", assertThrows(ApiException.class, () -> gate.enter(0)).reason());
        held.close();
        assertTrue(gate.closed());
        assertEquals("shutting_down",
                assertThrows(ApiException.class, () -> gate.admitted(Deadline.after(TimeUnit.SECONDS.toNanos(10)))).reason());
    }

    @Test
    void readinessEndsWhenSlotsAndQueueAreFullOrTheGateCloses() throws Exception {
        RenderGate gate = new RenderGate(1, 1);
        assertEquals(null, gate.busyReason());
        RenderGate.Slot held = gate.enter(0);
        assertEquals(null, gate.busyReason(), "the queue still has room");
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> gate.enter(TimeUnit.SECONDS.toNanos(30)).close());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.waiting() == 0 && System.nanoTime() - until < 0) Thread.sleep(1);
        assertEquals("every render slot is busy and the queue is full (1 waiting)", gate.busyReason());
        held.close();
        waiter.get(10, TimeUnit.SECONDS);
        assertEquals(null, gate.busyReason());
        gate.close();
        assertEquals("the service is stopping", gate.busyReason());
    }

    @Test
    void theLargestLimitsCloseWithoutOverflowingTheSemaphore() {
        // --max-renders and --max-queue at Integer.MAX_VALUE are valid options (OptionExtremesTest).
        RenderGate gate = new RenderGate(Integer.MAX_VALUE, Integer.MAX_VALUE);
        gate.enter(0).close();
        gate.close();
        gate.close();
        assertEquals("shutting_down", assertThrows(ApiException.class, () -> gate.enter(0)).reason());
    }

    @Test
    void aRequestAdmittedWithItsBudgetSpentGetsTheQueueTimeout() throws Exception {
        RenderGate gate = new RenderGate(1, 1);
        Deadline spent = Deadline.after(0);
        Thread.sleep(2);
        ApiException e = assertThrows(ApiException.class, () -> gate.admitted(spent));
        assertEquals(503, e.status());
        assertEquals("queue_timeout", e.reason());
    }
}
