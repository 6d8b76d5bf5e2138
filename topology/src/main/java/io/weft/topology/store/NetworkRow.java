package io.weft.topology.store;

import io.weft.topology.Cidr;
import io.weft.topology.Ipv4;
import io.weft.topology.Network;
import java.util.Optional;

/** How a network is written to the store: plain text where a human would read it. */
record NetworkRow(String name, String subnet, String gateway, int vni, int mtu, String deletion) {

    static NetworkRow of(Network network) {
        return new NetworkRow(network.name(), network.subnet().toString(), Ipv4.format(network.gateway()),
                network.vni(), network.mtu(), network.deletion().orElse(null));
    }

    Network toNetwork() {
        return new Network(name, Cidr.parse(subnet), Ipv4.parse(gateway), vni, mtu, Optional.ofNullable(deletion));
    }
}
