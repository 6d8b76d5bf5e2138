package io.weft.apps.provisioning;

/** Receives what provisioning learns about hosts and their interfaces (the launcher feeds topology). */
public interface HostObserver {
    /** The host connected, or something about it changed. */
    void hostChanged(HostStatus host);

    /** The host's OVSDB connection closed. */
    void hostDisconnected(String hostName);

    /** An interface with {@code external_ids:iface-id} has an OpenFlow port on br-int. */
    void interfaceBound(String hostName, String ifaceId, long ofport, String interfaceName);

    /**
     * An interface with {@code external_ids:iface-id} is on br-int but OVS has not written its ofport back yet
     * (on a host with many ports that takes ovs-vswitchd ~100 ms after it has already added the OpenFlow port):
     * an observer that also sees OpenFlow may bind it by name as soon as the port appears there.
     */
    default void interfaceAwaitingPort(String hostName, String ifaceId, String interfaceName) {
    }

    /** That interface is gone (or lost its port). */
    void interfaceUnbound(String hostName, String ifaceId);

    /**
     * After a (re)connect, once the host's current interfaces have been reported: these are all the
     * iface-ids bound on it now. Bindings not in the set went away while the host was not connected.
     * (A lost OVSDB connection alone unbinds nothing: the host's switch keeps forwarding.)
     */
    default void bindingsResynced(String hostName, java.util.Set<String> boundIfaceIds) {
    }
}
