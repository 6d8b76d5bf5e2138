package io.weft.apps.rest;

import io.weft.topology.Endpoint;
import io.weft.topology.Network;
import io.weft.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole topology in one answer, for the topology page: hosts, networks, endpoints, and the tunnels between hosts
 * (two hosts are tunnelled when both hold endpoints of a network, bound there or expected there). Read from one
 * snapshot, so the counts agree with each other.
 */
record TopologyView(List<HostView> hosts, List<NetworkView> networks, List<EndpointView> endpoints,
                    List<Tunnel> tunnels) {

    record Tunnel(List<String> hosts, List<String> networks) {
    }

    static TopologyView of(TopologySnapshot snapshot) {
        List<HostView> hosts = new TreeMap<>(snapshot.hosts()).values().stream().map(HostView::of).toList();
        List<NetworkView> networks = new ArrayList<>();
        List<EndpointView> endpoints = new ArrayList<>();
        Map<String, Set<String>> hostsByNetwork = new TreeMap<>();
        for (Network n : new TreeMap<>(snapshot.networks()).values()) {
            networks.add(NetworkView.of(n, snapshot.routers().values().stream()
                    .filter(r -> r.networks().contains(n.name())).map(io.weft.topology.Router::name).findFirst()));
            hostsByNetwork.put(n.name(), new TreeSet<>());
        }
        snapshot.endpoints().values().stream()
                .sorted(java.util.Comparator.comparing(Endpoint::network).thenComparing(Endpoint::name))
                .forEach(e -> {
                    Network n = snapshot.networks().get(e.network());
                    String host = EndpointView.hostOf(e);
                    endpoints.add(EndpointView.of(e, n, java.util.Optional.ofNullable(snapshot.hosts().get(host))));
                    hostsByNetwork.computeIfAbsent(e.network(), k -> new TreeSet<>()).add(host);
                });
        Map<List<String>, Set<String>> pairs = new TreeMap<>(java.util.Comparator.comparing((List<String> p) -> p.get(0))
                .thenComparing(p -> p.get(1)));
        hostsByNetwork.forEach((network, on) -> {
            List<String> sorted = List.copyOf(on);
            for (int i = 0; i < sorted.size(); i++) {
                for (int j = i + 1; j < sorted.size(); j++) {
                    if (snapshot.hosts().containsKey(sorted.get(i)) && snapshot.hosts().containsKey(sorted.get(j))) {
                        pairs.computeIfAbsent(List.of(sorted.get(i), sorted.get(j)), k -> new TreeSet<>()).add(network);
                    }
                }
            }
        });
        List<Tunnel> tunnels = pairs.entrySet().stream()
                .map(p -> new Tunnel(p.getKey(), List.copyOf(p.getValue()))).toList();
        return new TopologyView(hosts, networks, endpoints, tunnels);
    }
}
