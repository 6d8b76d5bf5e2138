package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weft.controller.flow.FlowOp;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.BundleId;

/**
 * The floor for benchmarks: the fastest way to get flows into OVS over OpenFlow. It accepts one
 * switch connection on a plain socket, exchanges HELLO (OpenFlow 1.4), then writes pre-encoded
 * flow-mods back to back followed by one barrier and waits for the barrier reply. No handshake
 * state, no futures, no per-message work during the timed part: nothing a real controller can beat.
 */
public final class RawFlowPusher implements AutoCloseable {
    private static final OFFactory OF14 = OFFactories.getFactory(OFVersion.OF_14);
    private static final int OFPT_HELLO = 0;
    private static final int OFPT_ECHO_REQUEST = 2;
    private static final int OFPT_ERROR = 1;
    private static final int OFPT_BARRIER_REPLY = 21;
    /** OpenFlow 1.4 OFPT_BUNDLE_CONTROL: the commit reply comes back as this type. */
    private static final int OFPT_BUNDLE_CONTROL = 33;
    private static final int BUNDLE_COMMIT_XID = 60;

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    public RawFlowPusher() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** Point a bridge here with {@code set-controller ... tcp:127.0.0.1:PORT}. */
    public int port() {
        return server.getLocalPort();
    }

    /** Waits for the switch to connect and exchanges HELLO. */
    public void accept() throws IOException {
        server.setSoTimeout(20_000);
        socket = server.accept();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        // OpenFlow 1.4 (the bridge offers it) so the same connection can also push bundles.
        out.write(bytes(OF14.buildHello().setXid(1).build()::writeTo));
        out.flush();
        byte[] hello = read();
        if ((hello[1] & 0xff) != OFPT_HELLO) {
            throw new IOException("switch did not start with HELLO");
        }
    }

    /** Encodes the ops as OpenFlow 1.4 flow-mods, untimed. */
    public static byte[] encode(List<FlowOp> ops) {
        FlowOpEncoder encoder = new FlowOpEncoder(OF14);
        ByteBuf buf = Unpooled.buffer(ops.size() * 96);
        int xid = 100;
        for (FlowOp op : ops) {
            encoder.encode(op, xid++).writeTo(buf);
        }
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /**
     * Encodes the ops as one OpenFlow 1.4 bundle (open, adds, commit), untimed: the floor for atomic
     * transactions, which cost OVS more than plain flow-mods.
     */
    public static byte[] encodeBundle(List<FlowOp> ops) {
        FlowOpEncoder encoder = new FlowOpEncoder(OF14);
        ByteBuf buf = Unpooled.buffer(ops.size() * 112 + 64);
        BundleId id = BundleId.of(1);
        Set<OFBundleFlags> flags = Set.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);
        OF14.buildBundleCtrlMsg().setXid(50).setBundleId(id).setBundleCtrlType(OFBundleCtrlType.OPEN_REQUEST)
                .setFlags(flags).setProperties(List.of()).build().writeTo(buf);
        int xid = 100;
        for (FlowOp op : ops) {
            OF14.buildBundleAddMsg().setXid(xid).setBundleId(id).setFlags(flags).setData(encoder.encode(op, xid))
                    .build().writeTo(buf);
            xid++;
        }
        OF14.buildBundleCtrlMsg().setXid(BUNDLE_COMMIT_XID).setBundleId(id)
                .setBundleCtrlType(OFBundleCtrlType.COMMIT_REQUEST).setFlags(flags).setProperties(List.of()).build()
                .writeTo(buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** Sends a pre-encoded bundle; returns when the commit reply arrives. */
    public void pushBundleAndConfirm(byte[] encodedBundle) throws IOException {
        out.write(encodedBundle);
        out.flush();
        awaitReply(OFPT_BUNDLE_CONTROL, BUNDLE_COMMIT_XID);
    }

    /** Sends the pre-encoded messages and a barrier; returns when the barrier reply arrives. */
    public void pushAndConfirm(byte[] encoded) throws IOException {
        int barrierXid = 7;
        out.write(encoded);
        out.write(bytes(OF14.buildBarrierRequest().setXid(barrierXid).build()::writeTo));
        out.flush();
        awaitReply(OFPT_BARRIER_REPLY, barrierXid);
    }

    private void awaitReply(int wantedType, int wantedXid) throws IOException {
        while (true) {
            byte[] msg = read();
            int type = msg[1] & 0xff;
            int xid = ByteBuffer.wrap(msg, 4, 4).getInt();
            if (type == OFPT_ERROR) {
                throw new IOException("switch rejected a raw flow-mod (xid " + xid + ")");
            } else if (type == OFPT_ECHO_REQUEST) {
                msg[1] = OFPT_ECHO_REQUEST + 1;
                out.write(msg);
                out.flush();
            } else if (type == wantedType && xid == wantedXid) {
                return;
            }
        }
    }

    private byte[] read() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 2).getShort() & 0xffff;
        byte[] msg = new byte[length];
        System.arraycopy(header, 0, msg, 0, 8);
        in.readFully(msg, 8, length - 8);
        return msg;
    }

    private static byte[] bytes(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
