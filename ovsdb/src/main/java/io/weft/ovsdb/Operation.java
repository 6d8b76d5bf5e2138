package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The operations of a {@code transact} (RFC 7047 section 5.2), one record each. */
public sealed interface Operation {

    JsonNode toJson();

    /** Insert a row; {@code uuidName} lets later operations of the same transaction refer to it. */
    record Insert(String table, Map<String, JsonNode> row, String uuidName) implements Operation {
        public Insert {
            row = Map.copyOf(row);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "insert").put("table", table);
            op.set("row", rowJson(row));
            if (uuidName != null) {
                op.put("uuid-name", uuidName);
            }
            return op;
        }
    }

    record Update(String table, List<Condition> where, Map<String, JsonNode> row) implements Operation {
        public Update {
            where = List.copyOf(where);
            row = Map.copyOf(row);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "update").put("table", table);
            op.set("where", whereJson(where));
            op.set("row", rowJson(row));
            return op;
        }
    }

    record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Operation {
        public Mutate {
            where = List.copyOf(where);
            mutations = List.copyOf(mutations);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "mutate").put("table", table);
            op.set("where", whereJson(where));
            ArrayNode m = Json.array();
            mutations.forEach(x -> m.add(x.toJson()));
            op.set("mutations", m);
            return op;
        }
    }

    record Delete(String table, List<Condition> where) implements Operation {
        public Delete {
            where = List.copyOf(where);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "delete").put("table", table);
            op.set("where", whereJson(where));
            return op;
        }
    }

    /** Select rows; {@code columns} null means all columns. */
    record Select(String table, List<Condition> where, List<String> columns) implements Operation {
        public Select {
            where = List.copyOf(where);
            columns = columns == null ? null : List.copyOf(columns);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "select").put("table", table);
            op.set("where", whereJson(where));
            if (columns != null) {
                ArrayNode c = Json.array();
                columns.forEach(c::add);
                op.set("columns", c);
            }
            return op;
        }
    }

    /**
     * Waits until (until "==") or while (until "!=") the selected columns of the rows matching
     * {@code where} equal {@code rows}; fails the transaction after {@code timeoutMillis} (0: at once).
     */
    record Wait(String table, long timeoutMillis, List<Condition> where, List<String> columns, String until,
                List<Map<String, JsonNode>> rows) implements Operation {
        public Wait {
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            rows = rows.stream().map(Map::copyOf).toList();
            if (!until.equals("==") && !until.equals("!=")) {
                throw new IllegalArgumentException("wait until must be == or !=");
            }
        }

        @Override
        public JsonNode toJson() {
            ObjectNode op = Json.object().put("op", "wait").put("table", table).put("timeout", timeoutMillis);
            op.set("where", whereJson(where));
            ArrayNode c = Json.array();
            columns.forEach(c::add);
            op.set("columns", c);
            op.put("until", until);
            ArrayNode r = Json.array();
            rows.forEach(x -> r.add(rowJson(x)));
            op.set("rows", r);
            return op;
        }
    }

    /** Adds a comment to the database log (shows in ovsdb-tool show-log). */
    record Comment(String text) implements Operation {
        @Override
        public JsonNode toJson() {
            return Json.object().put("op", "comment").put("comment", text);
        }
    }

    private static ObjectNode rowJson(Map<String, JsonNode> row) {
        ObjectNode o = Json.object();
        new java.util.TreeMap<>(row).forEach(o::set);
        return o;
    }

    private static ArrayNode whereJson(List<Condition> where) {
        ArrayNode w = Json.array();
        where.forEach(c -> w.add(c.toJson()));
        return w;
    }
}
