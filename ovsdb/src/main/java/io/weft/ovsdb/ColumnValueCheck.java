package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Whether a value a server sent has its column's type (RFC 7047 section 5.1): the atom types of its elements (and
 * values, for a map) and at most as many elements as the column holds. Values are checked as they arrive, so a peer
 * that sends, say, a number where a set of row references belongs is refused at the boundary (its session closes)
 * instead of failing whatever later reads the row. Enum constraints are not checked: the server may be newer.
 */
record ColumnValueCheck(String keyType, String valueType, long max) {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static ColumnValueCheck parse(JsonNode type) {
        if (type.isTextual()) {
            return new ColumnValueCheck(type.asText(), null, 1);
        }
        JsonNode maxNode = type.get("max");
        long max = maxNode == null ? 1 : maxNode.isTextual() ? Long.MAX_VALUE : maxNode.asLong();
        return new ColumnValueCheck(baseType(type.get("key")), type.has("value") ? baseType(type.get("value")) : null,
                max);
    }

    private static String baseType(JsonNode base) {
        return base.isTextual() ? base.asText() : base.path("type").asText();
    }

    /** What is wrong with {@code value} for this column, or null if nothing is. A diff has the same shape. */
    String problem(JsonNode value) {
        if (valueType != null) {
            if (!value.isArray() || value.size() != 2 || !"map".equals(value.get(0).asText(null))
                    || !value.get(1).isArray()) {
                return "not a map";
            }
            for (JsonNode pair : value.get(1)) {
                if (!pair.isArray() || pair.size() != 2 || !isAtom(keyType, pair.get(0))
                        || !isAtom(valueType, pair.get(1))) {
                    return "not a map of " + keyType + " to " + valueType;
                }
            }
            return value.get(1).size() > max ? "more than " + max + " pairs" : null;
        }
        if (isAtom(keyType, value)) {
            return null; // a scalar, or a set of one element sent as the bare atom
        }
        if (value.isArray() && value.size() == 2 && "set".equals(value.get(0).asText(null)) && value.get(1).isArray()) {
            for (JsonNode member : value.get(1)) {
                if (!isAtom(keyType, member)) {
                    return "not a set of " + keyType;
                }
            }
            return value.get(1).size() > max ? "more than " + max + " elements" : null;
        }
        return "not a " + keyType + (max > 1 ? " or a set of them" : "");
    }

    private static boolean isAtom(String type, JsonNode atom) {
        return switch (type) {
            case "integer" -> atom.isIntegralNumber();
            case "real" -> atom.isNumber();
            case "boolean" -> atom.isBoolean();
            case "string" -> atom.isTextual();
            case "uuid" -> atom.isArray() && atom.size() == 2 && "uuid".equals(atom.get(0).asText(null))
                    && atom.get(1).isTextual() && UUID.matcher(atom.get(1).asText()).matches();
            default -> false;
        };
    }
}
