package io.weft.apps.rest;

import io.weft.topology.Ipv4;
import io.weft.topology.Network;

/**
 * The JSON form of a network; {@code deletion} says who asked for it to go with its last endpoint, if anyone did;
 * {@code router} is the router it is attached to, if any.
 */
record NetworkView(String name, String subnet, String gateway, int vni, int mtu, String deletion, String router) {

    static NetworkView of(Network network, java.util.Optional<String> router) {
        return new NetworkView(network.name(), network.subnet().toString(), Ipv4.format(network.gateway()),
                network.vni(), network.mtu(), network.deletion().orElse(null), router.orElse(null));
    }
}
