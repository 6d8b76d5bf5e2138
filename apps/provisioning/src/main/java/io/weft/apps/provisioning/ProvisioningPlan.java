package io.weft.apps.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weft.ovsdb.Atoms;
import io.weft.ovsdb.Condition;
import io.weft.ovsdb.Mutation;
import io.weft.ovsdb.Operation;
import io.weft.ovsdb.schema.BridgeRecord;
import io.weft.ovsdb.schema.ControllerRecord;
import io.weft.ovsdb.schema.InterfaceRecord;
import io.weft.ovsdb.schema.ManagerRecord;
import io.weft.ovsdb.schema.OpenVSwitchRecord;
import io.weft.ovsdb.schema.PortRecord;
import io.weft.ovsdb.schema.VswitchSchema;
import io.weft.ovsdb.schema.VswitchView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The OVSDB operations that bring a host from what its replica shows to {@link DesiredHostConfig}:
 * a pure function, empty when the host is already right (so provisioning is idempotent and a
 * reconnect sends nothing). It only creates or updates br-int and Weft's tunnel port; it never
 * deletes a bridge or port, and never touches other bridges.
 */
final class ProvisioningPlan {
    private ProvisioningPlan() {
    }

    static List<Operation> plan(VswitchView view, DesiredHostConfig desired) {
        Optional<OpenVSwitchRecord> root = view.root();
        if (root.isEmpty()) {
            return List.of();
        }
        Optional<BridgeRecord> bridge = view.bridge(HostJoinContract.BRIDGE);
        if (bridge.isEmpty()) {
            return createBridge(view, root.get(), desired);
        }
        List<Operation> ops = new ArrayList<>();
        BridgeRecord br = bridge.get();
        updateBridge(br, desired).ifPresent(ops::add);
        ops.addAll(controller(view, br, desired));
        ops.addAll(tunnel(view, br, desired));
        ops.addAll(managerBackoff(view, desired));
        return ops;
    }

