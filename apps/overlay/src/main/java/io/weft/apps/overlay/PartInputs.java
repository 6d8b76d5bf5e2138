package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.topology.Network;
import io.weft.topology.Router;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything one part (a network's or a router's) of any host's flows is computed from, frozen when a batch of changes
 * touched the part and shared by every host that holds it. The overlay keeps these, not the flows: a host's flows of a
 * part are computed again when they are needed (a change, a resync, an audit) and dropped after. That keeps the
 * controller's memory in proportion to endpoints plus hosts, where keeping each host's flows grew with endpoints times
 * hosts (about 2 flows per endpoint of a network on every host of it).
 */
sealed interface PartInputs {

    /** This part's flows on {@code host} (empty if the host has no endpoint in it). */
    HostFlows flowsOn(String host, UnaryOperator<FlowSpec> stamper, MemberFlows memberFlows);

    /**
     * A network, its endpoints where they are or are expected, and the tunnel IPs of the hosts it has endpoints on
     * (sorted by host name: flood buckets stay in a stable order).
     */
    record OfNetwork(Network network, List<Located> members, TreeMap<String, Integer> tunnelIps)
            implements PartInputs {
        @Override
        public HostFlows flowsOn(String host, UnaryOperator<FlowSpec> stamper, MemberFlows memberFlows) {
            TreeMap<String, Integer> remote = new TreeMap<>(tunnelIps);
            remote.remove(host);
            return OverlayPipeline.fragment(network, members, remote, host, stamper, memberFlows);
        }
    }

    /** A router and the inputs of its networks that exist (shared with those networks' own parts). */
    record OfRouter(Router router, List<OfNetwork> attached) implements PartInputs {
        @Override
        public HostFlows flowsOn(String host, UnaryOperator<FlowSpec> stamper, MemberFlows memberFlows) {
            Map<String, Collection<Located>> members = new HashMap<>();
            Map<String, Integer> tunnelIps = new HashMap<>();
            for (OfNetwork n : attached) {
                members.put(n.network().name(), n.members());
                tunnelIps.putAll(n.tunnelIps());
            }
            return RouterFlows.fragment(router, attached.stream().map(OfNetwork::network).toList(),
                    name -> members.getOrDefault(name, List.of()), host, tunnelIps::get, stamper);
        }
    }
}
