package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Which columns of one table to monitor; all changes (initial, insert, delete, modify) are reported. */
public record MonitorRequest(List<String> columns) {
    public MonitorRequest {
        columns = List.copyOf(columns);
    }

    JsonNode toJson() {
        ObjectNode o = Json.object();
        ArrayNode c = Json.array();
        columns.forEach(c::add);
        o.set("columns", c);
        return o;
    }
}
