package io.weft.apps.rest;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import io.weft.topology.OvsBinding;
import java.util.Optional;

/**
 * The JSON form of an endpoint, with what a container needs from its network to configure its interface
 * ({@code prefixLength}, {@code gateway}, {@code mtu}). {@code ofport} is null until OVS reports the interface.
 * {@code problem} says why it may not carry traffic although its flows are in place: its host is not ready.
 * {@code aliases} are more names the network's DNS answers for it.
 */
record EndpointView(String id, String name, String network, String host, String ip, String mac, int prefixLength,
                    String gateway, int mtu, String status, Integer ofport, String problem, java.util.List<String> aliases,
                    String lifetime) {

    /** {@code network} must be the endpoint's network; {@code host} the host it is bound to, else its own. */
    static EndpointView of(Endpoint endpoint, Network network, Optional<Host> host) {
        return new EndpointView(endpoint.id(), endpoint.name(), endpoint.network(), endpoint.host(),
                Ipv4.format(endpoint.ip()), MacAddress.format(endpoint.mac()), network.subnet().prefixLength(),
                Ipv4.format(network.gateway()), network.mtu(), endpoint.status().label(),
                endpoint.binding().map(OvsBinding::ofport).orElse(null), problem(endpoint, host).orElse(null),
                endpoint.aliases(), endpoint.lifetime().label());
    }

    /** The host an endpoint's traffic depends on: where OVS reports it, else where it was created for. */
    static String hostOf(Endpoint endpoint) {
        return endpoint.binding().map(OvsBinding::host).orElse(endpoint.host());
    }

    private static Optional<String> problem(Endpoint endpoint, Optional<Host> host) {
        String name = hostOf(endpoint);
        if (host.isEmpty()) {
            return Optional.of("host " + name + " has not joined");
        }
        return HostReadiness.whyNotReady(host.get()).map(reason -> "host " + name + " is not ready: " + reason);
    }
}
