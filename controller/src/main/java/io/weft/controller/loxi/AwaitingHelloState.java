package io.weft.controller.loxi;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * Waits for the switch's HELLO and picks the version: the highest of {1.3, 1.4} that both sides
 * offer. With a version bitmap, the intersection of bitmaps; without one, min(ours, theirs) as the
 * OpenFlow spec says. No common version: HELLO_FAILED/INCOMPATIBLE and close.
 */
final class AwaitingHelloState implements HandshakeState {
    /** Bits 4 (OF1.3) and 5 (OF1.4) of the version bitmap. */
    static final int OUR_VERSION_BITMAP = (1 << 4) | (1 << 5);

    /** The HELLO we send first: header version 1.4 and a bitmap offering 1.3 and 1.4. */
    static OFHello ourHello(long xid) {
        var f = OFFactories.getFactory(OFVersion.OF_14);
        OFHelloElem bitmap = f.helloElemVersionbitmap(List.of(U32.of(OUR_VERSION_BITMAP)));
        return f.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    @Override
    public HandshakeState onMessage(HandshakeContext ctx, OFMessage msg) {
        if (!(msg instanceof OFHello hello)) {
            ctx.fail("sent " + msg.getType() + " before HELLO");
            return this;
        }
        int wire = negotiate(hello);
        if (wire < 0) {
            OFVersion theirs = hello.getVersion();
            var f = OFFactories.getFactory(theirs.getWireVersion() >= 4 ? theirs : OFVersion.OF_13);
            ctx.send(f.errorMsgs().buildHelloFailedErrorMsg().setXid(hello.getXid())
                    .setCode(OFHelloFailedCode.INCOMPATIBLE)
                    .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.NONE).build());
            ctx.fail("no common OpenFlow version (peer offers " + theirs + ", we speak OF_13 and OF_14)");
            return this;
        }
        var factory = OFFactories.getFactory(wire == 5 ? OFVersion.OF_14 : OFVersion.OF_13);
        ctx.versionNegotiated(factory);
        ctx.send(factory.buildFeaturesRequest().setXid(ctx.nextXid()).build());
        return new AwaitingFeaturesState();
    }

    /** Returns the negotiated wire version, or -1. */
    static int negotiate(OFHello hello) {
        int headerVersion = hello.getVersion().getWireVersion();
        Integer peerBitmap = null;
        if (headerVersion >= 4) {
            for (OFHelloElem e : hello.getElements()) {
                if (e instanceof OFHelloElemVersionbitmap vb && !vb.getBitmaps().isEmpty()) {
                    peerBitmap = (int) vb.getBitmaps().get(0).getValue();
                }
            }
        }
        if (peerBitmap != null) {
            int common = peerBitmap & OUR_VERSION_BITMAP;
            return common == 0 ? -1 : 31 - Integer.numberOfLeadingZeros(common);
        }
        int v = Math.min(headerVersion, 5);
        return v >= 4 ? v : -1;
    }

    @Override
    public String name() {
        return "awaiting-hello";
    }
}
