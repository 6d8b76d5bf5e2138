package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.OvsBinding;
import io.weft.topology.Router;
import io.weft.topology.TopologyEvent;
import io.weft.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The overlay's own index of the topology, kept up to date from change events so that a change costs
 * work proportional to the network it touches, never a copy of the whole topology. An endpoint is
 * located where OVS reports its port, or, until then, on the host it was created for (without a port):
 * its network's flows are then already on every host when the port is plugged, and binding it only
 * adds the port's own flows on its host. Used on the overlay worker thread only.
 */
final class OverlayModel {
    private final Map<String, Network> networks = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, Router> routers = new HashMap<>();
    /** Endpoints by network, then by id, where they are (bound) or are meant to be (not yet bound). */
    private final Map<String, Map<String, Located>> located = new HashMap<>();
    /** Network of each endpoint, to find it again when it changes or is removed. */
    private final Map<String, String> networkOfEndpoint = new HashMap<>();
    /** By network: how many of its endpoints are located on each host (bound or expected), and how many bound. */
    private final Map<String, Map<String, Integer>> hostCounts = new HashMap<>();
    private final Map<String, Map<String, Integer>> boundCounts = new HashMap<>();

    /** One endpoint before and after a batch of changes (null: absent then). */
    record MemberChange(Located before, Located after) {
    }

    void load(TopologySnapshot snapshot) {
        networks.clear();
        hosts.clear();
        located.clear();
        networkOfEndpoint.clear();
        hostCounts.clear();
        boundCounts.clear();
        routers.clear();
        networks.putAll(snapshot.networks());
        hosts.putAll(snapshot.hosts());
        routers.putAll(snapshot.routers());
        snapshot.endpoints().values().forEach(this::putEndpoint);
    }

    /**
     * What a change touched: a network's flows on all its hosts, or on one host only (a port plugged or
     * unplugged where its endpoint was expected: nothing changes for the other hosts of the network).
     */
    record Touched(String network, Optional<String> onlyHost) {
        static Touched everywhere(String network) {
            return new Touched(network, Optional.empty());
        }
    }

    /** Applies one event; returns what may have changed. */
    List<Touched> apply(TopologyEvent event) {
        Optional<String> sameHost = sameHostRebinding(event);
        Set<String> networks = networksTouchedBy(event);
        if (sameHost.isPresent()) {
            return networks.stream().map(n -> new Touched(n, sameHost)).toList();
        }
        return networks.stream().map(Touched::everywhere).toList();
    }

    /**
     * The host, if the event moves an endpoint between "expected on host H" and "bound on host H" with nothing
     * else changed: then only H's flows change. Read before the event is applied.
     */
    private Optional<String> sameHostRebinding(TopologyEvent event) {
        Endpoint after;
        if (event instanceof TopologyEvent.EndpointBound e) {
            after = e.endpoint();
        } else if (event instanceof TopologyEvent.EndpointUnbound e) {
            after = e.endpoint();
        } else {
            return Optional.empty();
        }
        String network = networkOfEndpoint.get(after.id());
        Located before = network == null ? null : located.get(network).get(after.id());
        if (before == null) {
            return Optional.empty();
        }
        String hostAfter = after.binding().map(OvsBinding::host).orElse(after.host());
        Endpoint was = before.endpoint();
        boolean sameIdentity = was.network().equals(after.network()) && was.ip() == after.ip()
                && was.mac() == after.mac();
        return sameIdentity && before.host().equals(hostAfter) ? Optional.of(hostAfter) : Optional.empty();
    }

    private Set<String> networksTouchedBy(TopologyEvent event) {
        if (event instanceof TopologyEvent.NetworkAdded e) {
            networks.put(e.network().name(), e.network());
            return Set.of(e.network().name());
        } else if (event instanceof TopologyEvent.NetworkRemoved e) {
            networks.remove(e.network().name());
            return Set.of(e.network().name());
        } else if (event instanceof TopologyEvent.EndpointAdded e) {
            return putEndpoint(e.endpoint());
        } else if (event instanceof TopologyEvent.EndpointBound e) {
            return putEndpoint(e.endpoint());
        } else if (event instanceof TopologyEvent.EndpointUnbound e) {
            return putEndpoint(e.endpoint());
        } else if (event instanceof TopologyEvent.EndpointRemoved e) {
            return removeEndpoint(e.endpoint().id());
        } else if (event instanceof TopologyEvent.HostUpdated e) {
            hosts.put(e.host().name(), e.host());
            boolean tunnelChanged = e.previous().map(p -> !p.tunnelIp().equals(e.host().tunnelIp())).orElse(true);
            return tunnelChanged ? networksOfHost(e.host().name()) : Set.of();
        } else if (event instanceof TopologyEvent.HostRemoved e) {
            hosts.remove(e.host().name());
            return networksOfHost(e.host().name());
        } else if (event instanceof TopologyEvent.RouterUpdated e) {
            routers.put(e.router().name(), e.router());
        } else if (event instanceof TopologyEvent.RouterRemoved e) {
            routers.remove(e.router().name());
        }
        return Set.of();
    }

