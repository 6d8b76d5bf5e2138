package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;

/** A mutate term: {@code [column, mutator, value]}, e.g. insert a port reference into a bridge. */
public record Mutation(String column, String mutator, JsonNode value) {
    public static Mutation insert(String column, JsonNode value) {
        return new Mutation(column, "insert", value);
    }

    public static Mutation delete(String column, JsonNode value) {
        return new Mutation(column, "delete", value);
    }

    JsonNode toJson() {
        return Json.array().add(column).add(mutator).add(value);
    }
}
