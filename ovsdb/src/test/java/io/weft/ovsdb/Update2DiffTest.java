package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** update2 modify diffs applied to each kind of column, and the decoder that keeps full rows. */
class Update2DiffTest {
    private static final String SCHEMA = """
            {"name": "T", "tables": {"Thing": {"columns": {
              "name": {"type": "string"},
              "count": {"type": {"key": "integer"}},
              "flag": {"type": "boolean"},
              "maybe": {"type": {"key": "integer", "min": 0, "max": 1}},
              "tags": {"type": {"key": "string", "min": 0, "max": "unlimited"}},
              "refs": {"type": {"key": {"type": "uuid", "refTable": "Thing"}, "min": 0, "max": "unlimited"}},
              "ids": {"type": {"key": "string", "value": "string", "min": 0, "max": "unlimited"}},
              "one": {"type": {"key": "string", "value": "string", "min": 0, "max": 1}}
            }}}}""";

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static final DatabaseSchema THINGS = DatabaseSchema.parse(json(SCHEMA));

    private static ColumnType type(String column) {
        return THINGS.column("Thing", column);
    }

    @Test
    void columnKindsAndDefaultsComeFromTheSchema() {
        assertThat(type("name")).isEqualTo(new ColumnType(ColumnType.Kind.SCALAR, false, json("''")));
        assertThat(type("count")).isEqualTo(new ColumnType(ColumnType.Kind.SCALAR, false, json("0")));
        assertThat(type("flag").defaultValue()).isEqualTo(json("false"));
        assertThat(type("maybe")).isEqualTo(new ColumnType(ColumnType.Kind.SET, false, json("['set', []]")));
        assertThat(type("tags")).isEqualTo(new ColumnType(ColumnType.Kind.SET, true, json("['set', []]")));
        assertThat(type("refs").composite()).isTrue();
        assertThat(type("ids")).isEqualTo(new ColumnType(ColumnType.Kind.MAP, true, json("['map', []]")));
    }

    @Test
    void scalarDiffIsTheNewValue() {
        assertThat(Update2Diff.apply(type("name"), json("'a'"), json("'b'"))).isEqualTo(json("'b'"));
        assertThat(Update2Diff.apply(type("count"), json("1"), json("7"))).isEqualTo(json("7"));
        // a column the schema does not know is replaced too
        assertThat(Update2Diff.apply(null, json("1"), json("2"))).isEqualTo(json("2"));
    }

    @Test
    void optionalValueIsEncodedAsASetButSentWhole() {
        // ovsdb-server diffs only columns with max > 1; an optional value's diff is its new value
        assertThat(Update2Diff.apply(type("maybe"), json("['set', []]"), json("5"))).isEqualTo(json("5"));
        assertThat(Update2Diff.apply(type("maybe"), json("5"), json("6"))).isEqualTo(json("6"));
        assertThat(Update2Diff.apply(type("maybe"), json("5"), json("['set', []]"))).isEqualTo(json("['set', []]"));
    }

    @Test
    void setDiffIsTheSymmetricDifferenceAndMayBeABareAtom() {
        JsonNode tags = json("['set', ['a', 'b']]");
        assertThat(Update2Diff.apply(type("tags"), tags, json("'c'"))).isEqualTo(json("['set', ['a', 'b', 'c']]"));
        assertThat(Update2Diff.apply(type("tags"), tags, json("'a'"))).isEqualTo(json("'b'"));
        assertThat(Update2Diff.apply(type("tags"), tags, json("['set', ['a', 'c']]")))
                .isEqualTo(json("['set', ['b', 'c']]"));
        assertThat(Update2Diff.apply(type("tags"), json("'b'"), json("'b'"))).isEqualTo(json("['set', []]"));
        // no previous value: the default, the empty set
        assertThat(Update2Diff.apply(type("tags"), null, json("'x'"))).isEqualTo(json("'x'"));

        JsonNode refs = json("['uuid', 'u1']");
        assertThat(Update2Diff.apply(type("refs"), refs, json("['uuid', 'u2']")))
                .isEqualTo(json("['set', [['uuid', 'u1'], ['uuid', 'u2']]]"));
        assertThat(Update2Diff.apply(type("refs"), json("['set', [['uuid', 'u1'], ['uuid', 'u2']]]"),
                json("['uuid', 'u1']"))).isEqualTo(json("['uuid', 'u2']"));
    }

