package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The column types of one database, parsed from {@code get_schema}. Immutable. */
public final class DatabaseSchema {
    private final Map<String, Map<String, ColumnType>> tables;
    private final Map<String, Map<String, ColumnValueCheck>> checks;

    private DatabaseSchema(Map<String, Map<String, ColumnType>> tables,
                           Map<String, Map<String, ColumnValueCheck>> checks) {
        this.tables = tables;
        this.checks = checks;
    }

    public static DatabaseSchema parse(JsonNode schema) {
        Map<String, Map<String, ColumnType>> tables = new HashMap<>();
        Map<String, Map<String, ColumnValueCheck>> checks = new HashMap<>();
        schema.path("tables").fields().forEachRemaining(t -> {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            Map<String, ColumnValueCheck> columnChecks = new HashMap<>();
            t.getValue().path("columns").fields().forEachRemaining(c -> {
                columns.put(c.getKey(), ColumnType.parse(c.getValue().get("type")));
                columnChecks.put(c.getKey(), ColumnValueCheck.parse(c.getValue().get("type")));
            });
            tables.put(t.getKey(), Map.copyOf(columns));
            checks.put(t.getKey(), Map.copyOf(columnChecks));
        });
        return new DatabaseSchema(Map.copyOf(tables), Map.copyOf(checks));
    }

    /** The column's type, or null for a column the schema does not list (such as {@code _version}). */
    public ColumnType column(String table, String column) {
        return tables.getOrDefault(table, Map.of()).get(column);
    }

    /**
     * Refuses a value a server sent for a column that the schema does not list, or that does not have the column's
     * type (a diff, for a modify, has the same shape as a value).
     *
     * @throws IllegalArgumentException naming the column and what is wrong
     */
    public void checkValue(String table, String column, JsonNode value) {
        ColumnValueCheck check = checks.getOrDefault(table, Map.of()).get(column);
        if (check == null) {
            throw new IllegalArgumentException("column " + table + "." + column + " is not in the schema");
        }
        String problem = check.problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("column " + table + "." + column + ": " + problem + ": "
                    + abbreviate(value.toString()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The table's columns, without the implicit {@code _uuid} and {@code _version}. */
    public Set<String> columns(String table) {
        return tables.getOrDefault(table, Map.of()).keySet();
    }
}
