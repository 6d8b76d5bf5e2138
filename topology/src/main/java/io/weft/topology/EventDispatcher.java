package io.weft.topology;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events in the order they were queued, outside the topology lock. Events are queued under the topology
 * lock (so queue order is commit order); whichever thread wins {@link #deliveryLock} drains the queue for everyone,
 * so there is never more than one delivery running and no event overtakes another.
 */
final class EventDispatcher {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<TopologyEvent> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();

    void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }

    /** Call with the topology lock held. */
    void enqueue(TopologyEvent event) {
        pending.add(event);
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
        while (!pending.isEmpty() && deliveryLock.tryLock()) {
            try {
                TopologyEvent event;
                while ((event = pending.poll()) != null) {
                    deliver(event);
                }
            } finally {
                deliveryLock.unlock();
            }
        }
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
