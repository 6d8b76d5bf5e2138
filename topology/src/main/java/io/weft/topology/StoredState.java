package io.weft.topology;

import java.util.List;

/** The contents of a {@link StateStore}. */
public record StoredState(List<Network> networks, List<Endpoint> endpoints, List<Host> hosts) {

    public StoredState {
        networks = List.copyOf(networks);
        endpoints = List.copyOf(endpoints);
        hosts = List.copyOf(hosts);
    }
}
