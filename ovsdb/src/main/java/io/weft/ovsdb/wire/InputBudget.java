package io.weft.ovsdb.wire;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of partial messages the connections of one listener may hold in all. Each connection may buffer up to the
 * largest message allowed, and a listener takes thousands of connections, so without a bound in all a few peers each
 * sending an endless string could hold gigabytes. When a connection's next read would take the total past the
 * budget, that connection is closed instead (see {@link BudgetedJsonObjectDecoder}).
 */
final class InputBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    InputBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} more if the total stays within the budget. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    long limit() {
        return limit;
    }
}
