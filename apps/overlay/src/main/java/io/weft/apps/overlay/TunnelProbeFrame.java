package io.weft.apps.overlay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Ethernet frame of a tunnel probe: sent by the controller through one host's VXLAN port to another host with
 * VNI {@link #VNI}, and handed back to the controller by the receiving host's probe catcher flow. It names its
 * sender and receiver and carries the round's nonce, so a frame someone else forged or replayed is not believed.
 */
record TunnelProbeFrame(long nonce, String from, String to) {
    /** No network has VNI 0 (networks start at 1). */
    static final long VNI = 0;
    /** IEEE 802 "local experimental" EtherType: never a container's traffic type. */
    private static final int ETHER_TYPE = 0x88b5;
    private static final byte[] MAGIC = "WEFT-PROBE-1".getBytes(StandardCharsets.US_ASCII);
    /** Locally administered unicast MACs spelling "WEFT": no container's MAC starts with 02:57:45:46. */
    private static final byte[] DST_MAC = {0x02, 0x57, 0x45, 0x46, 0x54, 0x01};
    private static final byte[] SRC_MAC = {0x02, 0x57, 0x45, 0x46, 0x54, 0x02};
    private static final int MAX_NAME_BYTES = 255;

    byte[] encode() {
        byte[] fromBytes = name(from);
        byte[] toBytes = name(to);
        ByteBuffer frame = ByteBuffer.allocate(14 + MAGIC.length + 8 + 2 + fromBytes.length + toBytes.length);
        frame.put(DST_MAC).put(SRC_MAC).putShort((short) ETHER_TYPE);
        frame.put(MAGIC).putLong(nonce);
        frame.put((byte) fromBytes.length).put(fromBytes).put((byte) toBytes.length).put(toBytes);
        return frame.array();
    }

    /** The probe in a frame, or empty if the frame is not one (anything may arrive with VNI 0). */
    static Optional<TunnelProbeFrame> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            in.position(12);
            if ((in.getShort() & 0xffff) != ETHER_TYPE) {
                return Optional.empty();
            }
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                return Optional.empty();
            }
            long nonce = in.getLong();
            String from = readName(in);
            String to = readName(in);
            return Optional.of(new TunnelProbeFrame(nonce, from, to));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] name(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("host name longer than " + MAX_NAME_BYTES + " bytes");
        }
        return bytes;
    }

    private static String readName(ByteBuffer in) {
        byte[] bytes = new byte[in.get() & 0xff];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
