package io.weft.apps.overlay;

import io.weft.apps.provisioning.HostJoinContract;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;
import io.weft.topology.Endpoint;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The recipes of the overlay's flows, table by table, for one network's part of one host: pure functions, no I/O,
 * no clock, no state, and no knowledge of the index they are fed from ({@link OverlayModel}; {@link DesiredFlows}
 * puts a whole host together). Only endpoints bound to an OVS port take part (an endpoint without a port cannot
 * send or receive). docs/pipeline.md documents every table and priority.
 */
public final class OverlayPipeline {
    /** metadata bits 0-23: the network's VNI. */
    static final long NETWORK_MASK = 0xff_ffffL;
    /** metadata bit 32: the frame came in from the tunnel (split horizon: never back out to it). */
    static final long FROM_TUNNEL = 1L << 32;
    static final long METADATA_MASK = NETWORK_MASK | FROM_TUNNEL;
    /** Group ids: VNI for the network's flood-to-all group, VNI | this for its local-only group. */
    static final int LOCAL_GROUP_FLAG = 0x0100_0000;
    private static final long MULTICAST_BIT = 0x0100_0000_0000L;
    private static final PortNumber TUNNEL = PortNumber.of(HostJoinContract.TUNNEL_OFPORT);

    private OverlayPipeline() {
    }

