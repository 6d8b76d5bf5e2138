package io.weft.controller.loxi;

import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * One step of the switch handshake (Floodlight's idea, kept small): each state handles the messages
 * it expects and returns the next state. HELLO and version negotiation, FEATURES, port description,
 * SET_CONFIG confirmed by a barrier, then {@link ActiveState}.
 */
interface HandshakeState {
    HandshakeState onMessage(HandshakeContext ctx, OFMessage msg);

    /** Short name for logs, e.g. "awaiting-features". */
    String name();

    default boolean isActive() {
        return false;
    }
}
