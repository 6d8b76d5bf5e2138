package io.weft.topology.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends frames to one journal file. A failed append (a full disk, an I/O error) is cut off again, so the file
 * never keeps half a frame that later frames would follow; if even that fails, the next append retries the cut
 * before writing, which is how the store recovers once space is freed.
 */
final class JournalWriter implements AutoCloseable {
    private final FileChannel channel;
    /** Where the next frame goes: the end of the last complete frame. */
    private long end;
    /** Bytes past {@link #end} may be left from a failed append and must be cut before the next one. */
    private boolean tailDirty;

    private JournalWriter(FileChannel channel, long end) {
        this.channel = channel;
        this.end = end;
    }

    /** Opens {@code file} for appending after its first {@code validLength} bytes, cutting off anything beyond. */
    static JournalWriter openAt(Path file, long validLength) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            if (channel.size() > validLength) {
                channel.truncate(validLength);
                channel.force(false);
            }
            return new JournalWriter(channel, validLength);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends one frame: in the OS's hands when this returns (it survives {@code kill -9}), on the disk after {@link #force}. */
    void append(byte[] payload) throws IOException {
        ByteBuffer frame = JournalFormat.frame(payload);
        if (tailDirty) {
            cutBackTo(end);
        }
        long start = end;
        try {
            long position = start;
            while (frame.hasRemaining()) {
                position += channel.write(frame, position);
            }
        } catch (IOException | RuntimeException e) {
            tailDirty = true;
            try {
                cutBackTo(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end = start + frame.limit();
    }

    /**
     * Forces every frame appended so far to the disk. Safe to call from another thread while appends go on (it then
     * may or may not cover them); throws {@link java.nio.channels.ClosedChannelException} if the writer is closed
     * meanwhile.
     */
    void force() throws IOException {
        channel.force(false);
    }

    private void cutBackTo(long length) throws IOException {
        channel.truncate(length);
        channel.force(false);
        tailDirty = false;
    }

    long size() {
        return end;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
