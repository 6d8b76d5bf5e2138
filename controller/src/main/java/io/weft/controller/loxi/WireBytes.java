package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weft.controller.flow.FlowOp;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.BundleId;

/**
 * OpenFlow 1.4 messages as the bytes Weft's own encoder puts on the wire, for callers that drive a socket themselves
 * (see {@link io.weft.controller.WireFormat}, the only user outside this package).
 */
public final class WireBytes {
    private static final OFFactory OF14 = OFFactories.getFactory(OFVersion.OF_14);

    private WireBytes() {
    }

    public static byte[] hello(long xid) {
        return bytes(OF14.buildHello().setXid(xid).build()::writeTo);
    }

    public static byte[] barrierRequest(long xid) {
        return bytes(OF14.buildBarrierRequest().setXid(xid).build()::writeTo);
    }

    /** Flow-mods with xids counting up from {@code firstXid}. */
    public static byte[] flowMods(List<FlowOp> ops, long firstXid) {
        FlowOpEncoder encoder = new FlowOpEncoder(OF14);
        ByteBuf buf = Unpooled.buffer(ops.size() * 96);
        long xid = firstXid;
        for (FlowOp op : ops) {
            encoder.encode(op, xid++).writeTo(buf);
        }
        return drain(buf);
    }

    /** One atomic, ordered bundle: open ({@code firstXid - 2}), the adds, commit ({@code commitXid}). */
    public static byte[] bundle(List<FlowOp> ops, long firstXid, long commitXid) {
        FlowOpEncoder encoder = new FlowOpEncoder(OF14);
        ByteBuf buf = Unpooled.buffer(ops.size() * 112 + 64);
        BundleId id = BundleId.of(1);
        Set<OFBundleFlags> flags = Set.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);
        OF14.buildBundleCtrlMsg().setXid(firstXid - 2).setBundleId(id).setBundleCtrlType(OFBundleCtrlType.OPEN_REQUEST)
                .setFlags(flags).setProperties(List.of()).build().writeTo(buf);
        long xid = firstXid;
        for (FlowOp op : ops) {
            OF14.buildBundleAddMsg().setXid(xid).setBundleId(id).setFlags(flags).setData(encoder.encode(op, xid))
                    .build().writeTo(buf);
            xid++;
        }
        OF14.buildBundleCtrlMsg().setXid(commitXid).setBundleId(id)
                .setBundleCtrlType(OFBundleCtrlType.COMMIT_REQUEST).setFlags(flags).setProperties(List.of()).build()
                .writeTo(buf);
        return drain(buf);
    }

    private static byte[] bytes(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        return drain(buf);
    }

    private static byte[] drain(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
