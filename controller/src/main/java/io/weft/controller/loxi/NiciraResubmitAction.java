package io.weft.controller.loxi;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * Nicira NXAST_RESUBMIT_TABLE (subtype 14), which Loxi does not have. Wire layout (16 bytes):
 * type=0xffff, len=16, experimenter=0x00002320, subtype=14, in_port (16-bit, 0xfff8 = keep the
 * current in_port), table, 3 bytes of padding.
 */
record NiciraResubmitAction(OFVersion version, int table) implements OFActionExperimenter {
    static final int LENGTH = 16;
    private static final int SUBTYPE_RESUBMIT_TABLE = 14;
    /** OFPP_IN_PORT in OpenFlow 1.0's 16-bit numbering, which this Nicira action uses. */
    private static final int IN_PORT_16 = 0xfff8;

    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return NiciraMoveAction.NICIRA;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(0xffff);
        bb.writeShort(LENGTH);
        bb.writeInt((int) NiciraMoveAction.NICIRA);
        bb.writeShort(SUBTYPE_RESUBMIT_TABLE);
        bb.writeShort(IN_PORT_16);
        bb.writeByte(table);
        bb.writeZero(3);
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("Nicira actions are built from Weft's Action.Resubmit");
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(SUBTYPE_RESUBMIT_TABLE).putInt(table);
    }
}
