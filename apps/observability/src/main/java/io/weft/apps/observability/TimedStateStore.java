package io.weft.apps.observability;

import io.weft.topology.ForwardingStateStore;
import io.weft.topology.StateStore;
import java.time.Duration;
import java.util.Objects;

/**
 * A store that tells the metrics how long each change waited to be durable: the time in {@link #awaitDurable}, where
 * the topology waits after staging a change (the journal's fsync, or etcd's commit). Everything else is forwarded.
 */
public final class TimedStateStore extends ForwardingStateStore {
    private final WeftMetrics metrics;

    public TimedStateStore(StateStore store, WeftMetrics metrics) {
        super(store);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void awaitDurable(long mark) {
        if (durableMark() >= mark) {
            super.awaitDurable(mark);
            return; // a read, or a write already covered: nothing waited
        }
        long start = System.nanoTime();
        super.awaitDurable(mark);
        metrics.storeWrite(Duration.ofNanos(System.nanoTime() - start));
    }
}
