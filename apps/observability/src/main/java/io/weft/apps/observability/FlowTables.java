package io.weft.apps.observability;

import io.weft.apps.overlay.HostFlows;
import io.weft.apps.overlay.OverlayApp;
import io.weft.apps.overlay.OverlayTable;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.OfctlFormat;
import io.weft.controller.flow.TableId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import io.weft.apps.rest.Diagnostics;

/**
 * {@code GET /api/v1/hosts/{host}/flow-tables} ({@code weft flows}): a host's desired flows by table in pipeline
 * order, each table with its name and purpose, its flows by priority (highest first, as OVS looks them up), each
 * with whether the switch confirmed it; then the groups.
 */
public final class FlowTables implements Diagnostics.FlowTablesSource {
    public record View(String host, List<Table> tables, List<String> groups) {
    }

    public record Table(int table, String name, String purpose, List<Flow> flows) {
    }

    public record Flow(int priority, String match, String actions, String cookie, boolean confirmed) {
    }

    private final OverlayApp overlay;

    public FlowTables(OverlayApp overlay) {
        this.overlay = Objects.requireNonNull(overlay, "overlay");
    }

    @Override
    public Optional<Object> tablesOf(String host) {
        return Optional.of(Inspections.await(overlay.inspect(view -> of(host, view.desired(host),
                cookie -> view.confirmed(host, cookie)))));
    }

    static View of(String host, HostFlows flows, java.util.function.LongPredicate confirmed) {
        Map<TableId, List<FlowSpec>> byTable = new TreeMap<>();
        flows.flows().values().forEach(f -> byTable.computeIfAbsent(f.table(), t -> new ArrayList<>()).add(f));
        List<Table> tables = new ArrayList<>();
        byTable.forEach((id, list) -> {
            // Each flow formatted once, then sorted: formatting inside the comparator cost n log n formattings.
            List<Flow> rows = new ArrayList<>(list.size());
            for (FlowSpec f : list) {
                rows.add(new Flow(f.priority().value(), OfctlFormat.match(f.match()),
                        OfctlFormat.instructions(f.instructions()), "0x" + Long.toHexString(f.cookie().value()),
                        confirmed.test(f.cookie().value())));
            }
            rows.sort(Comparator.comparingInt((Flow f) -> -f.priority()).thenComparing(Flow::match));
            tables.add(new Table(id.value(), OverlayTable.nameOf(id),
                    OverlayTable.of(id).map(OverlayTable::purpose).orElse(""), rows));
        });
        List<String> groups = new TreeMap<>(flows.groups()).values().stream().map(OfctlFormat::group).toList();
        return new View(host, tables, groups);
    }
}
