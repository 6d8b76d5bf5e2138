package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How a column's values are encoded, from its schema type: update2 diffs and the columns that
 * update2 leaves out (those equal to the default) can only be interpreted knowing this.
 *
 * @param kind         scalar, set (including an optional value: min 0, max 1) or map
 * @param composite    whether the column can hold more than one element (max > 1); ovsdb-server diffs only
 *                     those, and sends any other column's modify as its whole new value
 * @param defaultValue the value OVSDB gives a column nobody set, encoded as a plain monitor would send it
 */
public record ColumnType(Kind kind, boolean composite, JsonNode defaultValue) {
    public enum Kind { SCALAR, SET, MAP }

    /** Parses an RFC 7047 {@code <type>}: an atomic type name or {@code {key, value?, min?, max?}}. */
    public static ColumnType parse(JsonNode type) {
        if (type.isTextual()) {
            return new ColumnType(Kind.SCALAR, false, defaultAtom(type.asText()));
        }
        String keyType = baseType(type.get("key"));
        int min = type.path("min").asInt(1);
        JsonNode maxNode = type.get("max");
        long max = maxNode == null ? 1 : maxNode.isTextual() ? Long.MAX_VALUE : maxNode.asLong();
        if (type.has("value")) {
            ArrayNode pairs = Json.array();
            if (min >= 1) {
                pairs.add(Json.array()
                        .add(defaultAtom(keyType)).add(defaultAtom(baseType(type.get("value")))));
            }
            return new ColumnType(Kind.MAP, max > 1, Json.array().add("map").add(pairs));
        }
        if (max > 1 || min == 0) {
            // a set of exactly one element goes on the wire as the bare atom
            return new ColumnType(Kind.SET, max > 1, min == 0 ? Atoms.emptySet() : defaultAtom(keyType));
        }
        return new ColumnType(Kind.SCALAR, false, defaultAtom(keyType));
    }

    private static String baseType(JsonNode base) {
        return base.isTextual() ? base.asText() : base.path("type").asText();
    }

    /** ovsdb-server's default atoms; it ignores enum constraints here, and so must we. */
    static JsonNode defaultAtom(String atomicType) {
        return switch (atomicType) {
            // OVS prints reals with %g, so a default 0.0 reaches a plain monitor as the integer 0
            case "integer", "real" -> IntNode.valueOf(0);
            case "boolean" -> BooleanNode.FALSE;
            case "string" -> TextNode.valueOf("");
            case "uuid" -> Atoms.uuid("00000000-0000-0000-0000-000000000000");
            default -> throw new IllegalArgumentException("unknown atomic type " + atomicType);
        };
    }
}
