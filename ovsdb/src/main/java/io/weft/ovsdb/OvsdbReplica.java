package io.weft.ovsdb;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local copy of the monitored tables, kept by applying a monitor's initial contents and updates.
 * Not thread-safe: apply and read it on the connection's I/O thread (where updates arrive).
 */
public final class OvsdbReplica {
    private final Map<String, Map<String, Row>> tables = new HashMap<>();

    /** Applies initial contents or an update. Returns the number of rows changed. */
    public int apply(TableUpdates updates) {
        int changed = 0;
        for (Map.Entry<String, java.util.List<RowUpdate>> t : updates.tables().entrySet()) {
            Map<String, Row> rows = tables.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>());
            for (RowUpdate u : t.getValue()) {
                if (u.isDelete()) {
                    rows.remove(u.uuid());
                } else {
                    Row before = rows.get(u.uuid());
                    // "new" carries every monitored column, and is kept as it is (the update2 decoder's copy is
                    // this same object); merging over the old row covers servers that send only the changed ones.
                    Row row = before == null || u.newRow().coversColumnsOf(before) ? u.newRow() : before.with(u.newRow());
                    rows.put(u.uuid(), row);
                }
                changed++;
            }
        }
        return changed;
    }

    public Map<String, Row> table(String name) {
        return Collections.unmodifiableMap(tables.getOrDefault(name, Map.of()));
    }

    public Row row(String table, String uuid) {
        return tables.getOrDefault(table, Map.of()).get(uuid);
    }

    public int size(String table) {
        return tables.getOrDefault(table, Map.of()).size();
    }

    public void clear() {
        tables.clear();
    }
}