    @Test
    void mapDiffAddsNewKeysRemovesEqualPairsAndReplacesChangedValues() {
        JsonNode ids = json("['map', [['a', '1'], ['b', '2'], ['c', '3']]]");
        JsonNode diff = json("['map', [['a', '1'], ['b', '20'], ['d', '4']]]");
        JsonNode result = Update2Diff.apply(type("ids"), ids, diff);
        assertThat(Atoms.stringMapOf(result)).isEqualTo(Map.of("b", "20", "c", "3", "d", "4"));
        assertThat(Update2Diff.apply(type("ids"), json("['map', [['a', '1']]]"), json("['map', [['a', '1']]]")))
                .isEqualTo(json("['map', []]"));
        assertThatThrownBy(() -> Update2Diff.apply(type("ids"), ids, json("'a'")))
                .isInstanceOf(IllegalArgumentException.class);
        // a map of at most one pair is not composite: sent whole
        assertThat(Update2Diff.apply(type("one"), json("['map', [['a', '1']]]"), json("['map', [['b', '2']]]")))
                .isEqualTo(json("['map', [['b', '2']]]"));
    }

    @Test
    void decoderTurnsUpdate2IntoFullRowsLikeAPlainMonitor() {
        Update2Decoder decoder = new Update2Decoder(THINGS, Map.of("Thing",
                new MonitorRequest(List.of("name", "count", "maybe", "tags", "ids"))));
        // initial rows leave out default-valued columns
        TableUpdates initial = decoder.decode(json("{'Thing': {'u1': {'initial': {'name': 'one', 'tags': 'a'}}}}"));
        RowUpdate first = initial.table("Thing").get(0);
        assertThat(first.isInsert()).isTrue();
        assertThat(first.newColumns()).isEqualTo(json(
                "{'name': 'one', 'count': 0, 'maybe': ['set', []], 'tags': 'a', 'ids': ['map', []]}"));

        TableUpdates modify = decoder.decode(json(
                "{'Thing': {'u1': {'modify': {'count': 3, 'tags': 'b', 'ids': ['map', [['k', 'v']]]}}}}"));
        RowUpdate changed = modify.table("Thing").get(0);
        assertThat(changed.oldColumns()).isEqualTo(json("{'count': 0, 'tags': 'a', 'ids': ['map', []]}"));
        assertThat(changed.newColumns()).isEqualTo(json("{'name': 'one', 'count': 3, 'maybe': ['set', []],"
                + " 'tags': ['set', ['a', 'b']], 'ids': ['map', [['k', 'v']]]}"));

        // the next diff applies to the row as modified, not as first sent
        RowUpdate again = decoder.decode(json("{'Thing': {'u1': {'modify': {'tags': 'a', 'ids': ['map', [['k', 'w']]]}}}}"))
                .table("Thing").get(0);
        assertThat(again.newColumns().get("tags")).isEqualTo(json("'b'"));
        assertThat(again.newColumns().get("ids")).isEqualTo(json("['map', [['k', 'w']]]"));

        RowUpdate deleted = decoder.decode(json("{'Thing': {'u1': {'delete': null}}}")).table("Thing").get(0);
        assertThat(deleted.isDelete()).isTrue();
        assertThat(deleted.oldColumns().get("name")).isEqualTo(json("'one'"));

        // a modify of a row the decoder never saw means it has diverged from the server
        assertThatThrownBy(() -> decoder.decode(json("{'Thing': {'u1': {'modify': {'count': 4}}}}")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replicaFedByTheDecoderHoldsTheFullRows() {
        Update2Decoder decoder = new Update2Decoder(THINGS, Map.of("Thing", new MonitorRequest(List.of())));
        OvsdbReplica replica = new OvsdbReplica();
        replica.apply(decoder.decode(json("{'Thing': {'u1': {'insert': {'name': 'x'}}}}")));
        String ref = "0c1f1c1e-5bd4-4f6e-9c1a-2f0e1b3a4d5c";
        replica.apply(decoder.decode(json("{'Thing': {'u1': {'modify': {'flag': true, 'refs': ['uuid', '" + ref
                + "']}}}}")));
        Row row = replica.row("Thing", "u1");
        assertThat(row.string("name")).isEqualTo("x");
        assertThat(row.get("flag").asBoolean()).isTrue();
        assertThat(row.uuids("refs")).containsExactly(ref);
        assertThat(row.strings("tags")).isEmpty();
        assertThat(row.columns().size()).isEqualTo(8);
    }
}
