package io.weft.topology;

import java.util.List;
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
 * @param aliases more names the network's DNS answers for it (a container's name and hostname), lower case, sorted
 * @param lifetime whether it also ends when its port has been gone a while (CNI)
 */
public record Endpoint(String id, String name, String network, String host, int ip, long mac,
                       EndpointStatus status, Optional<OvsBinding> binding, List<String> aliases,
                       EndpointLifetime lifetime) {
    /** A Docker container has a name and a hostname; a few more leave room for network aliases. */
    public static final int MAX_ALIASES = 8;

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(lifetime, "lifetime");
        aliases = aliases.stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).distinct().sorted().toList();
    }

    /** An endpoint with no aliases, managed. */
    public Endpoint(String id, String name, String network, String host, int ip, long mac, EndpointStatus status,
                    Optional<OvsBinding> binding) {
        this(id, name, network, host, ip, mac, status, binding, List.of());
    }

    /** A managed endpoint. */
    public Endpoint(String id, String name, String network, String host, int ip, long mac, EndpointStatus status,
                    Optional<OvsBinding> binding, List<String> aliases) {
        this(id, name, network, host, ip, mac, status, binding, aliases, EndpointLifetime.MANAGED);
    }

    public Endpoint withAliases(List<String> newAliases) {
        return new Endpoint(id, name, network, host, ip, mac, status, binding, newAliases, lifetime);
    }

    public Endpoint withStatus(EndpointStatus newStatus) {
        return new Endpoint(id, name, network, host, ip, mac, newStatus, binding, aliases, lifetime);
    }

    public Endpoint withBinding(Optional<OvsBinding> newBinding) {
        return new Endpoint(id, name, network, host, ip, mac, status, newBinding, aliases, lifetime);
    }
}
