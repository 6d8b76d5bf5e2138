package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row's change in a monitor update: {@code old} absent for an insert, {@code new} absent for a delete. The new
 * row comes frozen ({@link Row}), as a replica keeps it; {@code old} (the changed columns' previous values) stays
 * JSON, since nothing keeps it.
 */
public record RowUpdate(String uuid, JsonNode oldColumns, Row newRow) {
    public RowUpdate(String uuid, JsonNode oldColumns, JsonNode newColumns) {
        this(uuid, oldColumns, newColumns == null ? null : new Row(uuid, newColumns));
    }

    /** The new row in the value notation (null for a delete). */
    public JsonNode newColumns() {
        return newRow == null ? null : newRow.columns();
    }

    public boolean isDelete() {
        return newRow == null;
    }

    public boolean isInsert() {
        return oldColumns == null && newRow != null;
    }
}