    private static List<Operation> createBridge(VswitchView view, OpenVSwitchRecord root, DesiredHostConfig desired) {
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation.Insert(VswitchSchema.INTERFACE, Map.of(
                "name", TextNode.valueOf(HostJoinContract.BRIDGE),
                "type", TextNode.valueOf("internal")), "local_iface"));
        ops.add(new Operation.Insert(VswitchSchema.PORT, Map.of(
                "name", TextNode.valueOf(HostJoinContract.BRIDGE),
                "interfaces", Atoms.namedUuid("local_iface")), "local_port"));
        ops.addAll(tunnelInserts(desired));
        List<String> targets = desired.controllerTargets();
        for (int i = 0; i < targets.size(); i++) {
            ops.add(new Operation.Insert(VswitchSchema.CONTROLLER, controllerColumns(targets.get(i)), "controller" + i));
        }
        ops.addAll(managerBackoff(view, desired));
        Map<String, JsonNode> bridge = new HashMap<>(bridgeSettings(Map.of(), Map.of(), desired));
        bridge.put("name", TextNode.valueOf(HostJoinContract.BRIDGE));
        bridge.put("ports", Atoms.set(List.of(Atoms.namedUuid("local_port"), Atoms.namedUuid("tunnel_port"))));
        bridge.put("controller", Atoms.set(java.util.stream.IntStream.range(0, targets.size())
                .mapToObj(i -> Atoms.namedUuid("controller" + i)).toList()));
        ops.add(new Operation.Insert(VswitchSchema.BRIDGE, bridge, "bridge"));
        ops.add(new Operation.Mutate(VswitchSchema.OPEN_VSWITCH, List.of(Condition.uuidIs(root.uuid())),
                List.of(Mutation.insert("bridges", Atoms.namedUuid("bridge")))));
        ops.add(new Operation.Comment("weft: provision " + HostJoinContract.BRIDGE));
        return ops;
    }

    /** Bridge columns Weft sets; maps keep keys that others put there. */
    private static Map<String, JsonNode> bridgeSettings(Map<String, String> otherConfig, Map<String, String> externalIds,
                                                        DesiredHostConfig desired) {
        Map<String, JsonNode> row = new LinkedHashMap<>();
        row.put("datapath_type", TextNode.valueOf(desired.datapathType()));
        row.put("fail_mode", TextNode.valueOf(DesiredHostConfig.FAIL_MODE));
        row.put("protocols", Atoms.stringSet(DesiredHostConfig.PROTOCOLS));
        row.put("other_config", Atoms.stringMap(withOurs(otherConfig, "disable-in-band", "true")));
        row.put("external_ids", Atoms.stringMap(withOurs(externalIds, HostJoinContract.OWNER_KEY, "true")));
        return row;
    }

    private static Map<String, String> withOurs(Map<String, String> theirs, String key, String value) {
        Map<String, String> merged = new HashMap<>(theirs);
        merged.put(key, value);
        return merged;
    }

    private static Optional<Operation> updateBridge(BridgeRecord br, DesiredHostConfig desired) {
        boolean same = desired.datapathType().equals(nullToEmpty(br.datapathType()))
                && DesiredHostConfig.FAIL_MODE.equals(br.failMode())
                && br.protocols().size() == DesiredHostConfig.PROTOCOLS.size()
                && br.protocols().containsAll(DesiredHostConfig.PROTOCOLS)
                && "true".equals(br.otherConfig().get("disable-in-band"))
                && "true".equals(br.externalIds().get(HostJoinContract.OWNER_KEY));
        if (same) {
            return Optional.empty();
        }
        return Optional.of(new Operation.Update(VswitchSchema.BRIDGE, List.of(Condition.uuidIs(br.uuid())),
                bridgeSettings(br.otherConfig(), br.externalIds(), desired)));
    }

    /**
     * One Controller row per desired target. Rows whose target is wanted are kept (a new row would cut their
     * OpenFlow connection) and only get their backoff set if it is missing; rows for other targets are dropped
     * (they are not root rows) and rows for missing targets inserted, in one update of the bridge's set.
     */
    private static List<Operation> controller(VswitchView view, BridgeRecord br, DesiredHostConfig desired) {
        List<Operation> ops = new ArrayList<>();
        List<JsonNode> keep = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        boolean dropped = false;
        for (ControllerRecord controller : view.controllers(br)) {
            if (!desired.controllerTargets().contains(controller.target()) || !present.add(controller.target())) {
                dropped = true;
                continue;
            }
            keep.add(Atoms.uuid(controller.uuid()));
            if (!controller.maxBackoff().equals(OptionalLong.of(DesiredHostConfig.RECONNECT_BACKOFF_MS))) {
                // Updated in place, not replaced: OVS keeps the OpenFlow connection when only its settings change.
                ops.add(new Operation.Update(VswitchSchema.CONTROLLER, List.of(Condition.uuidIs(controller.uuid())),
                        Map.of("max_backoff", LongNode.valueOf(DesiredHostConfig.RECONNECT_BACKOFF_MS))));
            }
        }
        List<String> missing = desired.controllerTargets().stream().filter(t -> !present.contains(t)).toList();
        for (int i = 0; i < missing.size(); i++) {
            ops.add(new Operation.Insert(VswitchSchema.CONTROLLER, controllerColumns(missing.get(i)), "controller" + i));
            keep.add(Atoms.namedUuid("controller" + i));
        }
        if (dropped || !missing.isEmpty()) {
            ops.add(new Operation.Update(VswitchSchema.BRIDGE, List.of(Condition.uuidIs(br.uuid())),
                    Map.of("controller", Atoms.set(keep))));
        }
        return ops;
    }

    private static Map<String, JsonNode> controllerColumns(String target) {
        return Map.of("target", TextNode.valueOf(target),
                "max_backoff", LongNode.valueOf(DesiredHostConfig.RECONNECT_BACKOFF_MS));
    }

    /**
     * The host's manager connection retries as soon as the OpenFlow one. Only when the host has exactly one active
     * manager target ({@code ssl:} or {@code tcp:}): that one is how it reached Weft. With several, which is Weft's
     * is not known here, and others' settings are left alone, except in a cluster, whose hosts list its members.
     */
    private static List<Operation> managerBackoff(VswitchView view, DesiredHostConfig desired) {
        List<ManagerRecord> active = view.managers().stream()
                .filter(m -> m.target() != null && (m.target().startsWith("ssl:") || m.target().startsWith("tcp:")))
                .toList();
        if (desired.everyManagerIsOurs()) {
            // A cluster: each manager is one of its controllers.
            return active.stream()
                    .filter(m -> !m.maxBackoff().equals(OptionalLong.of(DesiredHostConfig.RECONNECT_BACKOFF_MS)))
                    .<Operation>map(m -> new Operation.Update(VswitchSchema.MANAGER, List.of(Condition.uuidIs(m.uuid())),
                            Map.of("max_backoff", LongNode.valueOf(DesiredHostConfig.RECONNECT_BACKOFF_MS))))
                    .toList();
        }
        if (active.size() != 1
                || active.get(0).maxBackoff().equals(OptionalLong.of(DesiredHostConfig.RECONNECT_BACKOFF_MS))) {
            return List.of();
        }
        return List.of(new Operation.Update(VswitchSchema.MANAGER, List.of(Condition.uuidIs(active.get(0).uuid())),
                Map.of("max_backoff", LongNode.valueOf(DesiredHostConfig.RECONNECT_BACKOFF_MS))));
    }

    private static List<Operation> tunnel(VswitchView view, BridgeRecord br, DesiredHostConfig desired) {
        Optional<PortRecord> port = view.ports(br).stream()
                .filter(p -> HostJoinContract.TUNNEL_PORT.equals(p.name())).findFirst();
        if (port.isEmpty()) {
            List<Operation> ops = new ArrayList<>(tunnelInserts(desired));
            ops.add(new Operation.Mutate(VswitchSchema.BRIDGE, List.of(Condition.uuidIs(br.uuid())),
                    List.of(Mutation.insert("ports", Atoms.namedUuid("tunnel_port")))));
            return ops;
        }
        List<Operation> ops = new ArrayList<>();
        for (InterfaceRecord iface : view.interfaces(port.get())) {
            if (!"vxlan".equals(iface.type()) || !desired.tunnelOptions().equals(iface.options())) {
                ops.add(new Operation.Update(VswitchSchema.INTERFACE, List.of(Condition.uuidIs(iface.uuid())),
                        tunnelInterfaceColumns(desired)));
            }
        }
        return ops;
    }

    private static List<Operation> tunnelInserts(DesiredHostConfig desired) {
        Map<String, JsonNode> iface = new HashMap<>(tunnelInterfaceColumns(desired));
        iface.put("name", TextNode.valueOf(HostJoinContract.TUNNEL_PORT));
        iface.put("ofport_request", IntNode.valueOf((int) HostJoinContract.TUNNEL_OFPORT));
        return List.of(
                new Operation.Insert(VswitchSchema.INTERFACE, iface, "tunnel_iface"),
                new Operation.Insert(VswitchSchema.PORT, Map.of(
                        "name", TextNode.valueOf(HostJoinContract.TUNNEL_PORT),
                        "interfaces", Atoms.namedUuid("tunnel_iface"),
                        "external_ids", Atoms.stringMap(Map.of(HostJoinContract.OWNER_KEY, "true"))), "tunnel_port"));
    }

    private static Map<String, JsonNode> tunnelInterfaceColumns(DesiredHostConfig desired) {
        return Map.of("type", TextNode.valueOf("vxlan"), "options", Atoms.stringMap(desired.tunnelOptions()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
