package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A scripted OpenFlow 1.3 peer on a plain socket, for the cases a real OVS will not produce: a
 * stale duplicate datapath, a switch that stops answering, garbage, a wrong version.
 */
final class FakeSwitch implements AutoCloseable {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    FakeSwitch(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Runs the whole handshake as datapath {@code dpid}, answering what the controller asks. */
    void handshake(long dpid) throws IOException {
        send(OF13.buildHello().setXid(1).build());
        while (true) {
            OFMessage msg = receive();
            if (msg instanceof OFFeaturesRequest) {
                send(OF13.buildFeaturesReply().setXid(msg.getXid()).setDatapathId(DatapathId.of(dpid))
                        .setNBuffers(0).setNTables((short) 254).build());
            } else if (msg instanceof OFPortDescStatsRequest) {
                send(OF13.buildPortDescStatsReply().setXid(msg.getXid()).setEntries(List.of()).build());
            } else if (msg instanceof OFBarrierRequest) {
                send(OF13.buildBarrierReply().setXid(msg.getXid()).build());
                return;
            } else if (msg instanceof OFEchoRequest echo) {
                send(OF13.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            }
        }
    }

    void send(OFMessage msg) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        msg.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    OFMessage receive() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 2).getShort() & 0xffff;
        byte[] msg = new byte[length];
        System.arraycopy(header, 0, msg, 0, 8);
        in.readFully(msg, 8, length - 8);
        try {
            return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(msg));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** True if the controller closes this connection within the given time (reads and drops anything else). */
    boolean closedByPeerWithin(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < deadline) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
