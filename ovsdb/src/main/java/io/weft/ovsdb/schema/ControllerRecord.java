package io.weft.ovsdb.schema;

import io.weft.ovsdb.Row;
import java.util.OptionalLong;

/** A Controller row (an OpenFlow controller target of a bridge); {@code maxBackoff} in ms, empty for OVS's default. */
public record ControllerRecord(String uuid, String target, OptionalLong maxBackoff) {
    public static ControllerRecord from(Row r) {
        return new ControllerRecord(r.uuid(), r.string("target"), r.optionalLong("max_backoff"));
    }
}
