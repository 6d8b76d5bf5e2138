package io.weft.apps.observability;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.Router;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that tells the metrics how long each change waited to be durable: the time in {@link #awaitDurable}, where
 * the topology waits after staging a change (the journal's fsync, or etcd's commit). Everything else is forwarded.
 */
public final class TimedStateStore implements StateStore {
    private final StateStore store;
    private final WeftMetrics metrics;

    public TimedStateStore(StateStore store, WeftMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void awaitDurable(long mark) {
        if (store.durableMark() >= mark) {
            store.awaitDurable(mark);
            return; // a read, or a write already covered: nothing waited
        }
        long start = System.nanoTime();
        store.awaitDurable(mark);
        metrics.storeWrite(Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public StoredState load() {
        return store.load();
    }

    @Override
    public void putNetwork(Network network) {
        store.putNetwork(network);
    }

    @Override
    public void removeNetwork(String name) {
        store.removeNetwork(name);
    }

    @Override
    public void putEndpoint(Endpoint endpoint) {
        store.putEndpoint(endpoint);
    }

    @Override
    public void removeEndpoint(String id) {
        store.removeEndpoint(id);
    }

    @Override
    public void putEndpointObservation(Endpoint endpoint) {
        store.putEndpointObservation(endpoint);
    }

    @Override
    public long writeMark() {
        return store.writeMark();
    }

    @Override
    public long durableMark() {
        return store.durableMark();
    }

    @Override
    public Optional<String> writeProblem() {
        return store.writeProblem();
    }

    @Override
    public void putHost(Host host) {
        store.putHost(host);
    }

    @Override
    public void removeHost(String name) {
        store.removeHost(name);
    }

    @Override
    public void putRouter(Router router) {
        store.putRouter(router);
    }

    @Override
    public void removeRouter(String name) {
        store.removeRouter(name);
    }

    @Override
    public void close() {
        store.close();
    }
}
