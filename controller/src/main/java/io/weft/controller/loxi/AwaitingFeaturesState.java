package io.weft.controller.loxi;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Waits for FEATURES_REPLY (the datapath id), then asks for the port description. */
final class AwaitingFeaturesState implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeContext ctx, OFMessage msg) {
        if (msg instanceof OFFeaturesReply features) {
            ctx.featuresReceived(features.getDatapathId().getLong());
            ctx.send(ctx.factory().buildPortDescStatsRequest().setXid(ctx.nextXid()).build());
            return new AwaitingPortDescriptionState();
        }
        if (msg instanceof OFErrorMsg err) {
            ctx.fail("refused FEATURES_REQUEST: " + err);
        }
        return this;
    }

    @Override
    public String name() {
        return "awaiting-features";
    }
}
