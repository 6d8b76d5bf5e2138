package io.weft.controller.flow;

import java.util.Arrays;

/**
 * A packet a switch sent to the controller (OFPT_PACKET_IN) because a flow output it to CONTROLLER.
 *
 * @param table    the table of the flow that sent it
 * @param cookie   that flow's cookie
 * @param inPort   the port it arrived on
 * @param tunnelId its tunnel id (VXLAN VNI) if it arrived through a tunnel, else 0
 * @param frame    the Ethernet frame, as much of it as the switch sent
 */
public record ReceivedPacket(TableId table, Cookie cookie, PortNumber inPort, long tunnelId, byte[] frame) {

    public ReceivedPacket {
        frame = frame.clone();
    }

    @Override
    public byte[] frame() {
        return frame.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedPacket p && table.equals(p.table) && cookie.equals(p.cookie)
                && inPort.equals(p.inPort) && tunnelId == p.tunnelId && Arrays.equals(frame, p.frame);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * table.hashCode() + inPort.hashCode()) + Arrays.hashCode(frame);
    }

    @Override
    public String toString() {
        return "packet-in table " + table.value() + " cookie " + cookie + " in_port " + inPort + " tun_id 0x"
                + Long.toHexString(tunnelId) + " (" + frame.length + " bytes)";
    }
}
