package io.weft.topology.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a journal file back and tells a crash's torn last write from damage.
 *
 * <p>Writes are appended one at a time and each acknowledged one is forced to disk before the next begins, so a crash
 * can only leave the <em>last</em> frame incomplete: cut short, or (after a power cut) zero-filled or with a bad
 * checksum. That frame was never acknowledged and is dropped. A bad frame with a whole frame after it cannot come
 * from a crash: the file is reported damaged and nothing is loaded from it.
 */
final class JournalReader {

    private JournalReader() {
    }

    /** What a journal holds: its valid frames' payloads, how many bytes they span, and any damage found. */
    record Contents(List<byte[]> payloads, long validLength, long fileLength, String damage) {

        boolean damaged() {
            return damage != null;
        }

        /** Bytes after the last valid frame: a torn write to drop, unless {@link #damaged()}. */
        long tornBytes() {
            return fileLength - validLength;
        }
    }

    static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String headerProblem = headerProblem(bytes);
        if (headerProblem != null) {
            return new Contents(List.of(), 0, bytes.length, headerProblem);
        }
        List<byte[]> payloads = new ArrayList<>();
        int offset = JournalFormat.HEADER.length;
        while (offset < bytes.length) {
            byte[] payload = payloadAt(bytes, offset);
            if (payload == null) {
                int next = nextFrame(bytes, offset + 1);
                if (next >= 0) {
                    return new Contents(payloads, offset, bytes.length, "bad frame at byte " + offset + " of "
                            + bytes.length + ", with a valid frame after it at byte " + next);
                }
                break; // torn: the unacknowledged last write
            }
            payloads.add(payload);
            offset += JournalFormat.FRAME_OVERHEAD + payload.length;
        }
        return new Contents(payloads, offset, bytes.length, null);
    }

    /** The payload of a whole, checksummed frame at {@code offset}, or null if there is none. */
    private static byte[] payloadAt(byte[] bytes, int offset) {
        if (bytes.length - offset < JournalFormat.FRAME_OVERHEAD) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int length = in.getInt(offset);
        if (length <= 0 || length > JournalFormat.MAX_PAYLOAD
                || (long) offset + JournalFormat.FRAME_OVERHEAD + length > bytes.length) {
            return null;
        }
        byte[] payload = Arrays.copyOfRange(bytes, offset + JournalFormat.FRAME_OVERHEAD,
                offset + JournalFormat.FRAME_OVERHEAD + length);
        return JournalFormat.crc(length, payload) == in.getInt(offset + 4) ? payload : null;
    }

    /**
     * Where the next whole frame after a bad one starts, or -1. Cheap: inside JSON text no four bytes read as a
     * plausible length, so only a real frame's header is checksummed.
     */
    private static int nextFrame(byte[] bytes, int from) {
        for (int offset = from; offset + JournalFormat.FRAME_OVERHEAD < bytes.length; offset++) {
            if (payloadAt(bytes, offset) != null) {
                return offset;
            }
        }
        return -1;
    }

    private static String headerProblem(byte[] bytes) {
        byte[] header = JournalFormat.HEADER;
        if (bytes.length >= header.length && Arrays.equals(bytes, 0, header.length, header, 0, header.length)) {
            return null;
        }
        String start = new String(bytes, 0, Math.min(bytes.length, 32), StandardCharsets.US_ASCII);
        if (start.startsWith(JournalFormat.HEADER_PREFIX)) {
            String version = start.substring(JournalFormat.HEADER_PREFIX.length()).split("\n", 2)[0];
            return "journal format " + version + " is not supported (this build reads format " + JournalFormat.VERSION
                    + ")";
        }
        return "not a Weft journal (" + bytes.length + " bytes, no 'WEFT-JOURNAL' header)";
    }
}
