package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** A where-clause term: {@code [column, function, value]}. */
public record Condition(String column, String function, JsonNode value) {
    public static Condition equal(String column, JsonNode value) {
        return new Condition(column, "==", value);
    }

    public static Condition equal(String column, String value) {
        return new Condition(column, "==", TextNode.valueOf(value));
    }

    public static Condition uuidIs(String uuid) {
        return new Condition("_uuid", "==", Atoms.uuid(uuid));
    }

    public static Condition includes(String column, JsonNode value) {
        return new Condition(column, "includes", value);
    }

    JsonNode toJson() {
        return Json.array().add(column).add(function).add(value);
    }
}
