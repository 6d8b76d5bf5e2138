package io.weft.topology.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Whole journal files: written beside the target, forced, then renamed over it, so a reader sees old or new. */
final class JournalFiles {

    private JournalFiles() {
    }

    /** Replaces {@code target} by a journal of {@code payloads}, durably: on return the new file is the journal. */
    static void writeAtomically(Path target, Path temporary, List<byte[]> payloads) throws IOException {
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeFully(out, ByteBuffer.wrap(JournalFormat.HEADER));
                for (byte[] payload : payloads) {
                    writeFully(out, JournalFormat.frame(payload));
                }
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceDirectory(target.getParent());
    }

    /** Makes a rename or a new file in {@code directory} durable (the rename itself lives in the directory). */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
