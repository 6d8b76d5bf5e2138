package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@code monitor_cond} monitor's {@code <table-updates2>} (its reply and its update2
 * notifications) into the {@link TableUpdates} a plain {@code monitor} would have produced: every
 * {@code new} is the full row. update2 sends only diffs and leaves out default-valued columns, so the
 * decoder keeps the last full row of every monitored row; it must see every message of its monitor,
 * in order. Used on the connection's I/O thread; synchronized only to be safe if that is ever not so.
 */
public final class Update2Decoder {
    private final DatabaseSchema schema;
    private final Map<String, Collection<String>> monitoredColumns = new HashMap<>();
    /** Frozen, and handed on as they are: the replica keeps these very objects (one copy of each row). */
    private final Map<String, Map<String, Row>> rows = new HashMap<>();

    public Update2Decoder(DatabaseSchema schema, Map<String, MonitorRequest> tables) {
        this.schema = schema;
        // no columns listed means all of them, as for the server
        tables.forEach((table, req) -> monitoredColumns.put(table,
                req.columns().isEmpty() ? schema.columns(table) : List.copyOf(req.columns())));
    }

    /**
     * Decodes a {@code <table-updates2>}. Throws {@link IllegalStateException} for a modify of a row
     * this monitor never saw: our copy has diverged from the server's, and only a new monitor can fix that.
     */
    public synchronized TableUpdates decode(JsonNode tableUpdates2) {
        Map<String, List<RowUpdate>> out = new LinkedHashMap<>();
        if (tableUpdates2 == null || !tableUpdates2.isObject()) {
            return new TableUpdates(out);
        }
        for (Iterator<Map.Entry<String, JsonNode>> t = tableUpdates2.fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> table = t.next();
            List<RowUpdate> updates = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> r = table.getValue().fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> row = r.next();
                updates.add(decodeRow(table.getKey(), row.getKey(), row.getValue()));
            }
            out.put(table.getKey(), updates);
        }
        return new TableUpdates(out);
    }

    private RowUpdate decodeRow(String table, String uuid, JsonNode update) {
        Map<String, Row> cache = rows.computeIfAbsent(table, k -> new HashMap<>());
        if (!update.isObject()) {
            throw new IllegalArgumentException("row-update2 for " + table + " " + uuid + " is not an object");
        }
        if (update.has("initial") || update.has("insert")) {
            JsonNode sent = update.has("initial") ? update.get("initial") : update.get("insert");
            checkColumns(table, sent);
            Row row = new Row(uuid, withDefaults(table, sent));
            cache.put(uuid, row);
            return new RowUpdate(uuid, null, row);
        }
        if (update.has("delete")) {
            Row old = cache.remove(uuid);
            return new RowUpdate(uuid, old == null ? Json.object() : old.columns(), (Row) null);
        }
        if (update.has("modify")) {
            Row previous = cache.get(uuid);
            if (previous == null) {
                throw new IllegalStateException("update2 modifies " + table + " row " + uuid + " never seen");
            }
            checkColumns(table, update.get("modify"));
            ObjectNode changed = Json.object();
            ObjectNode old = Json.object();
            update.get("modify").fields().forEachRemaining(c -> {
                JsonNode before = previous.get(c.getKey());
                if (before != null) {
                    old.set(c.getKey(), before);
                }
                changed.set(c.getKey(), Update2Diff.apply(schema.column(table, c.getKey()), before, c.getValue()));
            });
            Row next = previous.with(changed);
            cache.put(uuid, next);
            // like a plain monitor: "old" holds the changed columns only, "new" the whole row
            return new RowUpdate(uuid, old, next);
        }
        throw new IllegalArgumentException("row-update2 for " + table + " " + uuid + " has no known member");
    }

    /** Every column sent must be in the schema with a value (or diff) of its type: see {@link DatabaseSchema#checkValue}. */
    private void checkColumns(String table, JsonNode columns) {
        if (columns == null || !columns.isObject()) {
            throw new IllegalArgumentException("row-update2 for " + table + ": its columns are not an object");
        }
        columns.fields().forEachRemaining(c -> schema.checkValue(table, c.getKey(), c.getValue()));
    }

    /** update2 leaves out columns equal to their default; a plain monitor's full row has them. */
    private ObjectNode withDefaults(String table, JsonNode sent) {
        ObjectNode row = Json.object();
        for (String column : monitoredColumns.getOrDefault(table, List.of())) {
            ColumnType type = schema.column(table, column);
            if (type != null) {
                row.set(column, type.defaultValue());
            }
        }
        if (sent != null) {
            sent.fields().forEachRemaining(c -> row.set(c.getKey(), c.getValue()));
        }
        return row;
    }
}
