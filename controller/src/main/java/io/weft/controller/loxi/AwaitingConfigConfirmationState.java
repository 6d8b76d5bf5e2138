package io.weft.controller.loxi;

import io.weft.controller.SwitchPort;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Waits for the barrier after SET_CONFIG; then the switch is active. */
final class AwaitingConfigConfirmationState implements HandshakeState {
    private final long barrierXid;
    private final List<SwitchPort> ports;

    AwaitingConfigConfirmationState(long barrierXid, List<SwitchPort> ports) {
        this.barrierXid = barrierXid;
        this.ports = ports;
    }

    @Override
    public HandshakeState onMessage(HandshakeContext ctx, OFMessage msg) {
        if (msg instanceof OFBarrierReply && msg.getXid() == barrierXid) {
            return ctx.activate(ports);
        }
        if (msg instanceof OFErrorMsg err) {
            ctx.fail("refused SET_CONFIG: " + err);
        }
        return this;
    }

    @Override
    public String name() {
        return "awaiting-config-confirmation";
    }
}
