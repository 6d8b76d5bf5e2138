package io.weft.controller.loxi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plays a minimal OpenFlow 1.3 switch on a loopback port so that {@code ovs-ofctl add-flow tcp:...}
 * connects to it; returns the raw FLOW_MOD bytes ovs-ofctl sent. That gives us OVS's own encoding
 * of an action to compare ours with, byte for byte.
 */
final class OfctlCapture {
    private static final int OFPT_HELLO = 0;
    private static final int OFPT_ECHO_REQUEST = 2;
    private static final int OFPT_FEATURES_REQUEST = 5;
    private static final int OFPT_FLOW_MOD = 14;
    private static final int OFPT_MULTIPART_REQUEST = 18;
    private static final int OFPT_BARRIER_REQUEST = 20;

    private OfctlCapture() {
    }

    static byte[] flowModFor(String flow) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            Process ofctl = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13", "--no-names", "add-flow",
                    "tcp:127.0.0.1:" + server.getLocalPort(), flow).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] flowMod = null;
            Socket accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                boolean exited = ofctl.waitFor(1, TimeUnit.SECONDS);
                ofctl.destroyForcibly();
                throw new IllegalStateException("ovs-ofctl did not connect (exited: " + exited + "): "
                        + new String(ofctl.getInputStream().readAllBytes()), e);
            }
            try (Socket s = accepted) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] msg;
                    try {
                        msg = read(in);
                    } catch (IOException eof) {
                        break;
                    }
                    int type = msg[1] & 0xff;
                    int xid = ByteBuffer.wrap(msg, 4, 4).getInt();
                    switch (type) {
                        case OFPT_HELLO -> out.write(header(OFPT_HELLO, 8, xid));
                        case OFPT_ECHO_REQUEST -> out.write(header(OFPT_ECHO_REQUEST + 1, 8, xid));
                        case OFPT_FLOW_MOD -> flowMod = msg;
                        case OFPT_BARRIER_REQUEST -> out.write(header(OFPT_BARRIER_REQUEST + 1, 8, xid));
                        case OFPT_FEATURES_REQUEST, OFPT_MULTIPART_REQUEST ->
                                throw new IllegalStateException("ovs-ofctl asked for type " + type);
                        default -> {
                        }
                    }
                    out.flush();
                }
            }
            String output = new String(ofctl.getInputStream().readAllBytes());
            if (!ofctl.waitFor(10, TimeUnit.SECONDS) || ofctl.exitValue() != 0) {
                throw new IllegalStateException("ovs-ofctl failed: " + output);
            }
            if (flowMod == null) {
                throw new IllegalStateException("ovs-ofctl sent no FLOW_MOD: " + output);
            }
            return flowMod;
        }
    }

    /** The actions inside the flow mod's apply-actions instruction. */
    static byte[] applyActions(byte[] flowMod) {
        ByteBuffer b = ByteBuffer.wrap(flowMod);
        int matchOffset = 48;
        int matchLength = b.getShort(matchOffset + 2) & 0xffff;
        int offset = matchOffset + ((matchLength + 7) / 8) * 8;
        while (offset < flowMod.length) {
            int type = b.getShort(offset) & 0xffff;
            int length = b.getShort(offset + 2) & 0xffff;
            if (type == 4) {
                byte[] actions = new byte[length - 8];
                System.arraycopy(flowMod, offset + 8, actions, 0, actions.length);
                return actions;
            }
            offset += length;
        }
        throw new IllegalStateException("no apply-actions instruction");
    }

    private static byte[] read(DataInputStream in) throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 2).getShort() & 0xffff;
        byte[] msg = new byte[length];
        System.arraycopy(header, 0, msg, 0, 8);
        in.readFully(msg, 8, length - 8);
        return msg;
    }

    private static byte[] header(int type, int length, int xid) {
        return ByteBuffer.allocate(length).put((byte) 4).put((byte) type).putShort((short) length).putInt(xid).array();
    }

    static List<String> hex(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 8) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < Math.min(i + 8, bytes.length); j++) {
                sb.append(String.format("%02x", bytes[j]));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
