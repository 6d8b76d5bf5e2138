package io.weft.topology.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code weft store verify|backup|restore} do with a data directory's journal. Verify and backup only read, so
 * they work while a controller runs: the journal is append-only and each acknowledged write is on disk before the
 * next, so what they read is every write acknowledged before they read it (a write in progress at that moment shows as
 * a torn last write, left out). Restore writes, so it takes the directory's lock: never under a running controller,
 * and it never deletes the journal it replaces.
 */
public final class StoreTools {
    private StoreTools() {
    }

    /**
     * What a journal holds.
     *
     * @param rows       live rows per table (networks, endpoints, hosts)
     * @param tornBytes  bytes after the last whole write: a crash's torn write, or one in progress
     */
    public record Verified(Path file, long journalBytes, long generation, Map<String, Integer> rows, long tornBytes) {
    }

    /** Reads and checks every frame of {@code dataDir}'s journal; fails with what is wrong and where. */
    public static Verified verify(Path dataDir) {
        return verifyFile(dataDir.resolve(JournalStateStore.FILE_NAME));
    }

    /** The same check on any journal file (a backup, say). */
    public static Verified verifyFile(Path file) {
        JournalReplay replay = replay(file);
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String table : StoreTables.NAMES) {
            rows.put(table, replay.tables().rows(table).size());
        }
        return new Verified(file, replay.validLength(), replay.generation(), rows, replay.tornBytes());
    }

    /**
     * Writes a consistent copy of {@code dataDir}'s store to {@code target} (a journal holding one snapshot, written
     * to a temporary file, forced and renamed): every write acknowledged before it read the journal.
     */
    public static Verified backup(Path dataDir, Path target) {
        Path source = dataDir.resolve(JournalStateStore.FILE_NAME);
        JournalReplay replay = replay(source);
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JournalFiles.writeAtomically(target, parent.resolve(target.getFileName() + ".partial"),
                    JournalStateStore.snapshotOf(replay.tables(), replay.generation()));
        } catch (IOException e) {
            throw new StateStoreException("cannot write the backup " + target + ": " + e.getMessage(), e);
        }
        return verifyFile(target);
    }

    /**
     * Makes {@code backup} the store of {@code dataDir}. The backup must be whole (no torn write). The journal it
     * replaces is kept beside it as {@code weft.journal.before-restore-<time>}. Refused while a controller holds the
     * directory.
     */
    public static Verified restore(Path backup, Path dataDir, Clock clock) {
        Verified checked = verifyFile(backup);
        if (checked.tornBytes() > 0) {
            throw new StateStoreException("backup " + backup + " ends with " + checked.tornBytes()
                    + " bytes of an incomplete write: it is not a file weft store backup wrote whole", null);
        }
        try {
            Files.createDirectories(dataDir);
            try (StoreLock lock = StoreLock.acquire(dataDir)) {
                Path journal = dataDir.resolve(JournalStateStore.FILE_NAME);
                if (Files.exists(journal)) {
                    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                            .format(clock.instant());
                    Path kept = dataDir.resolve(JournalStateStore.FILE_NAME + ".before-restore-" + stamp);
                    Files.move(journal, kept, StandardCopyOption.ATOMIC_MOVE);
                }
                JournalReplay replay = replay(backup);
                JournalFiles.writeAtomically(journal, dataDir.resolve(JournalStateStore.FILE_NAME + ".restoring"),
                        JournalStateStore.snapshotOf(replay.tables(), replay.generation()));
                JournalFiles.forceDirectory(dataDir);
                return verify(dataDir);
            }
        } catch (IOException e) {
            throw new StateStoreException("cannot restore " + backup + " into " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static JournalReplay replay(Path file) {
        if (!Files.exists(file)) {
            throw new StateStoreException("no store at " + file, null);
        }
        try {
            return JournalReplay.of(file, JournalReader.read(file));
        } catch (IOException e) {
            throw new StateStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
