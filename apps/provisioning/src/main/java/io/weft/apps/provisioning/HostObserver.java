package io.weft.apps.provisioning;

/** Receives what provisioning learns about hosts and their interfaces (the launcher feeds topology). */
public interface HostObserver {
    /** The host connected, or something about it changed. */
    void hostChanged(HostStatus host);

    /** The host's OVSDB connection closed. */
    void hostDisconnected(String hostName);

    /** An interface with {@code external_ids:iface-id} has an OpenFlow port on br-int. */
    void interfaceBound(String hostName, String ifaceId, long ofport, String interfaceName);

    /** That interface is gone (or lost its port). */
    void interfaceUnbound(String hostName, String ifaceId);
}
