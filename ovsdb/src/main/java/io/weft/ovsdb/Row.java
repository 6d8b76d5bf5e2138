package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A row as received (all monitored or selected columns), with typed accessors for the value notation. */
public record Row(String uuid, JsonNode columns) {
    public JsonNode get(String column) {
        return columns.get(column);
    }

    public String string(String column) {
        JsonNode v = columns.get(column);
        if (v == null) {
            return null;
        }
        List<JsonNode> members = Atoms.setMembers(v);
        return members.isEmpty() ? null : members.get(0).asText();
    }

    /** An optional integer column (a set of 0 or 1 integers, e.g. Interface.ofport). */
    public OptionalLong optionalLong(String column) {
        List<JsonNode> members = Atoms.setMembers(columns.get(column));
        return members.isEmpty() ? OptionalLong.empty() : OptionalLong.of(members.get(0).asLong());
    }

    public Map<String, String> stringMap(String column) {
        return Atoms.stringMapOf(columns.get(column));
    }

    public List<String> strings(String column) {
        return Atoms.stringSetMembers(columns.get(column));
    }

    public List<String> uuids(String column) {
        return Atoms.uuidSetMembers(columns.get(column));
    }
}
