package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One operation's result: the new row's uuid (insert), a row count, or selected rows. */
public record OperationResult(JsonNode json) {
    public Optional<String> uuid() {
        JsonNode u = json.get("uuid");
        return u == null ? Optional.empty() : Optional.of(Atoms.uuidOf(u));
    }

    public int count() {
        JsonNode c = json.get("count");
        return c == null ? 0 : c.asInt();
    }

    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        JsonNode rows = json.get("rows");
        if (rows != null) {
            rows.forEach(r -> out.add(new Row(r.has("_uuid") ? Atoms.uuidOf(r.get("_uuid")) : null, r)));
        }
        return out;
    }
}
