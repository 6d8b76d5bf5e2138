package io.weft.topology.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the rows of a data directory written by Weft 0.1 (an H2 MVStore file, {@code weft.mv.db}) into a new
 * journal, once. The old file is then renamed, not deleted, so nothing is lost if the import surprises anyone.
 */
final class LegacyMvStoreImport {
    static final String FILE_NAME = "weft.mv.db";
    static final String RETIRED_FILE_NAME = "weft.mv.db.imported";
    private static final Logger log = LoggerFactory.getLogger(LegacyMvStoreImport.class);

    private LegacyMvStoreImport() {
    }

    /** The rows of the old store in {@code directory}, if it has one. */
    static Optional<StoreTables> rowsIn(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        StoreTables tables = new StoreTables();
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            String format = store.<String, String>openMap("weft").get("format");
            if (format != null && !format.equals("1")) {
                throw new StateStoreException("cannot import " + file + ": its format " + format
                        + " is not supported (expected 1)", null);
            }
            for (String table : StoreTables.LEGACY_NAMES) {
                MVMap<String, String> rows = store.openMap(table);
                rows.forEach((key, row) -> tables.put(table, key, row));
            }
        } finally {
            store.closeImmediately();
        }
        log.info("State store: importing {} rows from {} (written by an older Weft)", tables.size(), file);
        return Optional.of(tables);
    }

    /** Renames the old store once its rows are safely in the journal. */
    static void retire(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Files.move(file, directory.resolve(RETIRED_FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            JournalFiles.forceDirectory(directory);
            log.info("State store: {} imported and renamed to {}", file, RETIRED_FILE_NAME);
        }
    }
}
