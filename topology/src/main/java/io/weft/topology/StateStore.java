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

    /**
     * Replaces an endpoint whose change is an observation (its OVS binding, its installed status), not a user's
     * intent: it must survive {@code kill -9} like any write, but need not be forced to the disk, since after a
     * machine crash the controller observes it again. Forcing it cost about 2.5 ms on each of the two writes between
     * a container's port appearing and its endpoint being installed.
     */
    default void putEndpointObservation(Endpoint endpoint) {
        putEndpoint(endpoint);
    }

    /**
     * Why the store cannot take writes right now, if it cannot: the last write failed (a full disk, an I/O error) and
     * none has succeeded since. For health checks; empty when writes work.
     */
    default java.util.Optional<String> writeProblem() {
        return java.util.Optional.empty();
    }

    /** Inserts or replaces the host with the same name. */
    void putHost(Host host);

    void removeHost(String name);

    /** Inserts or replaces the router with the same name. */
    void putRouter(Router router);

    void removeRouter(String name);

    @Override
    void close();
}
