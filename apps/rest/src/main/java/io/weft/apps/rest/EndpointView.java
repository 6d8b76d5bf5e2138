package io.weft.apps.rest;

import io.weft.topology.Endpoint;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import io.weft.topology.OvsBinding;

/**
 * The JSON form of an endpoint, with what a container needs from its network to configure its interface
 * ({@code prefixLength}, {@code gateway}, {@code mtu}). {@code ofport} is null until OVS reports the interface.
 */
record EndpointView(String id, String name, String network, String host, String ip, String mac, int prefixLength,
                    String gateway, int mtu, String status, Integer ofport) {

    /** {@code network} must be the endpoint's network. */
    static EndpointView of(Endpoint endpoint, Network network) {
        return new EndpointView(endpoint.id(), endpoint.name(), endpoint.network(), endpoint.host(),
                Ipv4.format(endpoint.ip()), MacAddress.format(endpoint.mac()), network.subnet().prefixLength(),
                Ipv4.format(network.gateway()), network.mtu(), endpoint.status().label(),
                endpoint.binding().map(OvsBinding::ofport).orElse(null));
    }
}
