package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.TableId;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/** How many flows one table of a host should hold, and how many of them its switch has confirmed. */
public record TableFlowCount(TableId table, int desired, int confirmed) {

    /** How many flows each table holds. */
    static SortedMap<TableId, Integer> countByTable(HostFlows flows) {
        SortedMap<TableId, Integer> counts = new TreeMap<>();
        for (FlowSpec f : flows.flows().values()) {
            counts.merge(f.table(), 1, Integer::sum);
        }
        return counts;
    }

    /** Counts {@code flows} by table; {@code isConfirmed} says of a flow's cookie whether the switch confirmed it. */
    static SortedMap<TableId, TableFlowCount> of(HostFlows flows, LongPredicate isConfirmed) {
        SortedMap<TableId, int[]> counts = new TreeMap<>();
        for (FlowSpec f : flows.flows().values()) {
            int[] c = counts.computeIfAbsent(f.table(), t -> new int[2]);
            c[0]++;
            if (isConfirmed.test(f.cookie().value())) {
                c[1]++;
            }
        }
        SortedMap<TableId, TableFlowCount> result = new TreeMap<>();
        counts.forEach((t, c) -> result.put(t, new TableFlowCount(t, c[0], c[1])));
        return result;
    }
}
