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
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The floor for benchmarks: the fastest way to get flows into OVS over OpenFlow. It accepts one
 * switch connection on a plain socket, exchanges HELLO (OpenFlow 1.3), then writes pre-encoded
 * flow-mods back to back followed by one barrier and waits for the barrier reply. No handshake
 * state, no futures, no per-message work during the timed part: nothing a real controller can beat.
 */
public final class RawFlowPusher implements AutoCloseable {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final int OFPT_HELLO = 0;
    private static final int OFPT_ECHO_REQUEST = 2;
    private static final int OFPT_ERROR = 1;
    private static final int OFPT_BARRIER_REPLY = 21;

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
        out.write(bytes(OF13.buildHello().setXid(1).build()::writeTo));
        out.flush();
        byte[] hello = read();
        if ((hello[1] & 0xff) != OFPT_HELLO) {
            throw new IOException("switch did not start with HELLO");
        }
    }

    /** Encodes the ops as OpenFlow 1.3 flow-mods, untimed. */
    public static byte[] encode(List<FlowOp> ops) {
        FlowOpEncoder encoder = new FlowOpEncoder(OF13);
        ByteBuf buf = Unpooled.buffer(ops.size() * 96);
        int xid = 100;
        for (FlowOp op : ops) {
            encoder.encode(op, xid++).writeTo(buf);
        }
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** Sends the pre-encoded messages and a barrier; returns when the barrier reply arrives. */
    public void pushAndConfirm(byte[] encoded) throws IOException {
        int barrierXid = 7;
        out.write(encoded);
        out.write(bytes(OF13.buildBarrierRequest().setXid(barrierXid).build()::writeTo));
        out.flush();
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
            } else if (type == OFPT_BARRIER_REPLY && xid == barrierXid) {
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
