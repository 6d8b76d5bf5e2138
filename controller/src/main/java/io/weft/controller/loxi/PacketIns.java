package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import io.weft.controller.flow.Cookie;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.ReceivedPacket;
import io.weft.controller.flow.TableId;

/**
 * Reads an OpenFlow 1.3/1.4 PACKET_IN without Loxi: its match holds whatever metadata OVS chooses to report
 * (tunnel fields, registers), and Loxi fails on a whole message for one field it does not know. Only in_port and
 * tunnel_id are taken from the match; the rest is skipped by length.
 */
final class PacketIns {
    static final int TYPE = 10;
    private static final int FIXED = 24; // header, buffer_id, total_len, reason, table_id, cookie
    private static final int OXM_CLASS_BASIC = 0x8000;
    private static final int OXM_IN_PORT = 0;
    private static final int OXM_TUNNEL_ID = 38;

    private PacketIns() {
    }

    static ReceivedPacket parse(ByteBuf msg) {
        int end = msg.readableBytes();
        if (end < FIXED + 4) {
            throw new CorruptedFrameException("packet-in too short: " + end + " bytes");
        }
        int table = msg.getUnsignedByte(15);
        long cookie = msg.getLong(16);
        int matchLength = msg.getUnsignedShort(FIXED + 2);
        int matchEnd = FIXED + matchLength;
        int paddedMatchEnd = FIXED + ((matchLength + 7) / 8) * 8;
        if (msg.getUnsignedShort(FIXED) != 1 || matchLength < 4 || paddedMatchEnd + 2 > end) {
            throw new CorruptedFrameException("packet-in with a bad match (type " + msg.getUnsignedShort(FIXED)
                    + ", length " + matchLength + ")");
        }
        long inPort = 0;
        long tunnelId = 0;
        for (int offset = FIXED + 4; offset < matchEnd; ) {
            if (matchEnd - offset < 4) {
                throw new CorruptedFrameException("packet-in match ends inside an OXM header");
            }
            int oxmClass = msg.getUnsignedShort(offset);
            int field = msg.getUnsignedByte(offset + 2) >>> 1;
            int length = msg.getUnsignedByte(offset + 3);
            if (offset + 4 + length > matchEnd) {
                throw new CorruptedFrameException("packet-in OXM runs past its match");
            }
            if (oxmClass == OXM_CLASS_BASIC && field == OXM_IN_PORT && length == 4) {
                inPort = msg.getUnsignedInt(offset + 4);
            } else if (oxmClass == OXM_CLASS_BASIC && field == OXM_TUNNEL_ID && length >= 8) {
                tunnelId = msg.getLong(offset + 4);
            }
            offset += 4 + length;
        }
        int dataStart = paddedMatchEnd + 2;
        byte[] frame = ByteBufUtil.getBytes(msg, dataStart, end - dataStart);
        return new ReceivedPacket(new TableId(table), Cookie.of(cookie), PortNumber.of(inPort), tunnelId, frame);
    }
}