    private Set<String> putEndpoint(Endpoint e) {
        Set<String> affected = new HashSet<>(removeEndpoint(e.id()));
        Optional<OvsBinding> b = e.binding();
        Located where = b.isPresent()
                ? new Located(e, b.get().host(), b.get().ofport())
                : Located.expected(e);
        located.computeIfAbsent(e.network(), n -> new HashMap<>()).put(e.id(), where);
        networkOfEndpoint.put(e.id(), e.network());
        count(e.network(), where, 1);
        affected.add(e.network());
        return affected;
    }

    private Set<String> removeEndpoint(String id) {
        String network = networkOfEndpoint.remove(id);
        if (network == null) {
            return Set.of();
        }
        Map<String, Located> members = located.get(network);
        Located was = members.remove(id);
        if (was != null) {
            count(network, was, -1);
        }
        if (members.isEmpty()) {
            located.remove(network);
        }
        return Set.of(network);
    }

    private void count(String network, Located where, int delta) {
        adjust(hostCounts, network, where.host(), delta);
        if (where.bound()) {
            adjust(boundCounts, network, where.host(), delta);
        }
    }

    private static void adjust(Map<String, Map<String, Integer>> counts, String network, String host, int delta) {
        Map<String, Integer> byHost = counts.computeIfAbsent(network, n -> new HashMap<>());
        if (byHost.merge(host, delta, Integer::sum) == 0) {
            byHost.remove(host);
        }
        if (byHost.isEmpty()) {
            counts.remove(network);
        }
    }

    /** Where the endpoint is located now (null if unknown): read before and after a change to see what it did. */
    Located located(String endpointId) {
        String network = networkOfEndpoint.get(endpointId);
        return network == null ? null : located.get(network).get(endpointId);
    }

    private Set<String> networksOfHost(String host) {
        Set<String> out = new HashSet<>();
        hostCounts.forEach((network, byHost) -> {
            if (byHost.containsKey(host)) {
                out.add(network);
            }
        });
        return out;
    }

    Optional<Network> network(String name) {
        return Optional.ofNullable(networks.get(name));
    }

    Collection<Located> members(String network) {
        return located.getOrDefault(network, Map.of()).values();
    }

    /** Hosts with at least one endpoint of the network, bound or expected: the hosts that hold its flows. */
    Set<String> hostsIn(String network) {
        return new HashSet<>(hostCounts.getOrDefault(network, Map.of()).keySet());
    }

    /**
     * Hosts with at least one bound endpoint of the network: the ones whose confirmation an endpoint waits for.
     * A host an endpoint is merely meant for may never connect, and must not hold the others back.
     */
    Set<String> boundHostsIn(String network) {
        return new HashSet<>(boundCounts.getOrDefault(network, Map.of()).keySet());
    }

    /** Networks where the host has a bound endpoint. */
    Set<String> networksOn(String host) {
        return networksOfHost(host);
    }

    /** The router the network is attached to, if any. */
    Optional<Router> routerOf(String network) {
        return routers.values().stream().filter(r -> r.routes(network)).findFirst();
    }

    Optional<Router> router(String name) {
        return Optional.ofNullable(routers.get(name));
    }

    /** Hosts that hold a part (a network's or a router's, by {@link RouterFlows#key}). */
    Set<String> hostsHolding(String key) {
        Optional<String> router = RouterFlows.routerOf(key);
        if (router.isEmpty()) {
            return hostsIn(key);
        }
        Set<String> out = new HashSet<>();
        router(router.get()).ifPresent(r -> r.networks().forEach(n -> out.addAll(hostsIn(n))));
        return out;
    }

    /**
     * Hosts whose confirmation an endpoint of the network waits for: those with a bound endpoint in it, or in another
     * network on its router (they hold the route to it).
     */
    Set<String> boundHostsReaching(String network) {
        Optional<Router> router = routerOf(network);
        if (router.isEmpty()) {
            return boundHostsIn(network);
        }
        Set<String> out = new HashSet<>();
        router.get().networks().forEach(n -> out.addAll(boundHostsIn(n)));
        return out;
    }

