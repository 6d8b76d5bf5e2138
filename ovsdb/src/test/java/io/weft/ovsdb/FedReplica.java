package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A replica fed by one monitor, for tests. Updates that arrive before the initial contents have been
 * applied (the test thread may see the reply after the I/O thread has delivered later updates) are
 * held back and applied after them, so the replica sees the server's order.
 */
final class FedReplica {
    private final OvsdbReplica replica = new OvsdbReplica();
    private final List<TableUpdates> early = new ArrayList<>();
    private boolean initialized;
    private int updates;

    synchronized void update(TableUpdates u) {
        updates++;
        if (initialized) {
            replica.apply(u);
        } else {
            early.add(u);
        }
    }

    synchronized void initial(TableUpdates u) {
        replica.apply(u);
        early.forEach(replica::apply);
        early.clear();
        initialized = true;
    }

    synchronized int updates() {
        return updates;
    }

    synchronized int size(String table) {
        return replica.size(table);
    }

    synchronized <T> T read(java.util.function.Function<OvsdbReplica, T> f) {
        return f.apply(replica);
    }

    /** The monitored tables, every value normalised so that encodings of the same value compare equal. */
    synchronized Map<String, Map<String, Map<String, JsonNode>>> snapshot(Iterable<String> tables) {
        Map<String, Map<String, Map<String, JsonNode>>> out = new TreeMap<>();
        for (String table : tables) {
            Map<String, Map<String, JsonNode>> rows = new TreeMap<>();
            replica.table(table).forEach((uuid, row) -> {
                Map<String, JsonNode> columns = new TreeMap<>();
                row.columns().fields().forEachRemaining(c -> columns.put(c.getKey(), normalise(c.getValue())));
                rows.put(uuid, columns);
            });
            out.put(table, rows);
        }
        return out;
    }

    /** A one-element set as its bare atom; set members and map pairs in a fixed order. */
    static JsonNode normalise(JsonNode v) {
        if (v.isArray() && v.size() == 2 && v.get(1).isArray()) {
            String tag = v.get(0).asText();
            if ("set".equals(tag) || "map".equals(tag)) {
                List<JsonNode> members = new ArrayList<>();
                v.get(1).forEach(members::add);
                members.sort(Comparator.comparing(JsonNode::toString));
                if ("set".equals(tag) && members.size() == 1) {
                    return members.get(0);
                }
                return Json.array().add(tag).add(Json.array().addAll(members));
            }
        }
        return v;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
