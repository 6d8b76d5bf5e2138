package io.weft.topology;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events in the order they were queued, outside the topology lock, and only once the change each tells of
 * is durable. Events are queued under the topology lock (so queue order is commit order) with the store's write mark
 * of their change; whichever thread wins {@link #deliveryLock} drains the durable head of the queue for everyone, so
 * there is never more than one delivery running and no event overtakes another. An event whose change is not yet
 * durable stops the drain; the thread that made the change delivers it after its own wait.
 */
final class EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Marked> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final LongSupplier durableMark;

    /** An event and the store's write mark its change must reach before anyone hears of it. */
    private record Marked(TopologyEvent event, long mark) {
    }

    EventDispatcher(LongSupplier durableMark) {
        this.durableMark = durableMark;
    }

    void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }

    /** Call with the topology lock held, after the change's writes: {@code mark} is the store's mark then. */
    void enqueue(TopologyEvent event, long mark) {
        pending.add(new Marked(event, mark));
    }

    /** Call without the topology lock held. */
    void deliverPending() {
        // A listener that changes the topology lands here again on the same thread: the outer loop will deliver
        // its event after the current one has reached every listener.
        if (deliveryLock.isHeldByCurrentThread()) {
            return;
        }
        // Re-check after unlocking: an event queued while we held the lock may have been left by a thread whose
        // tryLock failed just before we let go.
        while (headIsDurable() && deliveryLock.tryLock()) {
            try {
                while (headIsDurable()) {
                    deliver(pending.poll().event());
                }
            } finally {
                deliveryLock.unlock();
            }
        }
    }

    /** Only the delivering thread polls, so a durable head stays the head until it polls it. */
    private boolean headIsDurable() {
        Marked head = pending.peek();
        return head != null && head.mark() <= durableMark.getAsLong();
    }

    private void deliver(TopologyEvent event) {
        for (TopologyListener listener : listeners) {
            try {
                listener.onChange(event);
            } catch (RuntimeException e) {
                log.warn("Topology listener {} failed on {}", listener, event, e);
            }
        }
    }
}
