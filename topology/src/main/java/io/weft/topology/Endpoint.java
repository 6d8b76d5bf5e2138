package io.weft.topology;

import java.util.Objects;
import java.util.Optional;

/**
 * A container's attachment to a network.
 *
 * @param id      a UUID string; it is the {@code external_ids:iface-id} of the container's OVS interface
 * @param name    unique within {@link #network}
 * @param host    the host (OVS system-id) the endpoint is meant to run on
 * @param ip      IPv4 address inside the network's subnet, see {@link Ipv4#format}
 * @param mac     48-bit MAC, see {@link MacAddress#format}
 * @param binding where OVS actually reports the interface, once it does
 */
public record Endpoint(String id, String name, String network, String host, int ip, long mac,
                       EndpointStatus status, Optional<OvsBinding> binding) {

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(binding, "binding");
    }

    public Endpoint withStatus(EndpointStatus newStatus) {
        return new Endpoint(id, name, network, host, ip, mac, newStatus, binding);
    }

    public Endpoint withBinding(Optional<OvsBinding> newBinding) {
        return new Endpoint(id, name, network, host, ip, mac, status, newBinding);
    }
}
