package io.weft.apps.overlay;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import io.weft.topology.Router;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A router's part of one host's flows, as a pure function: routing is distributed, so the host where a packet
 * enters routes it (as OVN's logical routers do) and no packet crosses a tunnel twice. A host takes part in a router
 * when it has an endpoint in one of the router's networks; it then holds:
 * <ul>
 *   <li>per such local network, in {@link OverlayTable#L2_FORWARDING}: IPv4 to the network's gateway MAC is marked
 *       with the router's id (metadata bits 40-55) and goes to {@link OverlayTable#ROUTING};</li>
 *   <li>per endpoint of every network of the router, in {@link OverlayTable#ROUTING}: its IP -> TTL decremented,
 *       source MAC the destination network's gateway, destination MAC the endpoint's, out of its local port or into
 *       the tunnel with the destination network's VNI.</li>
 * </ul>
 * Networks on no common router never meet: nothing else can send a packet to another VNI.
 */
final class RouterFlows {
    static final int ROUTER_SHIFT = 40;
    static final long ROUTER_MASK = (long) Router.MAX_ID << ROUTER_SHIFT;
    /** Router parts share the overlay's map of parts with networks: '/' is never in a network's name. */
    private static final String KEY_PREFIX = "router/";

    private RouterFlows() {
    }

    static String key(String router) {
        return KEY_PREFIX + router;
    }

    /** The router a part's key names, if it names one (otherwise it names a network). */
    static Optional<String> routerOf(String key) {
        return key.startsWith(KEY_PREFIX) ? Optional.of(key.substring(KEY_PREFIX.length())) : Optional.empty();
    }

    /**
     * @param attached  the router's networks that exist
     * @param members   each network's endpoints, where they are or are expected
     * @param tunnelIps a host's tunnel IP, or null if it has none
     */
    static HostFlows fragment(Router router, List<Network> attached,
                              Function<String, Collection<Located>> members, String host,
                              Function<String, Integer> tunnelIps, UnaryOperator<FlowSpec> stamper) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Network n : attached) {
            if (members.apply(n.name()).stream().anyMatch(m -> m.host().equals(host))) {
                flows.add(toRouter(n, router.id()));
            }
        }
        if (flows.isEmpty()) {
            return HostFlows.EMPTY;
        }
        for (Network n : attached) {
            for (Located m : members.apply(n.name())) {
                route(router.id(), n, m, host, tunnelIps.apply(m.host())).ifPresent(flows::add);
            }
        }
        Map<Long, FlowSpec> byCookie = new HashMap<>();
        for (FlowSpec f : flows) {
            FlowSpec stamped = stamper.apply(f);
            byCookie.put(stamped.cookie().value(), stamped);
        }
        return new HostFlows(byCookie, Map.of());
    }

    /** IPv4 sent by a local endpoint of {@code network} to its gateway goes to the router. */
    static FlowSpec toRouter(Network network, int routerId) {
        return FlowSpec.builder().table(OverlayTable.L2_FORWARDING.id()).priority(OverlayPriority.ROUTE)
                .match(Match.builder().metadata(network.vni(), PipelineMetadata.METADATA_MASK)
                        .ethType(Match.ETH_TYPE_IPV4).ethDst(MacAddress.fromIpv4(network.gateway())).build())
                .instructions(Instructions.DROP.thenWriteMetadata((long) routerId << ROUTER_SHIFT, ROUTER_MASK)
                        .thenGoto(OverlayTable.ROUTING.id()))
                .build();
    }

    /**
     * The route to one endpoint as seen from {@code host}: out of its port if it is bound here, into the tunnel if it
     * is on another host with a tunnel IP; none if it is expected here but not plugged yet, or its host has no
     * tunnel IP (as for its network's own forwarding flows).
     */
    static Optional<FlowSpec> route(int routerId, Network network, Located m, String host,
                                    Integer remoteTunnelIp) {
        List<Action> actions = new ArrayList<>(List.of(Action.decNwTtl(),
                Action.setField(io.weft.controller.flow.Field.ETH_SRC, MacAddress.fromIpv4(network.gateway())),
                Action.setField(io.weft.controller.flow.Field.ETH_DST, m.endpoint().mac())));
        if (m.host().equals(host)) {
            if (!m.bound()) {
                return Optional.empty();
            }
            actions.add(Action.output(m.ofport()));
        } else if (remoteTunnelIp != null) {
            actions.addAll(L2ForwardingRecipes.tunnelTo(network.vni(), remoteTunnelIp));
        } else {
            return Optional.empty();
        }
        return Optional.of(FlowSpec.builder().table(OverlayTable.ROUTING.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata((long) routerId << ROUTER_SHIFT, ROUTER_MASK)
                        .ipv4Dst(m.endpoint().ip()).build())
                .actions(actions.toArray(Action[]::new)).build());
    }
}
