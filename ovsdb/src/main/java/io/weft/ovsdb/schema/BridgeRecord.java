package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.List;
import java.util.Map;

/** A Bridge row. */
public record BridgeRecord(String uuid, String name, List<String> ports, String datapathType, String failMode,
                           List<String> protocols, List<String> controllers, Map<String, String> externalIds,
                           Map<String, String> otherConfig, String datapathId) {
    public static BridgeRecord from(Row r) {
        return new BridgeRecord(r.uuid(), r.string("name"), r.uuids("ports"), r.string("datapath_type"),
                r.string("fail_mode"), r.strings("protocols"), r.uuids("controller"), r.stringMap("external_ids"),
                r.stringMap("other_config"), r.string("datapath_id"));
    }
}
