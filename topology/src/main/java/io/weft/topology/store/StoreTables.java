package io.weft.topology.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's rows in memory, as the JSON text the journal holds, by table and key; also how big a snapshot of them
 * would be, which decides when the journal is compacted.
 */
final class StoreTables {
    static final String NETWORKS = "networks";
    static final String ENDPOINTS = "endpoints";
    static final String HOSTS = "hosts";
    static final String ROUTERS = "routers";
    static final List<String> NAMES = List.of(NETWORKS, ENDPOINTS, HOSTS, ROUTERS);
    /** The tables of the MVStore of Weft before the journal (it had no routers). */
    static final List<String> LEGACY_NAMES = List.of(NETWORKS, ENDPOINTS, HOSTS);
    /** A PUT entry's bytes besides key and row: frame, field names, quotes. */
    private static final int ENTRY_OVERHEAD = 48;

    private final Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    private long snapshotBytes;

    StoreTables() {
        NAMES.forEach(name -> tables.put(name, new LinkedHashMap<>()));
    }

    boolean knows(String table) {
        return tables.containsKey(table);
    }

    String get(String table, String key) {
        return rows(table).get(key);
    }

    Map<String, String> rows(String table) {
        Map<String, String> rows = tables.get(table);
        if (rows == null) {
            throw new IllegalArgumentException("unknown table '" + table + "'");
        }
        return rows;
    }

    void put(String table, String key, String row) {
        String old = rows(table).put(key, row);
        snapshotBytes += cost(key, row) - (old == null ? 0 : cost(key, old));
    }

    void remove(String table, String key) {
        String old = rows(table).remove(key);
        if (old != null) {
            snapshotBytes -= cost(key, old);
        }
    }

    int size() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }

    /** About how many bytes a journal holding just these rows takes. */
    long snapshotBytes() {
        return snapshotBytes;
    }

    /** Every row, table by table. */
    void forEach(TableRowConsumer consumer) {
        tables.forEach((table, rows) -> rows.forEach((key, row) -> consumer.accept(table, key, row)));
    }

    @FunctionalInterface
    interface TableRowConsumer {
        void accept(String table, String key, String row);
    }

    private static long cost(String key, String row) {
        return ENTRY_OVERHEAD + key.length() + row.length();
    }
}
