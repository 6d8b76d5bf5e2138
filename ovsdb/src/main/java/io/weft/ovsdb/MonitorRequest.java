package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Which columns of one table to monitor; all changes (initial, insert, delete, modify) are reported.
 *
 * @param columns the columns; empty means all of them
 * @param where   only rows matching any one of these: unlike a transaction's where clause, ovsdb-server
 *                ORs a monitor's conditions (monitor_cond only); empty means every row
 */
public record MonitorRequest(List<String> columns, List<Condition> where) {
    public MonitorRequest {
        columns = List.copyOf(columns);
        where = List.copyOf(where);
    }

    public MonitorRequest(List<String> columns) {
        this(columns, List.of());
    }

    public MonitorRequest where(List<Condition> conditions) {
        return new MonitorRequest(columns, conditions);
    }

    public boolean hasWhere() {
        return !where.isEmpty();
    }

    /** The {@code <monitor-request>} (or, with a where clause, {@code <monitor-cond-request>}) object. */
    public JsonNode toJson() {
        ObjectNode o = Json.object();
        if (!columns.isEmpty()) {
            // an absent "columns" means all of them; an empty array would mean none
            ArrayNode c = Json.array();
            columns.forEach(c::add);
            o.set("columns", c);
        }
        if (!where.isEmpty()) {
            ArrayNode w = Json.array();
            where.forEach(cond -> w.add(cond.toJson()));
            o.set("where", w);
        }
        return o;
    }
}
