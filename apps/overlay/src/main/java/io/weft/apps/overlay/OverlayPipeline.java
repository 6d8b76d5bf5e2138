package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One network's part of one host's flows, put together from the per-table recipes ({@link ClassifierRecipes},
 * {@link PortSecurityRecipes}, {@link ArpResponderRecipes}, {@link L2ForwardingRecipes}): pure functions, no I/O,
 * no clock, no state, and no knowledge of the index they are fed from ({@code OverlayModel}; {@code DesiredFlows}
 * puts a whole host together). Only endpoints bound to an OVS port take part (an endpoint without a port cannot
 * send or receive). docs/pipeline.md documents every table and priority.
 */
public final class OverlayPipeline {
    private OverlayPipeline() {
    }

    /**
     * The flows every host has, whatever its networks: the table misses and the tunnel probe catcher. The misses
     * change nothing OpenFlow 1.3 would not do without them (drop); they make each table's end visible in a dump.
     */
    public static Map<Long, FlowSpec> baseFlows() {
        List<FlowSpec> flows = List.of(
                ClassifierRecipes.tunnelProbeCatcher(),
                miss(OverlayTable.CLASSIFIER),
                miss(OverlayTable.PORT_SECURITY),
                FlowSpec.builder().table(OverlayTable.ARP_RESPONDER.id()).priority(OverlayPriority.MISS)
                        .instructions(Instructions.gotoTable(OverlayTable.L2_FORWARDING.id())).build(),
                miss(OverlayTable.L2_FORWARDING),
                miss(OverlayTable.ROUTING));
        return stamp(flows, FlowStamper.UNCACHED);
    }

    /**
     * One network's part of one host's flows: empty unless an endpoint of the network is on the host, bound or
     * expected (no traffic of the network can reach a host without one). An expected endpoint has everything but
     * its port's own flows, so plugging it changes only those. Costs O(size of the network).
     *
     * @param members     the network's endpoints, wherever they are or are expected
     * @param remoteHosts tunnel IPs of the other hosts with members, by host name
     * @param stamper     gives each flow its content cookie (the same result whether it remembers or not)
     * @param memberFlows the per-member flows, stamped (likewise)
     */
    static HostFlows fragment(Network network, Collection<Located> members,
                              TreeMap<String, Integer> remoteHosts, String hostName, UnaryOperator<FlowSpec> stamper,
                              MemberFlows memberFlows) {
        List<Located> local = members.stream().filter(m -> m.host().equals(hostName)).toList();
        if (local.isEmpty()) {
            return HostFlows.EMPTY;
        }
        long vni = network.vni();
        List<FlowSpec> flows = new ArrayList<>();
        Map<Integer, GroupSpec> groups = new HashMap<>();
        flows.add(ClassifierRecipes.fromTunnel(vni));
        List<Located> ports = local.stream().filter(Located::bound).toList();
        for (Located l : ports) {
            flows.add(ClassifierRecipes.localPort(l, vni));
            flows.addAll(PortSecurityRecipes.ownAddressesOnly(l));
            flows.add(L2ForwardingRecipes.toLocal(l, vni));
        }
        List<FlowSpec> stampedMemberFlows = new ArrayList<>(2 * members.size());
        for (Located m : members) {
            addMemberFlows(stampedMemberFlows, vni, m, hostName, remoteHosts.get(m.host()), memberFlows);
        }
        long gatewayMac = MacAddress.fromIpv4(network.gateway());
        flows.add(ArpResponderRecipes.arpReply(vni, network.gateway(), gatewayMac));
        flows.add(L2ForwardingRecipes.gatewayGuard(vni, gatewayMac));
        flows.add(L2ForwardingRecipes.dnsToController(vni, network.gateway(), gatewayMac));
        flows.addAll(L2ForwardingRecipes.flooding(vni));
        groups.put((int) vni, L2ForwardingRecipes.floodAll(vni, ports, remoteHosts));
        groups.put((int) vni | PipelineMetadata.LOCAL_GROUP_FLAG, L2ForwardingRecipes.floodLocal(vni, ports));
        Map<Long, FlowSpec> byCookie = stamp(flows, stamper);
        stampedMemberFlows.forEach(f -> byCookie.put(f.cookie().value(), f));
        return new HostFlows(byCookie, groups);
    }

    /**
     * The flows member {@code m} puts on host {@code hostName} (stamped): its ARP reply, and, if it is on another
     * host with a tunnel IP ({@code remoteTunnelIp} non-null), the forwarding flow to that host. Everything else
     * in a host's part of a network depends on the host's own ports and on which hosts are in the network, never
     * on a remote member: so a remote member's change is exactly a change of these flows.
     */
    static void addMemberFlows(List<FlowSpec> out, long vni, Located m, String hostName, Integer remoteTunnelIp,
                               MemberFlows memberFlows) {
        out.add(memberFlows.arpReply(vni, m.endpoint().ip(), m.endpoint().mac()));
        if (!m.host().equals(hostName) && remoteTunnelIp != null) {
            out.add(memberFlows.toRemote(vni, m.endpoint().mac(), remoteTunnelIp));
        }
    }

    private static Map<Long, FlowSpec> stamp(List<FlowSpec> flows, UnaryOperator<FlowSpec> stamper) {
        Map<Long, FlowSpec> byCookie = new HashMap<>();
        for (FlowSpec f : flows) {
            FlowSpec stamped = stamper.apply(f);
            byCookie.put(stamped.cookie().value(), stamped);
        }
        return byCookie;
    }

    private static FlowSpec miss(OverlayTable table) {
        return FlowSpec.builder().table(table.id()).priority(OverlayPriority.MISS).build();
    }
}
