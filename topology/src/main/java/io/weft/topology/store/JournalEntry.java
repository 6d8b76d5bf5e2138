package io.weft.topology.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One journal entry. A journal file is a snapshot section, {@code SNAPSHOT}, a {@code PUT} per live row and a
 * {@code CHECKPOINT} counting them, followed by the {@code PUT}s and {@code REMOVE}s written since.
 *
 * @param row the row's JSON, for {@code PUT}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(Op op, String table, String key, @JsonRawValue String row, Long generation, Integer rows) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    enum Op { SNAPSHOT, PUT, REMOVE, CHECKPOINT }

    static JournalEntry snapshot(long generation) {
        return new JournalEntry(Op.SNAPSHOT, null, null, null, generation, null);
    }

    static JournalEntry checkpoint(long generation, int rows) {
        return new JournalEntry(Op.CHECKPOINT, null, null, null, generation, rows);
    }

    static JournalEntry put(String table, String key, String row) {
        return new JournalEntry(Op.PUT, table, key, row, null, null);
    }

    static JournalEntry remove(String table, String key) {
        return new JournalEntry(Op.REMOVE, table, key, null, null, null);
    }

    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a payload; an entry that is not one of ours is reported as what it is, not guessed at. */
    static JournalEntry parse(byte[] payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("entry is not JSON: " + e.getMessage());
        }
        Op op;
        try {
            op = Op.valueOf(node.path("op").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown entry op '" + node.path("op").asText() + "'");
        }
        JsonNode row = node.get("row");
        JournalEntry entry = new JournalEntry(op, text(node, "table"), text(node, "key"),
                row == null ? null : row.toString(),
                node.has("generation") ? node.get("generation").asLong() : null,
                node.has("rows") ? node.get("rows").asInt() : null);
        entry.requireFields();
        return entry;
    }

    private void requireFields() {
        boolean complete = switch (op) {
            case SNAPSHOT -> generation != null;
            case CHECKPOINT -> generation != null && rows != null;
            case PUT -> table != null && key != null && row != null;
            case REMOVE -> table != null && key != null;
        };
        if (!complete) {
            throw new IllegalArgumentException(op + " entry with missing fields");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
