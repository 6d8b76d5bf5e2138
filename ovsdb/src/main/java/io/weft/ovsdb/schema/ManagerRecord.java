package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.OptionalLong;

/** A Manager row (an OVSDB manager target, e.g. the controller in passive mode); {@code maxBackoff} in ms. */
public record ManagerRecord(String uuid, String target, OptionalLong maxBackoff) {
    public static ManagerRecord from(Row r) {
        return new ManagerRecord(r.uuid(), r.string("target"), r.optionalLong("max_backoff"));
    }
}
