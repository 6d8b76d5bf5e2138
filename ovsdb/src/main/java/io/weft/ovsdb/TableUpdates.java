package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A monitor's initial contents or a later {@code update} notification, by table. */
public record TableUpdates(Map<String, List<RowUpdate>> tables) {
    public static TableUpdates parse(JsonNode json) {
        Map<String, List<RowUpdate>> tables = new LinkedHashMap<>();
        if (json != null && json.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> t = json.fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> table = t.next();
                List<RowUpdate> rows = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> r = table.getValue().fields(); r.hasNext(); ) {
                    Map.Entry<String, JsonNode> row = r.next();
                    rows.add(new RowUpdate(row.getKey(), row.getValue().get("old"), row.getValue().get("new")));
                }
                tables.put(table.getKey(), rows);
            }
        }
        return new TableUpdates(tables);
    }

    public List<RowUpdate> table(String name) {
        return tables.getOrDefault(name, List.of());
    }

    public int rowCount() {
        return tables.values().stream().mapToInt(List::size).sum();
    }
}
