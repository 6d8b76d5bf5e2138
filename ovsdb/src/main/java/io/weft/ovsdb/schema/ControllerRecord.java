package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;

/** A Controller row (an OpenFlow controller target of a bridge). */
public record ControllerRecord(String uuid, String target) {
    public static ControllerRecord from(Row r) {
        return new ControllerRecord(r.uuid(), r.string("target"));
    }
}
