package io.weft.topology.store;

import io.weft.topology.StateStore;
import java.nio.file.Path;

/**
 * Which store a crash run uses, as one argument a child process can be given: {@code journal:COMPACTION_MIN_BYTES}
 * (Weft's store) or {@code mvstore:RETENTION_MS} (H2's MVStore as Weft 0.1 used it, kept to show the suite catches its
 * lost writes).
 */
record StoreKind(String engine, long setting) {

    static StoreKind journal(long compactionMinBytes) {
        return new StoreKind("journal", compactionMinBytes);
    }

    static StoreKind mvStore(long retentionMs) {
        return new StoreKind("mvstore", retentionMs);
    }

    static StoreKind parse(String text) {
        String[] parts = text.split(":", 2);
        return new StoreKind(parts[0], Long.parseLong(parts[1]));
    }

    StateStore open(Path directory) {
        return switch (engine) {
            case "journal" -> JournalStateStore.open(directory, new JournalSettings(setting));
            case "mvstore" -> OldMvStoreStateStore.open(directory, (int) setting);
            default -> throw new IllegalArgumentException("unknown store " + engine);
        };
    }

    @Override
    public String toString() {
        return engine + ":" + setting;
    }
}
