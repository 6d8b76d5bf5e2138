package io.weft.apps.overlay.dns;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An Ethernet frame carrying IPv4 UDP: what a container sends to its gateway's DNS, and the answer the controller
 * sends back in its place. Parsing never throws on a peer's bytes.
 */
public record UdpFrame(long srcMac, long dstMac, int srcIp, int dstIp, int srcPort, int dstPort, byte[] payload) {
    private static final int ETH_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ETH_TYPE_IPV4 = 0x0800;
    private static final int PROTO_UDP = 17;

    public static Optional<UdpFrame> parse(byte[] frame) {
        if (frame.length < ETH_HEADER + IPV4_HEADER + UDP_HEADER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        long dst = mac(in);
        long src = mac(in);
        if (Short.toUnsignedInt(in.getShort()) != ETH_TYPE_IPV4) {
            return Optional.empty();
        }
        int ip = in.position();
        int versionIhl = Byte.toUnsignedInt(in.get(ip));
        int ihl = (versionIhl & 0xf) * 4;
        int totalLength = Short.toUnsignedInt(in.getShort(ip + 2));
        int fragment = Short.toUnsignedInt(in.getShort(ip + 6));
        if (versionIhl >> 4 != 4 || ihl < IPV4_HEADER || Byte.toUnsignedInt(in.get(ip + 9)) != PROTO_UDP
                || (fragment & 0x3fff) != 0 || totalLength < ihl + UDP_HEADER || ip + totalLength > frame.length) {
            return Optional.empty(); // not UDP, or a fragment: DNS queries fit one packet
        }
        int srcIp = in.getInt(ip + 12);
        int dstIp = in.getInt(ip + 16);
        int udp = ip + ihl;
        int srcPort = Short.toUnsignedInt(in.getShort(udp));
        int dstPort = Short.toUnsignedInt(in.getShort(udp + 2));
        int udpLength = Short.toUnsignedInt(in.getShort(udp + 4));
        if (udpLength < UDP_HEADER || udp + udpLength > ip + totalLength) {
            return Optional.empty();
        }
        byte[] payload = new byte[udpLength - UDP_HEADER];
        System.arraycopy(frame, udp + UDP_HEADER, payload, 0, payload.length);
        return Optional.of(new UdpFrame(src, dst, srcIp, dstIp, srcPort, dstPort, payload));
    }

    /** The answer to this frame: addresses and ports swapped, carrying {@code payload}. */
    public byte[] reply(byte[] answer) {
        int udpLength = UDP_HEADER + answer.length;
        int totalLength = IPV4_HEADER + udpLength;
        ByteBuffer out = ByteBuffer.allocate(ETH_HEADER + totalLength);
        putMac(out, srcMac);
        putMac(out, dstMac);
        out.putShort((short) ETH_TYPE_IPV4);
        int ip = out.position();
        out.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) 0)
                .putShort((short) 0x4000) // don't fragment
                .put((byte) 64).put((byte) PROTO_UDP).putShort((short) 0).putInt(dstIp).putInt(srcIp);
        out.putShort(ip + 10, (short) checksum(out.array(), ip, IPV4_HEADER, 0));
        int udp = out.position();
        out.putShort((short) dstPort).putShort((short) srcPort).putShort((short) udpLength).putShort((short) 0);
        out.put(answer);
        long pseudo = sum16(dstIp >>> 16) + sum16(dstIp & 0xffff) + sum16(srcIp >>> 16) + sum16(srcIp & 0xffff)
                + PROTO_UDP + udpLength;
        int udpChecksum = checksum(out.array(), udp, udpLength, pseudo);
        out.putShort(udp + 6, (short) (udpChecksum == 0 ? 0xffff : udpChecksum));
        return out.array();
    }

    private static long sum16(int v) {
        return v & 0xffff;
    }

    private static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if ((length & 1) == 1) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long mac(ByteBuffer in) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | Byte.toUnsignedInt(in.get());
        }
        return v;
    }

    private static void putMac(ByteBuffer out, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.put((byte) (mac >>> shift));
        }
    }
}
