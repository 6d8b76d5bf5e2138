package io.weft.topology;

/**
 * Where the topology keeps its state across restarts. Every write method returns only once the change is durable
 * (it survives {@code kill -9} of the process); if it throws, the stored state is as it was before the call.
 * {@link Topology} serialises all calls, so implementations need not be thread-safe beyond that.
 */
public interface StateStore extends AutoCloseable {

    /** Everything stored, in no particular order. */
    StoredState load();

    /** Inserts or replaces the network with the same name. */
    void putNetwork(Network network);

    void removeNetwork(String name);

    /** Inserts or replaces the endpoint with the same id. */
    void putEndpoint(Endpoint endpoint);

    void removeEndpoint(String id);

    /** Inserts or replaces the host with the same name. */
    void putHost(Host host);

    void removeHost(String name);

    @Override
    void close();
}
