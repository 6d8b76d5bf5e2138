package io.weft.apps.overlay;

import io.weft.controller.flow.Priority;

/** Every priority the overlay uses, by meaning. */
public final class OverlayPriority {
    /** A specific, known object: a port, an endpoint's MAC, an ARP target. */
    public static final Priority SPECIFIC = Priority.of(100);
    /** A service the gateway address offers (DNS): beats routing and the gateway guard below. */
    public static final Priority SERVICE = Priority.of(97);
    /** IPv4 to the gateway of a routed network: beats the gateway guard below. */
    public static final Priority ROUTE = Priority.of(95);
    /** Drop rules that must beat flooding (the gateway's virtual MAC). */
    public static final Priority GUARD = Priority.of(90);
    /** Broadcast and multicast of a network. */
    public static final Priority FLOOD = Priority.of(50);
    /** Unknown unicast of a network. */
    public static final Priority UNKNOWN = Priority.of(10);
    /** Table miss. */
    public static final Priority MISS = Priority.of(0);

    private OverlayPriority() {
    }
}
