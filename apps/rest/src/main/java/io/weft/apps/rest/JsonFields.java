package io.weft.apps.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Strict, typed access to the fields of a request object. Unknown fields are refused (a typo such as
 * {@code "vin"} must not silently fall back to a default), and a field of the wrong JSON type is refused rather
 * than coerced, each with a message naming the field. A JSON {@code null} counts as absent.
 */
final class JsonFields {
    private final ObjectNode object;

    /** Refuses {@code object} at once if it has a field outside {@code allowed} (listed in the message in order). */
    JsonFields(ObjectNode object, List<String> allowed) {
        this.object = Objects.requireNonNull(object, "object");
        Set<String> known = Set.copyOf(allowed);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblemException.badRequest((unknown.size() == 1 ? "unknown field '" : "unknown fields '")
                    + String.join("', '", unknown) + "'; allowed fields are " + String.join(", ", allowed));
        }
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw ApiProblemException.badRequest("field '" + field + "' is required");
        }
        return value;
    }

    /** The string value, or {@code null} if the field is absent or null. */
    String optionalString(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return node.textValue();
    }

    /** A required array of strings; more than 64 is refused here, before any item is read. */
    List<String> requiredStrings(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblemException.badRequest("field '" + field + "' is required");
        }
        if (!node.isArray()) {
            throw wrongType(field, "an array of strings", node);
        }
        if (node.size() > 64) {
            throw ApiProblemException.badRequest("field '" + field + "' has " + node.size() + " items; at most 64");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw wrongType(field + "[]", "a string", item);
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** A required array of at most {@code maxItems} items of any kind, refused before any item is read. */
    JsonNode requiredArray(String field, int maxItems) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw ApiProblemException.badRequest("field '" + field + "' is required");
        }
        if (!node.isArray()) {
            throw wrongType(field, "an array", node);
        }
        if (node.size() > maxItems) {
            throw ApiProblemException.badRequest("field '" + field + "' has " + node.size() + " items; at most "
                    + maxItems);
        }
        return node;
    }

    /** The integer value, or {@code null} if the field is absent or null. Fractions and strings are refused. */
    Integer optionalInt(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            throw wrongType(field, "an integer", node);
        }
        if (!node.canConvertToInt()) {
            throw ApiProblemException.badRequest("field '" + field + "' is out of range: " + node.asText());
        }
        return node.intValue();
    }

    private static ApiProblemException wrongType(String field, String expected, JsonNode actual) {
        return ApiProblemException.badRequest("field '" + field + "' must be " + expected + ", got "
                + describeType(actual));
    }

    /** A short description of a JSON value for error messages, e.g. {@code string "abc"} or {@code array}. */
    static String describeType(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string " + abbreviated(node.toString());
            case NUMBER -> "number " + abbreviated(node.asText());
            case BOOLEAN -> "boolean " + node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
