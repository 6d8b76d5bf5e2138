package io.weft.topology;

/**
 * Where the topology keeps its state across restarts.
 *
 * <p>A write method stages the change: when it returns, the change is in the store's order and later writes build
 * on it; if it throws, the stored state is as it was before the call. It is durable (it survives {@code kill -9} of
 * the process and a power cut) once {@link #awaitDurable} has returned for a {@link #writeMark} taken after it. That
 * split is group commit: {@link Topology} stages under its lock and waits outside it, so writers that arrive while
 * one fsync runs share the next one, and acknowledges a change, shows it to readers and tells listeners of it only
 * once it is durable. {@link Topology} serialises all writes, so implementations need not be thread-safe beyond
 * that, except for the three durability methods.
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
     * machine crash the controller observes it again, so it does not advance the {@link #writeMark}. Forcing it cost
     * about 2.5 ms on each of the two writes between a container's port appearing and its endpoint being installed.
     */
    default void putEndpointObservation(Endpoint endpoint) {
        putEndpoint(endpoint);
    }

    /**
     * A mark covering every write that must be forced to the disk staged so far (observations need not be). Call
     * right after the writes, under the same lock.
     */
    default long writeMark() {
        return 0;
    }

    /** The highest mark known durable; never decreases. Any thread. */
    default long durableMark() {
        return 0;
    }

    /**
     * Returns once every write up to {@code mark} is durable, forcing them to the disk together with whatever else
     * is staged by then. Call without the caller's lock, from any thread. Throws {@link
     * io.weft.topology.store.StateStoreException} if it can never be (the force failed: the store then refuses every
     * write until it is reopened, since it can no longer say what is on the disk).
     */
    default void awaitDurable(long mark) {
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
