package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.Map;
import java.util.OptionalLong;

/** An Interface row. {@code ofport} is empty until ovs-vswitchd assigns one, and -1 if it failed. */
public record InterfaceRecord(String uuid, String name, String type, Map<String, String> options, OptionalLong ofport,
                              Map<String, String> externalIds, String error) {
    public static InterfaceRecord from(Row r) {
        return new InterfaceRecord(r.uuid(), r.string("name"), r.string("type"), r.stringMap("options"),
                r.optionalLong("ofport"), r.stringMap("external_ids"), r.string("error"));
    }

    /** The usable OpenFlow port number, if vswitchd has assigned one. */
    public OptionalLong usableOfport() {
        return ofport.isPresent() && ofport.getAsLong() > 0 ? ofport : OptionalLong.empty();
    }
}
