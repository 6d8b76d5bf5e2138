package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.TableId;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** Counts {@code flows} by table, none of them confirmed (a host whose switch is not connected). */
    static SortedMap<TableId, TableFlowCount> noneConfirmed(HostFlows flows) {
        SortedMap<TableId, TableFlowCount> result = new TreeMap<>();
        countByTable(flows).forEach((t, n) -> result.put(t, new TableFlowCount(t, n, 0)));
        return result;
    }
}
