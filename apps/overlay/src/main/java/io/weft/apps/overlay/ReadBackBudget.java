package io.weft.apps.overlay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many switches may be read back at once. A read-back holds the switch's whole flow table in the controller (about
 * 10 MB at 100k flows) until its resync is sent and confirmed, so a thousand hosts reconnecting together after a
 * controller restart would otherwise hold a thousand tables at once. The others wait their turn, in order; a small
 * switch's turn takes milliseconds. Used on the overlay's worker thread only.
 */
final class ReadBackBudget {
    private int available;
    /** Who waits for a permit: each a switch's way to try again (the same object each time, so queued once). */
    private final Deque<Runnable> waiting = new ArrayDeque<>();

    ReadBackBudget(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.available = permits;
    }

    /** Takes a permit, or queues {@code retry} to be run when one frees up. */
    boolean tryAcquire(Runnable retry) {
        if (available > 0) {
            available--;
            return true;
        }
        if (!waiting.contains(retry)) {
            waiting.add(retry);
        }
        return false;
    }

    /** Gives a permit back and lets the next waiting switches try again (one gone meanwhile simply does not take it). */
    void release() {
        available++;
        while (available > 0 && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** Permits free now (for tests). */
    int available() {
        return available;
    }
}
