package io.weft.topology;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * All networks, endpoints and hosts with their indexes and allocators. Not thread-safe: {@link Topology} guards it
 * with its lock. Mutators assume the change was validated; they only fail on a broken invariant.
 */
final class TopologyState {
    private final Map<String, NetworkState> networks = new HashMap<>();
    private final Map<String, Endpoint> endpointsById = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();
    private final VniAllocator vnis = new VniAllocator();
    private final Map<String, Router> routers = new HashMap<>();

    Optional<NetworkState> network(String name) {
        return Optional.ofNullable(networks.get(name));
    }

    NetworkState requireNetwork(String name) {
        NetworkState network = networks.get(name);
        if (network == null) {
            throw TopologyException.notFound("network '" + name + "' not found");
        }
        return network;
    }

    List<Network> networks() {
        return networks.values().stream().map(NetworkState::network).sorted(Comparator.comparing(Network::name))
                .toList();
    }

    Optional<String> networkUsingVni(int vni) {
        return networks.values().stream().map(NetworkState::network).filter(n -> n.vni() == vni)
                .map(Network::name).findFirst();
    }

    VniAllocator vnis() {
        return vnis;
    }

    Optional<Endpoint> endpoint(String id) {
        return Optional.ofNullable(endpointsById.get(id));
    }

    Endpoint requireEndpoint(String id) {
        Endpoint endpoint = endpointsById.get(id);
        if (endpoint == null) {
            throw TopologyException.notFound("endpoint '" + id + "' not found");
        }
        return endpoint;
    }

    boolean hasEndpointId(String id) {
        return endpointsById.containsKey(id);
    }

    Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    List<Host> hosts() {
        return hosts.values().stream().sorted(Comparator.comparing(Host::name)).toList();
    }

    void addNetwork(Network network) {
        if (networks.containsKey(network.name())) {
            throw new IllegalStateException("network " + network.name() + " already exists");
        }
        vnis.reserve(network.vni());
        networks.put(network.name(), new NetworkState(network));
    }

    void replaceNetwork(Network network) {
        requireNetwork(network.name()).replace(network);
    }

    void removeNetwork(String name) {
        NetworkState removed = networks.remove(name);
        vnis.release(removed.network().vni());
    }

    void addEndpoint(Endpoint endpoint) {
        if (endpointsById.containsKey(endpoint.id())) {
            throw new IllegalStateException("endpoint id " + endpoint.id() + " already exists");
        }
        requireNetwork(endpoint.network()).add(endpoint);
        endpointsById.put(endpoint.id(), endpoint);
    }

    void replaceEndpoint(Endpoint endpoint) {
        requireNetwork(endpoint.network()).replace(endpoint);
        endpointsById.put(endpoint.id(), endpoint);
    }

    void removeEndpoint(Endpoint endpoint) {
        requireNetwork(endpoint.network()).remove(endpoint);
        endpointsById.remove(endpoint.id());
    }

    void putHost(Host host) {
        hosts.put(host.name(), host);
    }

    void removeHost(String name) {
        hosts.remove(name);
    }

    Optional<Router> router(String name) {
        return Optional.ofNullable(routers.get(name));
    }

    Router requireRouter(String name) {
        Router router = routers.get(name);
        if (router == null) {
            throw TopologyException.notFound("router '" + name + "' not found");
        }
        return router;
    }

    List<Router> routers() {
        return routers.values().stream().sorted(Comparator.comparing(Router::name)).toList();
    }

    /** The router the network is attached to, if any (a network is on at most one). */
    Optional<Router> routerOf(String network) {
        return routers.values().stream().filter(r -> r.routes(network)).findFirst();
    }

    /** The lowest id no router has, if one is left. */
    java.util.OptionalInt lowestFreeRouterId() {
        java.util.BitSet used = new java.util.BitSet();
        routers.values().forEach(r -> used.set(r.id()));
        int id = used.nextClearBit(1);
        return id <= Router.MAX_ID ? java.util.OptionalInt.of(id) : java.util.OptionalInt.empty();
    }

    void putRouter(Router router) {
        routers.put(router.name(), router);
    }

    void removeRouter(String name) {
        routers.remove(name);
    }

    TopologySnapshot snapshot(long version) {
        Map<String, Network> networksByName = networks.values().stream().map(NetworkState::network)
                .collect(Collectors.toMap(Network::name, n -> n));
        return new TopologySnapshot(version, networksByName, endpointsById, hosts, routers);
    }
}
