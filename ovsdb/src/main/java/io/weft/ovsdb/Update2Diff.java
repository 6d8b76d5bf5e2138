package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies one column's {@code modify} diff from an update2 notification (ovsdb-server(7), "Update2
 * notification") to the column's previous value, giving the new value in the encoding a plain
 * monitor would use. A column that holds at most one value (a scalar, or an optional value even though
 * it is encoded as a set) is sent whole: ovsdb-server diffs only columns whose max is above 1.
 */
public final class Update2Diff {
    private Update2Diff() {
    }

    /**
     * @param type     the column's type; null (a column the schema does not list) is treated as scalar
     * @param previous the previous value, or null if unknown (then taken as the column's default)
     * @param diff     the diff from the notification
     */
    public static JsonNode apply(ColumnType type, JsonNode previous, JsonNode diff) {
        if (type == null || !type.composite()) {
            return diff;
        }
        JsonNode base = previous != null ? previous : type.defaultValue();
        return type.kind() == ColumnType.Kind.SET ? applySet(base, diff) : applyMap(base, diff);
    }

    /** The diff is the symmetric difference: each element present is removed, each absent one added. */
    static JsonNode applySet(JsonNode previous, JsonNode diff) {
        Set<JsonNode> members = new LinkedHashSet<>(Atoms.setMembers(previous));
        for (JsonNode element : Atoms.setMembers(diff)) {
            if (!members.remove(element)) {
                members.add(element);
            }
        }
        // ovsdb-server sends a one-element set as the bare atom; do the same so both monitors agree
        return members.size() == 1 ? members.iterator().next() : Atoms.set(members);
    }

    /** A new key is added, an identical pair removed, an existing key with another value replaced. */
    static JsonNode applyMap(JsonNode previous, JsonNode diff) {
        Map<JsonNode, JsonNode> pairs = pairs(previous);
        pairs(diff).forEach((key, value) -> {
            JsonNode old = pairs.get(key);
            if (value.equals(old)) {
                pairs.remove(key);
            } else {
                pairs.put(key, value);
            }
        });
        ArrayNode out = Json.array();
        pairs.forEach((k, v) -> out.add(Json.array().add(k).add(v)));
        return Json.array().add("map").add(out);
    }

    private static Map<JsonNode, JsonNode> pairs(JsonNode map) {
        Map<JsonNode, JsonNode> out = new LinkedHashMap<>();
        if (map == null || !map.isArray() || map.size() != 2 || !"map".equals(map.get(0).asText())) {
            throw new IllegalArgumentException("not a map value: " + map);
        }
        map.get(1).forEach(pair -> out.put(pair.get(0), pair.get(1)));
        return out;
    }
}
