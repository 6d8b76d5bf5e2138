package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;

/** A Manager row (an OVSDB manager target, e.g. the controller in passive mode). */
public record ManagerRecord(String uuid, String target) {
    public static ManagerRecord from(Row r) {
        return new ManagerRecord(r.uuid(), r.string("target"));
    }
}
