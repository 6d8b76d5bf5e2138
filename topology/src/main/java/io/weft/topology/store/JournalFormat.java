package io.weft.topology.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The journal's bytes: a header line naming the format, then frames of {@code [length][crc][payload]}.
 *
 * <p>{@code length} is the payload's size (big-endian int32); {@code crc} is CRC-32C over the four length bytes and
 * the payload, so a damaged length is caught as surely as a damaged payload. Payloads are UTF-8 JSON, so the file can
 * be read with {@code strings} in an emergency.
 */
final class JournalFormat {
    static final String HEADER_PREFIX = "WEFT-JOURNAL ";
    static final int VERSION = 1;
    static final byte[] HEADER = (HEADER_PREFIX + VERSION + "\n").getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_OVERHEAD = 8;
    /** Far above any real row (a few hundred bytes); a larger length can only be damage. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private JournalFormat() {
    }

    static ByteBuffer frame(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("journal payload of " + payload.length + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        frame.putInt(payload.length);
        frame.putInt(crc(payload.length, payload));
        frame.put(payload);
        return frame.flip();
    }

    static int crc(int length, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload);
        return (int) crc.getValue();
    }
}
