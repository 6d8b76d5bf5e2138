package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The column types of one database, parsed from {@code get_schema}. Immutable. */
public final class DatabaseSchema {
    private final Map<String, Map<String, ColumnType>> tables;

    private DatabaseSchema(Map<String, Map<String, ColumnType>> tables) {
        this.tables = tables;
    }

    public static DatabaseSchema parse(JsonNode schema) {
        Map<String, Map<String, ColumnType>> tables = new HashMap<>();
        schema.path("tables").fields().forEachRemaining(t -> {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            t.getValue().path("columns").fields().forEachRemaining(c ->
                    columns.put(c.getKey(), ColumnType.parse(c.getValue().get("type"))));
            tables.put(t.getKey(), Map.copyOf(columns));
        });
        return new DatabaseSchema(Map.copyOf(tables));
    }

    /** The column's type, or null for a column the schema does not list (such as {@code _version}). */
    public ColumnType column(String table, String column) {
        return tables.getOrDefault(table, Map.of()).get(column);
    }

    /** The table's columns, without the implicit {@code _uuid} and {@code _version}. */
    public Set<String> columns(String table) {
        return tables.getOrDefault(table, Map.of()).keySet();
    }
}
