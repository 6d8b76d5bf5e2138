package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/**
 * Splits the byte stream into OpenFlow messages and parses each. A header that cannot be OpenFlow
 * (unknown version byte, length below 8) is rejected at once rather than waited on, so that garbage
 * such as an HTTP request closes its session immediately; the exception closes only this channel.
 */
final class OpenFlowFrameDecoder extends ByteToMessageDecoder {
    private static final int HEADER = 8;
    private static final int MULTIPART_REPLY = 19;
    private static final int MP_FLOW = 1;
    private static final int MP_GROUP_DESC = 7;
    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= HEADER) {
            int start = in.readerIndex();
            int version = in.getUnsignedByte(start);
            int length = in.getUnsignedShort(start + 2);
            if (version < 1 || version > 6) {
                throw new CorruptedFrameException("not OpenFlow: version byte 0x" + Integer.toHexString(version));
            }
            if (length < HEADER) {
                throw new CorruptedFrameException("OpenFlow message length " + length + " below the header size");
            }
            if (in.readableBytes() < length) {
                return;
            }
            if (version >= 4 && in.getUnsignedByte(start + 1) == MULTIPART_REPLY && length >= 16) {
                int mpType = in.getUnsignedShort(start + 8);
                if (mpType == MP_FLOW || mpType == MP_GROUP_DESC) {
                    out.add(StatsReplies.parse(in.slice(start, length), mpType));
                    in.skipBytes(length);
                    continue;
                }
            }
            if (version >= 4 && in.getUnsignedByte(start + 1) == PacketIns.TYPE) {
                out.add(PacketIns.parse(in.slice(start, length)));
                in.skipBytes(length);
                continue;
            }
            ByteBuf frame = in.retainedSlice(start, length);
            in.skipBytes(length);
            OFMessage msg;
            try {
                msg = READER.readFrom(frame);
            } catch (OFParseError | RuntimeException e) {
                throw new CorruptedFrameException("unparsable OpenFlow message (version " + version + ", type "
                        + in.getUnsignedByte(start + 1) + ", length " + length + "): " + e.getMessage(), e);
            } finally {
                frame.release();
            }
            if (msg == null) {
                // Loxi returns null when a complete frame is too short for its own type.
                throw new CorruptedFrameException("truncated OpenFlow message (version " + version + ", type "
                        + in.getUnsignedByte(start + 1) + ", length " + length + ")");
            }
            out.add(msg);
        }
    }
}
