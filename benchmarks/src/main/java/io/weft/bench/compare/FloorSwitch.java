package io.weft.bench.compare;

import io.weft.bench.OpenFlowFrames;
import io.weft.controller.WireFormat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One host's OpenFlow connection for the latency floor ({@link FloorSystem}): a plain socket, HELLO in OpenFlow 1.4,
 * then a reader thread that answers echoes, hands every added port (its number and name, from PORT_STATUS) to the
 * floor, and completes the pending bundle's commit. Nothing else: no handshake states, no tables, no futures per
 * flow. One bundle in flight at a time (the floor times one port at a time).
 */
final class FloorSwitch implements AutoCloseable {
    private static final int PORT_STATUS = 12;
    private static final int PORT_ADD = 0;
    /** OpenFlow 1.4 ofp_port_status: header (8), reason (1), pad (7), then ofp_port: port_no (4), ... name at +16. */
    private static final int PORT_NO_AT = 16;
    private static final int NAME_AT = 32;
    private static final int NAME_LENGTH = 16;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Thread reader;
    private volatile CompletableFuture<Void> commit = CompletableFuture.completedFuture(null);

    private FloorSwitch(Socket socket, BiConsumer<Long, String> portAdded) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.reader = new Thread(() -> read(portAdded), "floor-switch-" + socket.getRemoteSocketAddress());
        this.reader.setDaemon(true);
    }

    /** Waits for the next switch to connect to {@code server}, exchanges HELLO and starts reading. */
    static FloorSwitch accept(ServerSocket server, BiConsumer<Long, String> portAdded) throws IOException {
        server.setSoTimeout(30_000);
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        FloorSwitch sw = new FloorSwitch(s, portAdded);
        sw.write(WireFormat.hello(1));
        byte[] hello = sw.readMessage();
        if ((hello[1] & 0xff) != WireFormat.HELLO) {
            s.close();
            throw new IOException("switch did not start with HELLO");
        }
        sw.reader.start();
        return sw;
    }

    /** Writes a bundle encoded by {@link WireFormat#bundle}; the future completes with its commit reply. */
    CompletableFuture<Void> push(byte[] bundle) throws IOException {
        CompletableFuture<Void> c = new CompletableFuture<>();
        commit = c;
        write(bundle);
        return c;
    }

    /** As {@link #push}, waiting for the commit (untimed set-up). */
    void pushAndWait(byte[] bundle) throws Exception {
        push(bundle).get(30, TimeUnit.SECONDS);
    }

    private synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void read(BiConsumer<Long, String> portAdded) {
        try {
            while (true) {
                byte[] msg = readMessage();
                int type = OpenFlowFrames.type(msg);
                long xid = OpenFlowFrames.xid(msg);
                if (type == WireFormat.ECHO_REQUEST) {
                    msg[1] = WireFormat.ECHO_REPLY;
                    write(msg);
                } else if (type == WireFormat.ERROR) {
                    commit.completeExceptionally(new IOException("the switch refused a floor message (xid " + xid + ")"));
                } else if (type == WireFormat.BUNDLE_CONTROL && xid == WireFormat.BUNDLE_COMMIT_XID) {
                    commit.complete(null);
                } else if (type == PORT_STATUS && msg[8] == PORT_ADD) {
                    long portNo = ByteBuffer.wrap(msg, PORT_NO_AT, 4).getInt() & 0xffff_ffffL;
                    String name = new String(msg, NAME_AT, NAME_LENGTH, StandardCharsets.US_ASCII).split("\0", 2)[0];
                    portAdded.accept(portNo, name);
                }
            }
        } catch (IOException e) {
            commit.completeExceptionally(e); // closed
        }
    }

    private byte[] readMessage() throws IOException {
        return OpenFlowFrames.read(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