    /**
     * The flows every host has, whatever its networks: the table misses and the tunnel probe catcher. The misses
     * change nothing OpenFlow 1.3 would not do without them (drop); they make each table's end visible in a dump.
     */
    public static Map<Long, FlowSpec> baseFlows() {
        List<FlowSpec> flows = List.of(
                tunnelProbeCatcher(),
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
    static HostFlows fragment(Network network, java.util.Collection<Located> members,
                              TreeMap<String, Integer> remoteHosts, String hostName, UnaryOperator<FlowSpec> stamper,
                              MemberFlows memberFlows) {
        List<Located> local = members.stream().filter(m -> m.host().equals(hostName)).toList();
        if (local.isEmpty()) {
            return HostFlows.EMPTY;
        }
        long vni = network.vni();
        List<FlowSpec> flows = new ArrayList<>();
        Map<Integer, GroupSpec> groups = new HashMap<>();
        flows.add(fromTunnel(vni));
        List<Located> ports = local.stream().filter(Located::bound).toList();
        for (Located l : ports) {
            flows.addAll(localEndpoint(l, vni));
        }
        List<FlowSpec> stampedMemberFlows = new ArrayList<>(2 * members.size());
        for (Located m : members) {
            addMemberFlows(stampedMemberFlows, vni, m, hostName, remoteHosts.get(m.host()), memberFlows);
        }
        long gatewayMac = MacAddress.fromIpv4(network.gateway());
        flows.add(arpReply(vni, network.gateway(), gatewayMac));
        flows.add(FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.GUARD)
                .match(Match.builder().metadata(vni, NETWORK_MASK).ethDst(gatewayMac).build()).build());
        flows.add(dnsToController(vni, network.gateway(), gatewayMac));
        flows.addAll(flooding(vni));
        groups.put((int) vni, floodAll(vni, ports, remoteHosts));
        groups.put((int) vni | LOCAL_GROUP_FLAG, floodLocal(vni, ports));
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

    /**
     * An endpoint where it really is (the host and port OVS reported for its iface-id), or, before OVS has
     * reported it, on the host it was created for, with no port ({@link #bound()} false).
     */
    public record Located(Endpoint endpoint, String host, int ofport) {
        static final int NO_PORT = -1;

        static Located expected(Endpoint endpoint) {
            return new Located(endpoint, endpoint.host(), NO_PORT);
        }

        boolean bound() {
            return ofport != NO_PORT;
        }
    }

    private static FlowSpec miss(OverlayTable table) {
        return FlowSpec.builder().table(table.id()).priority(OverlayPriority.MISS).build();
    }

    /**
     * Tunnel probes ({@link TunnelProbeFrame}) arrive with VNI 0, which no network has: they go to the controller,
     * which learns that the tunnel from their sender to this host works. Nothing else can carry VNI 0 into a network.
     */
    static FlowSpec tunnelProbeCatcher() {
        return FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().inPort(TUNNEL).tunnelId(TunnelProbeFrame.VNI).build())
                .instructions(Instructions.apply(Action.output(PortNumber.CONTROLLER)))
                .build();
    }

    /**
     * DNS queries a local endpoint sends to its gateway go to the controller, which answers with the network's names
     * ({@code io.weft.apps.overlay.dns}). Only from local ports: a query never crosses the tunnel.
     */
    static FlowSpec dnsToController(long vni, int gateway, long gatewayMac) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.SERVICE)
                .match(Match.builder().metadata(vni, METADATA_MASK).ethDst(gatewayMac).ipv4Dst(gateway)
                        .udpDst(DNS_PORT).build())
                .instructions(Instructions.apply(Action.output(PortNumber.CONTROLLER)))
                .build();
    }

    static final int DNS_PORT = 53;

    private static FlowSpec fromTunnel(long vni) {
        return FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().inPort(TUNNEL).tunnelId(vni).build())
                .instructions(Instructions.DROP.thenWriteMetadata(vni | FROM_TUNNEL, METADATA_MASK)
                        .thenGoto(OverlayTable.L2_FORWARDING.id()))
                .build();
    }

    private static List<FlowSpec> localEndpoint(Located l, long vni) {
        long mac = l.endpoint().mac();
        int ip = l.endpoint().ip();
        return List.of(
                FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().inPort(l.ofport()).build())
                        .instructions(Instructions.DROP.thenWriteMetadata(vni, METADATA_MASK)
                                .thenGoto(OverlayTable.PORT_SECURITY.id()))
                        .build(),
                FlowSpec.builder().table(OverlayTable.PORT_SECURITY.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().inPort(l.ofport()).ethSrc(mac).ipv4Src(ip).build())
                        .instructions(Instructions.gotoTable(OverlayTable.ARP_RESPONDER.id())).build(),
                FlowSpec.builder().table(OverlayTable.PORT_SECURITY.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().inPort(l.ofport()).ethSrc(mac).arpSpa(ip).arpSha(mac).build())
                        .instructions(Instructions.gotoTable(OverlayTable.ARP_RESPONDER.id())).build(),
                FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().metadata(vni, NETWORK_MASK).ethDst(mac).build())
                        .actions(Action.output(l.ofport())).build());
    }

    /** Answers "who has IP?" with MAC, out of the port it came in: the request never leaves the host. */
    static FlowSpec arpReply(long vni, int ip, long mac) {
        return FlowSpec.builder().table(OverlayTable.ARP_RESPONDER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata(vni, NETWORK_MASK).arpOp(1).arpTpa(ip).build())
                .actions(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST),
                        Action.setField(Field.ETH_SRC, mac),
                        Action.setField(Field.ARP_OP, 2),
                        Action.Move.whole(Field.ARP_SHA, Field.ARP_THA),
                        Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA),
                        Action.setField(Field.ARP_SHA, mac),
                        Action.setField(Field.ARP_SPA, ip & 0xffffffffL),
                        Action.output(PortNumber.IN_PORT))
                .build();
    }

    static FlowSpec toRemote(long vni, long mac, int tunnelIp) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata(vni, METADATA_MASK).ethDst(mac).build())
                .actions(tunnelTo(vni, tunnelIp).toArray(Action[]::new)).build();
    }

    static List<Action> tunnelTo(long vni, int tunnelIp) {
        return List.of(Action.setField(Field.TUNNEL_ID, vni),
                Action.setField(Field.TUNNEL_IPV4_DST, tunnelIp & 0xffffffffL), Action.output(TUNNEL));
    }

    private static List<FlowSpec> flooding(long vni) {
        int all = (int) vni;
        int local = (int) vni | LOCAL_GROUP_FLAG;
        Match fromLocal = Match.builder().metadata(vni, METADATA_MASK).build();
        Match fromTunnel = Match.builder().metadata(vni | FROM_TUNNEL, METADATA_MASK).build();
        return List.of(
                FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.FLOOD)
                        .match(fromLocal.toBuilder().ethDst(MULTICAST_BIT, MULTICAST_BIT).build())
                        .actions(Action.group(all)).build(),
                FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.FLOOD)
                        .match(fromTunnel.toBuilder().ethDst(MULTICAST_BIT, MULTICAST_BIT).build())
                        .actions(Action.group(local)).build(),
                FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.UNKNOWN)
                        .match(fromLocal).actions(Action.group(all)).build(),
                FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.UNKNOWN)
                        .match(fromTunnel).actions(Action.group(local)).build());
    }

    /** Head-end replication: every local port of the network, and one copy per other host in it. */
    private static GroupSpec floodAll(long vni, List<Located> local, TreeMap<String, Integer> remoteHosts) {
        List<List<Action>> buckets = new ArrayList<>(localBuckets(local));
        remoteHosts.values().forEach(ip -> buckets.add(tunnelTo(vni, ip)));
        return GroupSpec.all((int) vni, buckets);
    }

    /** Split horizon: what came from the tunnel goes to local ports only. */
    private static GroupSpec floodLocal(long vni, List<Located> local) {
        return GroupSpec.all((int) vni | LOCAL_GROUP_FLAG, localBuckets(local));
    }

    private static List<List<Action>> localBuckets(List<Located> local) {
        return local.stream().sorted((a, b) -> Integer.compare(a.ofport(), b.ofport()))
                .map(l -> List.of(Action.output(l.ofport()))).toList();
    }
}
