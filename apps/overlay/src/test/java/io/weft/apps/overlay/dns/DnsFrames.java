package io.weft.apps.overlay.dns;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds what a container's resolver sends: a DNS query, inside UDP/IPv4/Ethernet. */
final class DnsFrames {
    private DnsFrames() {
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12).putShort((short) id).putShort((short) 0x0100).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        for (String label : name.split("\\.")) {
            byte[] text = label.getBytes(StandardCharsets.US_ASCII);
            out.write(text.length);
            out.writeBytes(text);
        }
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) 1).array());
        return out.toByteArray();
    }

    /** {@code payload} from srcMac/srcIp:srcPort to dstMac/dstIp:53, as the container sends it. */
    static byte[] udp(long srcMac, int srcIp, int srcPort, long dstMac, int dstIp, byte[] payload) {
        // the reply of the frame going the other way is exactly this frame
        UdpFrame backwards = new UdpFrame(dstMac, srcMac, dstIp, srcIp, 53, srcPort, new byte[0]);
        return backwards.reply(payload);
    }
}
