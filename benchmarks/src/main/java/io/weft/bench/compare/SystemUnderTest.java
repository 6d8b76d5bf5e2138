package io.weft.bench.compare;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One of the two compared systems, driven the same way: hosts join it, networks and endpoints are
 * created through its API, and it marks a plugged interface ready in the host's OVSDB.
 */
interface SystemUnderTest extends AutoCloseable {
    /** For tables: "Weft" or "OVN". */
    String name();

    /** The Interface external_ids key the system sets once the port's flows are in. */
    String readyKey();

    /** Starts the controller side and joins the hosts; returns once every host is ready for ports. */
    void start(List<SimHost> hosts) throws Exception;

    /** Network {@code index} is called {@code net<index>}, subnet 10.(100+index).0.0/16 in both systems. */
    void createNetwork(int index) throws Exception;

    /** Returns once the system has taken every change made so far to its hosts (before timing starts). */
    void settle() throws Exception;

    /**
     * The API call for one endpoint (the clock's point (a) is just before it): REST for Weft, ovn-nbctl
     * for OVN. Returns the iface-id the host's port must carry.
     */
    String createEndpoint(int network, int host, int index) throws Exception;

    /**
     * As {@link #createEndpoint(int, int, int)}, with the addresses given (the ping benchmark configures
     * the container before the API call, so both systems must use the same MAC and IP).
     */
    String createEndpoint(int network, int host, int index, EndpointAddress address) throws Exception;

    /** Deletes an endpoint through the API (its port already unplugged). */
    void deleteEndpoint(int network, String id) throws Exception;

    /** Endpoint {@code index} in network {@code network} on host {@code host}. */
    record NewEndpoint(int network, int host, int index) {
    }

    /**
     * Many endpoints, the way each system is best fed in bulk (Weft: 8 parallel REST clients; OVN: ovn-nbctl
     * with 200 ports a transaction). Returns their iface-ids, in order.
     */
    List<String> createEndpoints(List<NewEndpoint> endpoints) throws Exception;

    /** As {@link #createEndpoints}, each with the addresses {@link EndpointAddress#of} gives it. */
    List<String> createEndpointsAt(List<NewEndpoint> endpoints) throws Exception;

    /**
     * The runtime is about to add {@code port} to host {@code host}'s br-int for {@code ifaceId}. Systems that
     * learn it from OVSDB, as Weft and OVN do, need not be told; the floor ({@link FloorSystem}) is.
     */
    default void plugging(int host, String ifaceId, String port) {
    }

    /**
     * The system's own account of each port's way to ready, by iface-id, for the ports it timed (Weft: from its log;
     * the floor: its own clock). Empty if it keeps none.
     */
    default Map<String, PortTiming> portTimings() throws IOException {
        return Map.of();
    }

    /**
     * One port, on the system's clock: from the port seen (its port status or OVSDB row) to its ready mark confirmed,
     * and of that, the system's own part (until the port's flows were written to the switches), in ms.
     */
    record PortTiming(double totalMs, double ownMs) {
    }

    /** Resident memory of each controller process (kB): central daemons and, for OVN, every ovn-controller. */
    Map<String, Long> controllerRssKb() throws Exception;

    /**
     * For a garbage-collected controller, the heap still in use after a full collection (kB): its RSS
     * mostly says how far the heap has grown, not what the endpoints need. Empty for C daemons.
     */
    default OptionalLong liveHeapKb() throws Exception {
        return OptionalLong.empty();
    }

    /**
     * Restarts the controller that programs host {@code host} (the central controller for Weft,
     * that host's ovn-controller for OVN); returns once its API takes calls again.
     */
    void restartController(int host) throws Exception;

    /** Stops everything this system started (not the hosts). */
    @Override
    void close() throws Exception;

    /** The underlay address of host {@code n}: 198.18.x.y, distinct per host. */
    static String tunnelIp(int n) {
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }
}
