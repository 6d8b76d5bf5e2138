package io.weft.topology.store;

/**
 * Tuning of a {@link JournalStateStore}.
 *
 * @param compactionMinBytes the journal is never compacted below this size; above it, once it is twice the live rows
 */
public record JournalSettings(long compactionMinBytes) {
    public static final JournalSettings DEFAULT = new JournalSettings(8L * 1024 * 1024);

    public JournalSettings {
        if (compactionMinBytes < 0) {
            throw new IllegalArgumentException("compactionMinBytes must be >= 0");
        }
    }
}
