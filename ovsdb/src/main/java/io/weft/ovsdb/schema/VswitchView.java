package io.weft.ovsdb.schema;

import io.weft.ovsdb.OvsdbReplica;
import io.weft.ovsdb.Row;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed, read-only navigation of an Open_vSwitch replica: root -> bridges -> ports -> interfaces. A record is made
 * on every read: rows are kept frozen ({@link Row}), so that costs a few small objects and no decoding (a host with
 * thousands of ports is re-read on every update, each plug bringing several). Not thread-safe: one view per
 * session, used under the session's lock.
 */
public final class VswitchView {
    private final OvsdbReplica replica;

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
                .map(PortRecord::from).toList();
    }

    public List<InterfaceRecord> interfaces(PortRecord port) {
        return port.interfaces().stream().map(u -> replica.row(VswitchSchema.INTERFACE, u)).filter(Objects::nonNull)
                .map(InterfaceRecord::from).toList();
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
