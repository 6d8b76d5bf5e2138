package io.weft.controller.loxi;

import io.weft.controller.SwitchPort;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * Collects the port description (possibly several multipart replies), then sends SET_CONFIG and a
 * barrier so that the switch has confirmed our configuration before the session counts as up.
 */
final class AwaitingPortDescriptionState implements HandshakeState {
    private final List<SwitchPort> ports = new ArrayList<>();

    @Override
    public HandshakeState onMessage(HandshakeContext ctx, OFMessage msg) {
        if (msg instanceof OFPortDescStatsReply reply) {
            reply.getEntries().forEach(p -> ports.add(Ports.fromLoxi(p)));
            if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                return this;
            }
            // miss_send_len 0xffff (no buffering): Weft never asks for packet-ins, but if a
            // table-miss flow is added by hand the whole packet should reach the controller.
            ctx.send(ctx.factory().buildSetConfig().setXid(ctx.nextXid()).setMissSendLen(0xffff)
                    .setFlags(EnumSet.noneOf(org.projectfloodlight.openflow.protocol.OFConfigFlags.class)).build());
            long barrierXid = ctx.nextXid();
            ctx.send(ctx.factory().buildBarrierRequest().setXid(barrierXid).build());
            return new AwaitingConfigConfirmationState(barrierXid, List.copyOf(ports));
        }
        if (msg instanceof OFErrorMsg err) {
            ctx.fail("refused PORT_DESC request: " + err);
        }
        return this;
    }

    @Override
    public String name() {
        return "awaiting-port-description";
    }
}
