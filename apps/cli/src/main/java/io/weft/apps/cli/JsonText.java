package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads fields of the API's JSON for display: absent and null both become {@code null} (printed as {@code -}). */
final class JsonText {
    private JsonText() {
    }

    static String of(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
