package io.weft.controller.loxi;

import io.weft.controller.SwitchPort;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** Converts Loxi port descriptions to Weft's. */
final class Ports {
    private Ports() {
    }

    static SwitchPort fromLoxi(OFPortDesc p) {
        return new SwitchPort(Integer.toUnsignedLong(p.getPortNo().getPortNumber()), p.getName(),
                p.getHwAddr().getLong(), p.getState().contains(OFPortState.LINK_DOWN));
    }
}
