package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.EndpointLifetime;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.OvsBinding;
import java.util.Optional;

/**
 * How an endpoint is written to the store; the binding fields are null while it is unbound, and {@code lifetime} is
 * null for a managed endpoint (rows written before lifetimes existed read as managed).
 */
record EndpointRow(String id, String name, String network, String host, String ip, String mac, String status,
                   String boundHost, Integer ofport, java.util.List<String> aliases, String lifetime) {

    static EndpointRow of(Endpoint endpoint) {
        return new EndpointRow(endpoint.id(), endpoint.name(), endpoint.network(), endpoint.host(),
                Ipv4.format(endpoint.ip()), MacAddress.format(endpoint.mac()), endpoint.status().label(),
                endpoint.binding().map(OvsBinding::host).orElse(null),
                endpoint.binding().map(OvsBinding::ofport).orElse(null),
                endpoint.aliases().isEmpty() ? null : endpoint.aliases(),
                endpoint.lifetime() == EndpointLifetime.MANAGED ? null : endpoint.lifetime().label());
    }

    Endpoint toEndpoint() {
        Optional<OvsBinding> binding = boundHost == null ? Optional.empty()
                : Optional.of(new OvsBinding(boundHost, ofport));
        return new Endpoint(id, name, network, host, Ipv4.parse(ip), MacAddress.parse(mac),
                EndpointStatus.fromLabel(status), binding, aliases == null ? java.util.List.of() : aliases,
                lifetime == null ? EndpointLifetime.MANAGED : EndpointLifetime.fromLabel(lifetime));
    }
}
