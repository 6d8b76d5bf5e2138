package io.weft.controller;

import io.weft.controller.flow.FlowOp;
import io.weft.controller.loxi.WireBytes;
import java.util.List;

/**
 * Weft's flow operations as raw OpenFlow 1.4 bytes, exactly as its sessions encode them. For tools that measure the
 * floor of flow programming by writing to a switch's socket themselves (the benchmarks' raw pusher); the controller
 * itself never needs it.
 */
public final class WireFormat {
    /** OpenFlow message types a raw reader needs to tell apart (OpenFlow 1.4 numbering). */
    public static final int HELLO = 0;
    public static final int ERROR = 1;
    public static final int ECHO_REQUEST = 2;
    public static final int ECHO_REPLY = 3;
    public static final int BARRIER_REPLY = 21;
    /** A bundle's commit reply comes back with this type. */
    public static final int BUNDLE_CONTROL = 33;
    /** The xid of {@link #bundle}'s commit request, and so of its reply. */
    public static final long BUNDLE_COMMIT_XID = 60;
    private static final long FIRST_XID = 100;

    private WireFormat() {
    }

    public static byte[] hello(long xid) {
        return WireBytes.hello(xid);
    }

    public static byte[] barrierRequest(long xid) {
        return WireBytes.barrierRequest(xid);
    }

    /** The ops as flow-mods, back to back. */
    public static byte[] flowMods(List<FlowOp> ops) {
        return WireBytes.flowMods(ops, FIRST_XID);
    }

    /** The ops as one atomic, ordered bundle: open, one add per op, commit ({@link #BUNDLE_COMMIT_XID}). */
    public static byte[] bundle(List<FlowOp> ops) {
        return WireBytes.bundle(ops, FIRST_XID, BUNDLE_COMMIT_XID);
    }
}
