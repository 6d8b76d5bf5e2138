package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.List;
import java.util.Map;

/** A Port row. */
public record PortRecord(String uuid, String name, List<String> interfaces, Map<String, String> externalIds) {
    public static PortRecord from(Row r) {
        return new PortRecord(r.uuid(), r.string("name"), r.uuids("interfaces"), r.stringMap("external_ids"));
    }
}