    /** The networks a part is about: the network itself, or the router's networks. */
    List<String> networksOfPart(String key) {
        return RouterFlows.routerOf(key).map(r -> router(r).map(Router::networks).orElse(List.of()))
                .orElse(List.of(key));
    }

    /** The keys of every part the host holds: its networks, and the routers of those networks. */
    Set<String> partsOn(String host) {
        Set<String> out = new HashSet<>(networksOn(host));
        for (String network : List.copyOf(out)) {
            routerOf(network).ifPresent(r -> out.add(RouterFlows.key(r.name())));
        }
        return out;
    }

    Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    Collection<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    /**
     * A network's inputs as they are now, copied (its members and its hosts' tunnel IPs); empty if it is gone. The
     * caller shares one copy between every host of the network.
     */
    Optional<PartInputs.OfNetwork> networkInputs(String name) {
        Network network = networks.get(name);
        if (network == null) {
            return Optional.empty();
        }
        TreeMap<String, Integer> tunnelIps = new TreeMap<>();
        for (String h : hostCounts.getOrDefault(name, Map.of()).keySet()) {
            Integer tunnelIp = tunnelIpOf(h);
            if (tunnelIp != null) {
                tunnelIps.put(h, tunnelIp);
            }
        }
        return Optional.of(new PartInputs.OfNetwork(network, List.copyOf(members(name)), tunnelIps));
    }

    /**
     * A part's inputs as they are now; empty if the part is gone. A router's take its networks' inputs from
     * {@code networkInputs}, so that a router and its networks share them.
     */
    Optional<PartInputs> inputsOf(String key, Function<String, Optional<PartInputs.OfNetwork>> networkInputs) {
        Optional<String> routerName = RouterFlows.routerOf(key);
        if (routerName.isEmpty()) {
            return networkInputs.apply(key).map(PartInputs.class::cast);
        }
        return router(routerName.get()).map(r -> new PartInputs.OfRouter(r, r.networks().stream()
                .map(networkInputs).flatMap(Optional::stream).toList()));
    }

    /**
     * The member flows (ARP reply, forwarding to a remote host) the changed endpoints put on {@code host}, as they were
     * before the changes ({@code before} true) or are after: swapping the one for the other is the whole change on a
     * host none of them is or was on, while the network's hosts stay the same. Costs O(changes).
     */
    HostFlows memberFlowsOf(String network, String host, Collection<MemberChange> changes, boolean before,
                            MemberFlows memberFlows) {
        long vni = networks.get(network).vni();
        List<FlowSpec> out = new ArrayList<>();
        for (MemberChange c : changes) {
            Located m = before ? c.before() : c.after();
            if (m != null) {
                OverlayPipeline.addMemberFlows(out, vni, m, host, tunnelIpOf(m.host()), memberFlows);
            }
        }
        return flowsOnly(out);
    }

    /**
     * The route flows of a router to the changed endpoints, as seen from {@code host}, before or after the changes:
     * like {@link #memberFlowsOf}, the whole change on a host none of them is or was on. The changes may come from
     * several of the router's networks.
     */
    HostFlows routesOf(Router router, String host, Map<String, List<MemberChange>> changesByNetwork, boolean before,
                       UnaryOperator<FlowSpec> stamper) {
        List<FlowSpec> out = new ArrayList<>();
        changesByNetwork.forEach((networkName, changes) -> {
            Network network = networks.get(networkName);
            for (MemberChange c : changes) {
                Located m = before ? c.before() : c.after();
                if (m != null) {
                    RouterFlows.route(router.id(), network, m, host, tunnelIpOf(m.host())).map(stamper)
                            .ifPresent(out::add);
                }
            }
        });
        return flowsOnly(out);
    }

    private static HostFlows flowsOnly(List<FlowSpec> flows) {
        Map<Long, FlowSpec> byCookie = new HashMap<>();
        flows.forEach(f -> byCookie.put(f.cookie().value(), f));
        return new HostFlows(byCookie, Map.of());
    }

    /** The host's tunnel IP, or null if the host is unknown or has not reported one. */
    private Integer tunnelIpOf(String host) {
        Host h = hosts.get(host);
        return h != null && h.tunnelIp().isPresent() ? h.tunnelIp().getAsInt() : null;
    }
}
