package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.weft.controller.flow.FlowContent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Digests of what a flow does, computed the same way from a flow-stats entry the switch sent and from a flow-mod the
 * controller encodes. In both, an OpenFlow 1.3/1.4 {@code ofp_match} starts at byte 48 and the instructions follow it
 * (padded to 8) up to the end. The switch re-serializes matches in its own order and form, so match fields are
 * canonicalized: sorted, a mask of all ones dropped (an exact match), a mask of all zeros dropped with its field (no
 * match), value bits outside the mask cleared. Instructions are compared as bytes: Open vSwitch writes back the
 * encodings Weft sends (a test on real OVS holds this: an untouched switch's audit repairs nothing).
 */
final class FlowContents {
    static final int MATCH_OFFSET = 48;

    private FlowContents() {
    }

    /** {@code entry} is one flow-stats entry's bytes: {@code [offset, offset + length)} of {@code buf}. */
    static FlowContent ofStatsEntry(ByteBuf buf, int offset, int length) {
        return digest(buf.getUnsignedByte(offset + 2), buf.getUnsignedShort(offset + 12), buf, offset, offset + length);
    }

    /** A whole OFPT_FLOW_MOD message (table at byte 24, priority at 30). */
    static FlowContent ofFlowMod(ByteBuf message) {
        int start = message.readerIndex();
        return digest(message.getUnsignedByte(start + 24), message.getUnsignedShort(start + 30), message, start,
                start + message.readableBytes());
    }

    /** One group-desc entry: type at byte 2, id at 4, buckets from 8 to its end. */
    static io.weft.controller.flow.GroupContent ofGroupDescEntry(ByteBuf buf, int offset, int length) {
        return groupDigest(buf.getUnsignedByte(offset + 2), buf, offset + 8, offset + length);
    }

    /** A whole OFPT_GROUP_MOD message: type at byte 10, buckets from 16 to its end. */
    static io.weft.controller.flow.GroupContent ofGroupMod(ByteBuf message) {
        int start = message.readerIndex();
        return groupDigest(message.getUnsignedByte(start + 10), message, start + 16, start + message.readableBytes());
    }

    private static io.weft.controller.flow.GroupContent groupDigest(int type, ByteBuf buf, int from, int to) {
        if (to < from) {
            throw new CorruptedFrameException("group too short for its buckets");
        }
        MessageDigest sha = sha256();
        sha.update((byte) type);
        byte[] buckets = new byte[to - from];
        buf.getBytes(from, buckets);
        sha.update(buckets);
        return new io.weft.controller.flow.GroupContent(ByteBuffer.wrap(sha.digest()).getLong());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FlowContent digest(int table, int priority, ByteBuf buf, int start, int end) {
        int match = start + MATCH_OFFSET;
        if (end - match < 4) {
            throw new CorruptedFrameException("flow too short for its match");
        }
        int matchLength = buf.getUnsignedShort(match + 2);
        int paddedEnd = match + ((matchLength + 7) / 8) * 8;
        if (matchLength < 4 || paddedEnd > end) {
            throw new CorruptedFrameException("bad match length " + matchLength);
        }
        MessageDigest sha = sha256();
        sha.update((byte) table);
        sha.update((byte) (priority >> 8));
        sha.update((byte) priority);
        for (byte[] field : canonicalFields(buf, match + 4, match + matchLength)) {
            sha.update((byte) field.length);
            sha.update(field);
        }
        sha.update((byte) 0xff); // the match ends here, the instructions begin
        byte[] instructions = new byte[end - paddedEnd];
        buf.getBytes(paddedEnd, instructions);
        sha.update(instructions);
        return new FlowContent(ByteBuffer.wrap(sha.digest()).getLong());
    }

    /** OXM TLVs from {@code from} to {@code to}, each as header (mask bit clear) and value, in a fixed order. */
    private static List<byte[]> canonicalFields(ByteBuf buf, int from, int to) {
        List<byte[]> fields = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 4) {
                throw new CorruptedFrameException("truncated match field");
            }
            long header = buf.getUnsignedInt(at);
            int payload = (int) (header & 0xff);
            boolean hasMask = (header & 0x100) != 0;
            if (at + 4 + payload > to) {
                throw new CorruptedFrameException("match field overruns its match");
            }
            // experimenter fields (class 0xffff) carry a 4-byte experimenter id before the value
            int prefix = (header >>> 16) == 0xffff ? 4 : 0;
            if (payload < prefix || (hasMask && (payload - prefix) % 2 != 0)) {
                // found by OpenFlowDecoderFuzzTest: an experimenter field too short for its id, or an odd mask
                throw new CorruptedFrameException("match field 0x" + Long.toHexString(header) + " has a bad length");
            }
            int valueLength = hasMask ? (payload - prefix) / 2 : payload - prefix;
            byte[] value = new byte[valueLength];
            buf.getBytes(at + 4 + prefix, value);
            boolean keep = true;
            if (hasMask) {
                byte[] mask = new byte[valueLength];
                buf.getBytes(at + 4 + prefix + valueLength, mask);
                boolean allOnes = true;
                boolean allZeros = true;
                for (int i = 0; i < valueLength; i++) {
                    value[i] &= mask[i];
                    allOnes &= mask[i] == (byte) 0xff;
                    allZeros &= mask[i] == 0;
                }
                keep = !allZeros;
                if (!allOnes) {
                    value = concat(value, mask);
                }
            }
            if (keep) {
                byte[] experimenter = new byte[prefix];
                buf.getBytes(at + 4, experimenter);
                long id = header & 0xfffffe00L; // class and field; the mask bit and length follow from the value
                fields.add(concat(concat(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8)},
                        experimenter), value));
            }
            at += 4 + payload;
        }
        fields.sort(Arrays::compareUnsigned);
        return fields;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
