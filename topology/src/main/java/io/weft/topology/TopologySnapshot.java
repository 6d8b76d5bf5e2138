package io.weft.topology;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole topology at one commit, immutable. Two snapshots of the same state are equal, so comparing them is a
 * cheap way to check that nothing changed.
 *
 * @param version   number of changes committed since the topology was opened
 * @param networks  by name
 * @param endpoints by id
 * @param hosts     by name
 * @param routers   by name
 */
public record TopologySnapshot(long version, Map<String, Network> networks, Map<String, Endpoint> endpoints,
                               Map<String, Host> hosts, Map<String, Router> routers) {
    private static final Comparator<Endpoint> BY_NAME = Comparator.comparing(Endpoint::name);

    public TopologySnapshot {
        networks = Collections.unmodifiableMap(new TreeMap<>(networks));
        endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
        hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
        routers = Collections.unmodifiableMap(new TreeMap<>(routers));
    }

    public Optional<Network> network(String name) {
        return Optional.ofNullable(networks.get(name));
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** Endpoints of one network, sorted by name. */
    public List<Endpoint> endpointsIn(String network) {
        return endpoints.values().stream().filter(e -> e.network().equals(network)).sorted(BY_NAME).toList();
    }

    /** Endpoints meant to run on one host, sorted by name. */
    public List<Endpoint> endpointsOnHost(String host) {
        return endpoints.values().stream().filter(e -> e.host().equals(host)).sorted(BY_NAME).toList();
    }
}
