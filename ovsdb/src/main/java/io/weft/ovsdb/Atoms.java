package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 7047 value notation: atoms, {@code ["uuid", u]}, {@code ["named-uuid", n]}, {@code ["set", [...]]}
 * and {@code ["map", [[k, v], ...]]}, both ways. A one-element set may be sent (and arrives) as the bare atom.
 */
public final class Atoms {
    private Atoms() {
    }

    public static JsonNode uuid(String uuid) {
        return Json.array().add("uuid").add(uuid);
    }

    public static JsonNode namedUuid(String name) {
        return Json.array().add("named-uuid").add(name);
    }

    public static JsonNode set(Collection<? extends JsonNode> members) {
        ArrayNode inner = Json.array();
        members.forEach(inner::add);
        return Json.array().add("set").add(inner);
    }

    public static JsonNode stringSet(Collection<String> members) {
        ArrayNode inner = Json.array();
        members.forEach(inner::add);
        return Json.array().add("set").add(inner);
    }

    public static JsonNode emptySet() {
        return Json.array().add("set").add(Json.array());
    }

    public static JsonNode stringMap(Map<String, String> map) {
        ArrayNode pairs = Json.array();
        new TreeMap<>(map).forEach((k, v) -> pairs.add(Json.array().add(k).add(v)));
        return Json.array().add("map").add(pairs);
    }

    /** The members of a set column (a bare atom counts as a one-element set). */
    public static List<JsonNode> setMembers(JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isArray() && value.size() == 2 && "set".equals(value.get(0).asText())) {
            value.get(1).forEach(out::add);
        } else {
            out.add(value);
        }
        return out;
    }

    /** The string members of a set column. */
    public static List<String> stringSetMembers(JsonNode value) {
        return setMembers(value).stream().map(JsonNode::asText).toList();
    }

    /** The uuids of a set-of-references column. */
    public static List<String> uuidSetMembers(JsonNode value) {
        return setMembers(value).stream().map(Atoms::uuidOf).toList();
    }

    public static String uuidOf(JsonNode atom) {
        if (atom.isArray() && atom.size() == 2 && "uuid".equals(atom.get(0).asText())) {
            return atom.get(1).asText();
        }
        throw new IllegalArgumentException("not a uuid atom: " + atom);
    }

    /** A map column as string pairs, in key order. */
    public static Map<String, String> stringMapOf(JsonNode value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value != null && value.isArray() && value.size() == 2 && "map".equals(value.get(0).asText())) {
            for (JsonNode pair : value.get(1)) {
                out.put(pair.get(0).asText(), pair.get(1).asText());
            }
        }
        return out;
    }
}
