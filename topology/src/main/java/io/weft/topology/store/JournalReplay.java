package io.weft.topology.store;

import java.nio.file.Path;

/**
 * A journal's entries applied in order: the rows they leave, checked against the journal's own structure. The
 * snapshot section (everything up to its CHECKPOINT) was forced to disk before the file became the journal, so
 * anything missing from it is damage, not a crash.
 */
record JournalReplay(StoreTables tables, long generation, long validLength, long tornBytes) {

    static JournalReplay of(Path file, JournalReader.Contents contents) {
        if (contents.damaged()) {
            throw damaged(file, contents.damage());
        }
        StoreTables tables = new StoreTables();
        Long generation = null;
        boolean checkpointed = false;
        int index = 0;
        for (byte[] payload : contents.payloads()) {
            JournalEntry entry;
            try {
                entry = JournalEntry.parse(payload);
            } catch (IllegalArgumentException e) {
                throw damaged(file, "entry " + index + ": " + e.getMessage());
            }
            if (index == 0 && entry.op() != JournalEntry.Op.SNAPSHOT) {
                throw damaged(file, "it does not begin with a snapshot");
            }
            switch (entry.op()) {
                case SNAPSHOT -> {
                    if (index != 0) {
                        throw damaged(file, "entry " + index + " begins a second snapshot");
                    }
                    generation = entry.generation();
                }
                case CHECKPOINT -> {
                    if (checkpointed || entry.rows() != tables.size()
                            || !entry.generation().equals(generation)) {
                        throw damaged(file, "its snapshot checkpoint (entry " + index + ") counts " + entry.rows()
                                + " rows of generation " + entry.generation() + ", the snapshot has " + tables.size()
                                + " of generation " + generation);
                    }
                    checkpointed = true;
                }
                case PUT, REMOVE -> {
                    if (!tables.knows(entry.table())) {
                        throw damaged(file, "entry " + index + " names an unknown table '" + entry.table() + "'");
                    }
                    if (entry.op() == JournalEntry.Op.PUT) {
                        tables.put(entry.table(), entry.key(), entry.row());
                    } else {
                        tables.remove(entry.table(), entry.key());
                    }
                }
                default -> throw new IllegalStateException(entry.op().toString());
            }
            index++;
        }
        if (!checkpointed) {
            throw damaged(file, "its snapshot section ends after " + index + " entries without its checkpoint"
                    + " (the file was cut short or overwritten)");
        }
        return new JournalReplay(tables, generation, contents.validLength(), contents.tornBytes());
    }

    private static StateStoreException damaged(Path file, String what) {
        return new StateStoreException("state store " + file + " is damaged: " + what + ". Weft refuses to start on"
                + " it rather than lose acknowledged data silently: restore the file from a backup, or move it away"
                + " to start with an empty store", null);
    }
}
