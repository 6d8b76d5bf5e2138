package io.weft.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Whole OpenFlow messages off a plain socket, for the benchmarks' raw floors (no decoding beyond the header). */
public final class OpenFlowFrames {
    private static final int HEADER = 8;

    private OpenFlowFrames() {
    }

    /** The next message, header included. */
    public static byte[] read(DataInputStream in) throws IOException {
        byte[] header = new byte[HEADER];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 2).getShort() & 0xffff;
        if (length < HEADER) {
            throw new IOException("OpenFlow message of length " + length);
        }
        byte[] msg = new byte[length];
        System.arraycopy(header, 0, msg, 0, HEADER);
        in.readFully(msg, HEADER, length - HEADER);
        return msg;
    }

    public static int type(byte[] msg) {
        return msg[1] & 0xff;
    }

    public static long xid(byte[] msg) {
        return ByteBuffer.wrap(msg, 4, 4).getInt() & 0xffff_ffffL;
    }
}
