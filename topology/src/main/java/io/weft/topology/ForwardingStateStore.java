package io.weft.topology;

import java.util.Objects;
import java.util.Optional;

/**
 * A store that passes every call to another: subclasses override the calls they watch (time, record) and call
 * {@code super}. Every method of {@link StateStore} is forwarded, the durability ones included, so a wrapper never
 * falls back to the interface's defaults by accident.
 */
public abstract class ForwardingStateStore implements StateStore {
    private final StateStore store;

    protected ForwardingStateStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The store calls are passed to. */
    protected final StateStore delegate() {
        return store;
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
    public void awaitDurable(long mark) {
        store.awaitDurable(mark);
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
