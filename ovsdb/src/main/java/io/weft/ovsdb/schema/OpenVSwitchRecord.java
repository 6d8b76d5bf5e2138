package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.List;
import java.util.Map;

/** The root row of the Open_vSwitch database. */
public record OpenVSwitchRecord(String uuid, List<String> bridges, Map<String, String> externalIds,
                                List<String> managerOptions) {
    public static OpenVSwitchRecord from(Row r) {
        return new OpenVSwitchRecord(r.uuid(), r.uuids("bridges"), r.stringMap("external_ids"),
                r.uuids("manager_options"));
    }
}
