package io.weft.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link StateStore} that keeps everything in memory: for tests and throw-away runs. Handing the same instance to
 * a new {@link Topology} behaves like reopening a persistent store.
 */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Router> routers = new LinkedHashMap<>();

    @Override
    public synchronized StoredState load() {
        return new StoredState(networks.values().stream().toList(), endpoints.values().stream().toList(),
                hosts.values().stream().toList(), routers.values().stream().toList());
    }

    @Override
    public synchronized void putNetwork(Network network) {
        networks.put(network.name(), network);
    }

    @Override
    public synchronized void removeNetwork(String name) {
        networks.remove(name);
    }

    @Override
    public synchronized void putEndpoint(Endpoint endpoint) {
        endpoints.put(endpoint.id(), endpoint);
    }

    @Override
    public synchronized void removeEndpoint(String id) {
        endpoints.remove(id);
    }

    @Override
    public synchronized void putHost(Host host) {
        hosts.put(host.name(), host);
    }

    @Override
    public synchronized void removeHost(String name) {
        hosts.remove(name);
    }

    @Override
    public synchronized void putRouter(Router router) {
        routers.put(router.name(), router);
    }

    @Override
    public synchronized void removeRouter(String name) {
        routers.remove(name);
    }

    @Override
    public void close() {
        // Nothing to release; the state stays for a later Topology on the same instance.
    }
}
