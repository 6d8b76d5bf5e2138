package io.weft.bench;

import io.weft.controller.WireFormat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor for benchmarks: the fastest way to get flows into OVS over OpenFlow. It accepts one
 * switch connection on a plain socket, exchanges HELLO (OpenFlow 1.4), then writes pre-encoded
 * flow-mods back to back followed by one barrier and waits for the barrier reply. No handshake
 * state, no futures, no per-message work during the timed part: nothing a real controller can beat. The bytes
 * are encoded beforehand, untimed, by {@link WireFormat#flowMods} or {@link WireFormat#bundle}.
 */
public final class RawFlowPusher implements AutoCloseable {
    private static final int BARRIER_XID = 7;

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
        out.write(WireFormat.hello(1));
        out.flush();
        byte[] hello = read();
        if ((hello[1] & 0xff) != WireFormat.HELLO) {
            throw new IOException("switch did not start with HELLO");
        }
    }

    /** Sends a pre-encoded bundle; returns when the commit reply arrives. */
    public void pushBundleAndConfirm(byte[] encodedBundle) throws IOException {
        out.write(encodedBundle);
        out.flush();
        awaitReply(WireFormat.BUNDLE_CONTROL, WireFormat.BUNDLE_COMMIT_XID);
    }

    /** Sends the pre-encoded messages and a barrier; returns when the barrier reply arrives. */
    public void pushAndConfirm(byte[] encoded) throws IOException {
        out.write(encoded);
        out.write(WireFormat.barrierRequest(BARRIER_XID));
        out.flush();
        awaitReply(WireFormat.BARRIER_REPLY, BARRIER_XID);
    }

    private void awaitReply(int wantedType, long wantedXid) throws IOException {
        while (true) {
            byte[] msg = read();
            int type = OpenFlowFrames.type(msg);
            long xid = OpenFlowFrames.xid(msg);
            if (type == WireFormat.ERROR) {
                throw new IOException("switch rejected a raw flow-mod (xid " + xid + ")");
            } else if (type == WireFormat.ECHO_REQUEST) {
                msg[1] = WireFormat.ECHO_REPLY;
                out.write(msg);
                out.flush();
            } else if (type == wantedType && xid == wantedXid) {
                return;
            }
        }
    }

    private byte[] read() throws IOException {
        return OpenFlowFrames.read(in);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
