package io.weft.topology.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of {@link CrashWorkload} printed before it was killed, by client: the writes it acknowledged, in
 * order, and the one it had begun without an answer, if any.
 */
final class CrashHistory {
    /** A write: its table and key ("*" for an endpoint not created yet) and what it leaves there. */
    record Write(String table, String key, String mode, String expected) {
    }

    /** An acknowledged write's outcome: the row now under {@code key}, or "-" for none. */
    record Ack(String table, String key, String row) {
    }

    private final Map<Integer, List<Ack>> acks = new HashMap<>();
    private final Map<Integer, Write> inFlight = new HashMap<>();
    private int lines;

    static CrashHistory parse(List<String> output) {
        CrashHistory history = new CrashHistory();
        for (String line : output) {
            String[] f = line.split("\t", 7);
            switch (f[0]) {
                case "BEGIN" -> history.inFlight.put(Integer.parseInt(f[1]), new Write(f[3], f[4], f[5], f[6]));
                case "ACK" -> {
                    int client = Integer.parseInt(f[1]);
                    history.inFlight.remove(client);
                    history.acks.computeIfAbsent(client, c -> new ArrayList<>()).add(new Ack(f[3], f[4], f[5]));
                }
                case "FAIL" -> history.inFlight.remove(Integer.parseInt(f[1]));
                case "READY" -> { }
                default -> {
                    continue; // a log line, or one cut by the kill
                }
            }
            history.lines++;
        }
        return history;
    }

    List<Ack> acks(int client) {
        return acks.getOrDefault(client, List.of());
    }

    Optional<Write> inFlight(int client) {
        return Optional.ofNullable(inFlight.get(client));
    }

    int acknowledged() {
        return acks.values().stream().mapToInt(List::size).sum();
    }

    int lines() {
        return lines;
    }
}
