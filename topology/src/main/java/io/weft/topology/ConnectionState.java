package io.weft.topology;

/** State of one southbound session (OVSDB or OpenFlow) with a host. */
public enum ConnectionState {
    CONNECTED,
    DISCONNECTED
}
