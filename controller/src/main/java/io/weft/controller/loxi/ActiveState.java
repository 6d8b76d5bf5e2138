package io.weft.controller.loxi;

import org.projectfloodlight.openflow.protocol.OFMessage;

/** Handshake done: every message goes to the session. */
final class ActiveState implements HandshakeState {
    private final SwitchSession session;

    ActiveState(SwitchSession session) {
        this.session = session;
    }

    @Override
    public HandshakeState onMessage(HandshakeContext ctx, OFMessage msg) {
        session.onMessage(msg);
        return this;
    }

    @Override
    public String name() {
        return "active";
    }

    @Override
    public boolean isActive() {
        return true;
    }
}
