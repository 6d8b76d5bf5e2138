package io.weft.ovsdb.schema;

import io.weft.ovsdb.OvsdbReplica;
import io.weft.ovsdb.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, read-only navigation of an Open_vSwitch replica: root -> bridges -> ports -> interfaces. Decoded Port
 * and Interface records are kept per row version: a host with thousands of ports is re-read on every update
 * (each plug brings several), and decoding every row from JSON each time was most of the controller's CPU at
 * 1,000 ports a host. Not thread-safe: one view per session, used under the session's lock.
 */
public final class VswitchView {
    private final OvsdbReplica replica;
    private final Decoded<PortRecord> ports = new Decoded<>(VswitchSchema.PORT, PortRecord::from);
    private final Decoded<InterfaceRecord> interfaces = new Decoded<>(VswitchSchema.INTERFACE, InterfaceRecord::from);

    /** A row's decoded record, valid while the replica holds that very row object (updates replace rows). */
    private final class Decoded<T> {
        private final String table;
        private final Function<Row, T> decode;
        private final Map<String, Map.Entry<Row, T>> byUuid = new HashMap<>();

        Decoded(String table, Function<Row, T> decode) {
            this.table = table;
            this.decode = decode;
        }

        T of(Row row) {
            Map.Entry<Row, T> cached = byUuid.get(row.uuid());
            if (cached != null && cached.getKey() == row) {
                return cached.getValue();
            }
            if (byUuid.size() > 2 * replica.size(table) + 64) {
                byUuid.clear(); // rows deleted from the replica: drop their records
            }
            T record = decode.apply(row);
            byUuid.put(row.uuid(), Map.entry(row, record));
            return record;
        }
    }

    public VswitchView(OvsdbReplica replica) {
        this.replica = replica;
    }

    public Optional<OpenVSwitchRecord> root() {
        return replica.table(VswitchSchema.OPEN_VSWITCH).values().stream().findFirst().map(OpenVSwitchRecord::from);
    }

    public List<BridgeRecord> bridges() {
        return replica.table(VswitchSchema.BRIDGE).values().stream().map(BridgeRecord::from).toList();
    }

    public Optional<BridgeRecord> bridge(String name) {
        return bridges().stream().filter(b -> name.equals(b.name())).findFirst();
    }

    public List<PortRecord> ports(BridgeRecord bridge) {
        return bridge.ports().stream().map(u -> replica.row(VswitchSchema.PORT, u)).filter(Objects::nonNull)
                .map(ports::of).toList();
    }

    public List<InterfaceRecord> interfaces(PortRecord port) {
        return port.interfaces().stream().map(u -> replica.row(VswitchSchema.INTERFACE, u)).filter(Objects::nonNull)
                .map(interfaces::of).toList();
    }

    /** All interfaces of all ports of a bridge. */
    public List<InterfaceRecord> interfaces(BridgeRecord bridge) {
        return ports(bridge).stream().flatMap(p -> interfaces(p).stream()).toList();
    }

    /** The manager targets of the root row (how this host's ovsdb-server reaches its managers). */
    public List<ManagerRecord> managers() {
        return root().map(OpenVSwitchRecord::managerOptions).orElse(List.of()).stream()
                .map(u -> replica.row(VswitchSchema.MANAGER, u)).filter(Objects::nonNull).map(ManagerRecord::from)
                .toList();
    }

    public List<ControllerRecord> controllers(BridgeRecord bridge) {
        return bridge.controllers().stream().map(u -> replica.row(VswitchSchema.CONTROLLER, u))
                .filter(Objects::nonNull).map(ControllerRecord::from).toList();
    }
}
