package io.weft.topology;

import java.util.List;

/** The contents of a {@link StateStore}. */
public record StoredState(List<Network> networks, List<Endpoint> endpoints, List<Host> hosts, List<Router> routers) {

    public StoredState {
        networks = List.copyOf(networks);
        endpoints = List.copyOf(endpoints);
        hosts = List.copyOf(hosts);
        routers = List.copyOf(routers);
    }

    /** A store from before routers existed. */
    public StoredState(List<Network> networks, List<Endpoint> endpoints, List<Host> hosts) {
        this(networks, endpoints, hosts, List.of());
    }
}
