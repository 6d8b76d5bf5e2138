package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/** One row's change in a monitor update: {@code old} absent for an insert, {@code new} absent for a delete. */
public record RowUpdate(String uuid, JsonNode oldColumns, JsonNode newColumns) {
    public boolean isDelete() {
        return newColumns == null;
    }

    public boolean isInsert() {
        return oldColumns == null && newColumns != null;
    }
}
