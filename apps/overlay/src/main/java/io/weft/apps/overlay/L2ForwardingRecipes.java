package io.weft.apps.overlay;

import static io.weft.apps.overlay.ClassifierRecipes.TUNNEL;
import static io.weft.apps.overlay.PipelineMetadata.FROM_TUNNEL;
import static io.weft.apps.overlay.PipelineMetadata.LOCAL_GROUP_FLAG;
import static io.weft.apps.overlay.PipelineMetadata.METADATA_MASK;
import static io.weft.apps.overlay.PipelineMetadata.NETWORK_MASK;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Table 30, {@link OverlayTable#L2_FORWARDING}: by destination MAC within the network, to a local port or into the
 * tunnel; broadcast and unknown destinations to the network's flood groups; the gateway's own traffic (DNS) to the
 * controller, the rest of it dropped unless a router takes it ({@link RouterFlows}).
 */
final class L2ForwardingRecipes {
    static final int DNS_PORT = 53;
    private static final long MULTICAST_BIT = 0x0100_0000_0000L;

    private L2ForwardingRecipes() {
    }

    /** Frames to a local endpoint's MAC: out of its port, whether they came from a local port or the tunnel. */
    static FlowSpec toLocal(Located l, long vni) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata(vni, NETWORK_MASK).ethDst(l.endpoint().mac()).build())
                .actions(Action.output(l.ofport())).build();
    }

    /** Frames from a local port to a member on another host: into the tunnel, to that host. */
    static FlowSpec toRemote(long vni, long mac, int tunnelIp) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata(vni, METADATA_MASK).ethDst(mac).build())
                .actions(tunnelTo(vni, tunnelIp).toArray(Action[]::new)).build();
    }

    static List<Action> tunnelTo(long vni, int tunnelIp) {
        return List.of(Action.setField(Field.TUNNEL_ID, vni),
                Action.setField(Field.TUNNEL_IPV4_DST, tunnelIp & 0xffffffffL), Action.output(TUNNEL));
    }

    /** The gateway MAC is nobody's port: what no higher-priority flow (DNS, a router) takes is dropped. */
    static FlowSpec gatewayGuard(long vni, long gatewayMac) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.GUARD)
                .match(Match.builder().metadata(vni, NETWORK_MASK).ethDst(gatewayMac).build()).build();
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

    /** Broadcast, multicast and unknown unicast: to all (from a local port) or to local ports only (from the tunnel). */
    static List<FlowSpec> flooding(long vni) {
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
    static GroupSpec floodAll(long vni, List<Located> local, TreeMap<String, Integer> remoteHosts) {
        List<List<Action>> buckets = new ArrayList<>(localBuckets(local));
        remoteHosts.values().forEach(ip -> buckets.add(tunnelTo(vni, ip)));
        return GroupSpec.all((int) vni, buckets);
    }

    /** Split horizon: what came from the tunnel goes to local ports only. */
    static GroupSpec floodLocal(long vni, List<Located> local) {
        return GroupSpec.all((int) vni | LOCAL_GROUP_FLAG, localBuckets(local));
    }

    private static List<List<Action>> localBuckets(List<Located> local) {
        return local.stream().sorted((a, b) -> Integer.compare(a.ofport(), b.ofport()))
                .map(l -> List.of(Action.output(l.ofport()))).toList();
    }
}
