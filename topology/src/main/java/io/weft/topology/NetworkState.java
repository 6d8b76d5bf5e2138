package io.weft.topology;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One network and the indexes that keep its endpoint names, addresses and MACs unique. Not thread-safe. */
final class NetworkState {
    private Network network;
    private final AddressPool addresses;
    private final Map<String, Endpoint> endpointsByName = new HashMap<>();
    private final Map<Integer, String> ipOwners = new HashMap<>();
    private final Map<Long, String> macOwners = new HashMap<>();

    NetworkState(Network network) {
        this.network = network;
        this.addresses = new AddressPool(network.subnet(), network.gateway());
    }

    Network network() {
        return network;
    }

    /** The same network with other attributes (its deletion request); subnet, gateway and VNI never change. */
    void replace(Network updated) {
        if (!updated.name().equals(network.name()) || !updated.subnet().equals(network.subnet())
                || updated.gateway() != network.gateway() || updated.vni() != network.vni()) {
            throw new IllegalStateException("network " + network.name() + " cannot change its addressing");
        }
        network = updated;
    }

    AddressPool addresses() {
        return addresses;
    }

    int endpointCount() {
        return endpointsByName.size();
    }

    Collection<Endpoint> endpoints() {
        return endpointsByName.values();
    }

    Optional<Endpoint> endpointNamed(String name) {
        return Optional.ofNullable(endpointsByName.get(name));
    }

    /** Name of the endpoint holding {@code ip}, if any. */
    Optional<String> ipOwner(int ip) {
        return Optional.ofNullable(ipOwners.get(ip));
    }

    /** Name of the endpoint holding {@code mac}, if any. */
    Optional<String> macOwner(long mac) {
        return Optional.ofNullable(macOwners.get(mac));
    }

    /** Adds an endpoint that has been validated against this network. */
    void add(Endpoint endpoint) {
        if (endpointsByName.containsKey(endpoint.name()) || ipOwners.containsKey(endpoint.ip())
                || macOwners.containsKey(endpoint.mac())) {
            // Only reachable with corrupt stored state: validation rejects duplicates before this point.
            throw new IllegalStateException("endpoint " + endpoint + " clashes with an existing endpoint of "
                    + network.name());
        }
        addresses.reserve(endpoint.ip());
        endpointsByName.put(endpoint.name(), endpoint);
        ipOwners.put(endpoint.ip(), endpoint.name());
        macOwners.put(endpoint.mac(), endpoint.name());
    }

    /** Replaces an endpoint by a new version with the same name, IP and MAC (status or binding changed). */
    void replace(Endpoint endpoint) {
        endpointsByName.put(endpoint.name(), endpoint);
    }

    void remove(Endpoint endpoint) {
        endpointsByName.remove(endpoint.name());
        ipOwners.remove(endpoint.ip());
        macOwners.remove(endpoint.mac());
        addresses.release(endpoint.ip());
    }
}
