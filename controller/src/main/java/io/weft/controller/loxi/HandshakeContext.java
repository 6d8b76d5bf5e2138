package io.weft.controller.loxi;

import io.weft.controller.SwitchPort;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** What handshake states may do to their channel. Implemented by {@link SwitchChannelHandler}. */
interface HandshakeContext {
    void send(OFMessage msg);

    long nextXid();

    /** Closes the channel, logging why. */
    void fail(String reason);

    void versionNegotiated(OFFactory factory);

    OFFactory factory();

    void featuresReceived(long datapathId);

    /** Completes the handshake: creates the session and registers it. Returns the active state. */
    HandshakeState activate(List<SwitchPort> ports);

    String peer();
}
