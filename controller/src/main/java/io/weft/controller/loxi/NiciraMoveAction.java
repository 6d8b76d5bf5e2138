package io.weft.controller.loxi;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * Nicira NXAST_REG_MOVE (subtype 6), which Loxi does not have. Wire layout (24 bytes):
 * type=0xffff, len=24, experimenter=0x00002320, subtype=6, n_bits, src_ofs, dst_ofs, src header, dst header.
 * OVS encodes {@code move:} this way for OpenFlow 1.0 to 1.4; a test compares our bytes with ovs-ofctl's.
 */
record NiciraMoveAction(OFVersion version, int nBits, int srcOffset, int dstOffset, int srcHeader, int dstHeader)
        implements OFActionExperimenter {
    static final long NICIRA = 0x00002320L;
    static final int LENGTH = 24;
    private static final int SUBTYPE_REG_MOVE = 6;

    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return NICIRA;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(0xffff);
        bb.writeShort(LENGTH);
        bb.writeInt((int) NICIRA);
        bb.writeShort(SUBTYPE_REG_MOVE);
        bb.writeShort(nBits);
        bb.writeShort(srcOffset);
        bb.writeShort(dstOffset);
        bb.writeInt(srcHeader);
        bb.writeInt(dstHeader);
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("Nicira actions are built from Weft's Action.Move");
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(SUBTYPE_REG_MOVE).putInt(nBits).putInt(srcOffset).putInt(dstOffset).putInt(srcHeader)
                .putInt(dstHeader);
    }
}
