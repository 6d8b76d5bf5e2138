package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Rows kept frozen: the value notation in and out unchanged, typed reads, and one copy shared with the decoder. */
class RowTest {
    private static final String U1 = "0c1f1c1e-5bd4-4f6e-9c1a-2f0e1b3a4d5c";
    private static final String U2 = "5d2a7e10-3f1b-4c2d-8e9f-0a1b2c3d4e5f";

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static final JsonNode COLUMNS = json("{'name': 'tap1', 'type': '', 'ofport': 7, 'big': 8589934592,"
            + " 'ratio': 0.5, 'flag': true, 'error': ['set', []], 'one': ['set', ['x']], 'tags': ['set', ['a', 'b']],"
            + " 'ref': ['uuid', '" + U1 + "'], 'refs': ['set', [['uuid', '" + U1 + "'], ['uuid', '" + U2 + "']]],"
            + " 'ids': ['map', [['iface-id', 'ep1'], ['attached-mac', '02:00:00:00:00:01']]], 'opts': ['map', []],"
            + " 'byref': ['map', [['k', ['uuid', '" + U2 + "']]]], 'counts': ['map', [[1, 2]]]}");

    @Test
    void everyKindOfValueComesBackAsItWasReceived() {
        Row row = new Row("r1", COLUMNS);
        assertThat(row.columns()).isEqualTo(COLUMNS);
        COLUMNS.fields().forEachRemaining(c -> assertThat(row.get(c.getKey())).as(c.getKey()).isEqualTo(c.getValue()));
        assertThat(row.get("absent")).isNull();
        assertThat(row).isEqualTo(new Row("r1", COLUMNS.deepCopy())).hasSameHashCodeAs(new Row("r1", COLUMNS));
    }

    @Test
    void typedReadsNeedNoDecoding() {
        Row row = new Row("r1", COLUMNS);
        assertThat(row.string("name")).isEqualTo("tap1");
        assertThat(row.string("type")).isEmpty();
        assertThat(row.string("error")).isNull();
        assertThat(row.string("one")).isEqualTo("x");
        assertThat(row.optionalLong("ofport")).hasValue(7);
        assertThat(row.optionalLong("big")).hasValue(8589934592L);
        assertThat(row.optionalLong("error")).isEqualTo(OptionalLong.empty());
        assertThat(row.strings("tags")).containsExactly("a", "b");
        assertThat(row.strings("one")).containsExactly("x");
        assertThat(row.uuids("ref")).containsExactly(U1);
        assertThat(row.uuids("refs")).containsExactly(U1, U2);
        assertThat(row.uuids("error")).isEmpty();
        assertThatThrownBy(() -> row.uuids("tags")).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> ids = row.stringMap("ids");
        assertThat(ids).containsExactly(Map.entry("iface-id", "ep1"), Map.entry("attached-mac", "02:00:00:00:00:01"));
        assertThat(ids.get("iface-id")).isEqualTo("ep1");
        assertThat(ids.get("nope")).isNull();
        assertThat(ids).isEqualTo(Map.of("iface-id", "ep1", "attached-mac", "02:00:00:00:00:01"));
        assertThat(row.stringMap("opts")).isEmpty();
        assertThat(row.stringMap("byref")).containsEntry("k", U2);
        assertThat(row.stringMap("counts")).containsEntry("1", "2");
        assertThat(row.stringMap("absent")).isEmpty();
        assertThatThrownBy(() -> ids.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNewerVersionReplacesAndAddsColumns() {
        Row row = new Row("r1", json("{'name': 'a', 'ofport': ['set', []]}"));
        Row newer = row.with((ObjectNode) json("{'ofport': 3, 'extra': 'x'}"));
        assertThat(newer.columns()).isEqualTo(json("{'name': 'a', 'ofport': 3, 'extra': 'x'}"));
        assertThat(row.columns()).as("unchanged").isEqualTo(json("{'name': 'a', 'ofport': ['set', []]}"));
    }

    @Test
    void theReplicaKeepsTheDecodersRowItselfAndMergesPartialRows() {
        DatabaseSchema schema = DatabaseSchema.parse(json("{'name': 'T', 'tables': {'Thing': {'columns': {"
                + "'name': {'type': 'string'}, 'n': {'type': 'integer'}}}}}"));
        Update2Decoder decoder = new Update2Decoder(schema, Map.of("Thing", new MonitorRequest(List.of())));
        OvsdbReplica replica = new OvsdbReplica();
        TableUpdates insert = decoder.decode(json("{'Thing': {'u1': {'insert': {'name': 'x'}}}}"));
        replica.apply(insert);
        assertThat(replica.row("Thing", "u1")).isSameAs(insert.table("Thing").get(0).newRow());
        TableUpdates modify = decoder.decode(json("{'Thing': {'u1': {'modify': {'n': 4}}}}"));
        replica.apply(modify);
        assertThat(replica.row("Thing", "u1")).isSameAs(modify.table("Thing").get(0).newRow());
        assertThat(replica.row("Thing", "u1").columns()).isEqualTo(json("{'name': 'x', 'n': 4}"));

        // a server that sends only the changed columns in "new" (a plain monitor need not): merged over the old row
        replica.apply(TableUpdates.parse(json("{'Thing': {'u1': {'old': {'n': 4}, 'new': {'n': 5}}}}")));
        assertThat(replica.row("Thing", "u1").columns()).isEqualTo(json("{'name': 'x', 'n': 5}"));
        replica.apply(TableUpdates.parse(json("{'Thing': {'u1': {'old': {'n': 5}}}}")));
        assertThat(replica.row("Thing", "u1")).isNull();
    }
}
