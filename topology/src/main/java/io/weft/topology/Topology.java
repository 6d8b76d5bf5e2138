package io.weft.topology;

import io.weft.topology.TopologyEvent.EndpointAdded;
import io.weft.topology.TopologyEvent.EndpointBound;
import io.weft.topology.TopologyEvent.EndpointRemoved;
import io.weft.topology.TopologyEvent.EndpointStatusChanged;
import io.weft.topology.TopologyEvent.EndpointUnbound;
import io.weft.topology.TopologyEvent.HostRemoved;
import io.weft.topology.TopologyEvent.HostUpdated;
import io.weft.topology.TopologyEvent.NetworkAdded;
import io.weft.topology.TopologyEvent.NetworkRemoved;
import io.weft.topology.TopologyEvent.NetworkUpdated;
import io.weft.topology.TopologyEvent.RouterRemoved;
import io.weft.topology.TopologyEvent.RouterUpdated;
import io.weft.topology.store.StateStoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain facade: networks, endpoints and hosts, with IPAM, persistence and change events. Thread-safe.
 *
 * <p>Every change is validated, allocated and staged in the {@link StateStore} under one lock, so two requests can
 * never receive the same IP, MAC or VNI, and a refused request ({@link TopologyException}) changes nothing. The
 * change returns once it is durable, waiting outside the lock, so changes that arrive during one fsync share the
 * next (group commit). Reads and events wait the same way: nobody sees or hears of a change before its writer could
 * have been told it is stored. Events go to listeners after the lock is released, in commit order; under contention
 * the event of one call may be delivered by another caller's thread, slightly after the first call returned.
 *
 * <p>The caller owns the store: closing it is up to whoever opened it.
 */
public final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);
    private static final java.util.regex.Pattern ALIAS =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private final ReentrantLock lock = new ReentrantLock();
    private final StateStore store;
    /** Guarded by {@link #lock}; replaced whole only by {@link #reload()}. */
    private volatile TopologyState state = new TopologyState();
    private final EventDispatcher events;
    /** Guarded by {@link #lock}. */
    private long version;
    /** Guarded by {@link #lock}; built on demand and dropped on every change. */
    private TopologySnapshot snapshot;

    private Topology(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = new EventDispatcher(store::durableMark);
        restore(store.load());
    }

    /** Opens the topology held in {@code store}, rebuilding the IP and VNI allocators from it. */
    public static Topology open(StateStore store) {
        Topology topology = new Topology(store);
        topology.change(() -> {
            topology.state.networks().forEach(n -> topology.completePendingDeletion(topology.state.requireNetwork(
                    n.name())));
            return null;
        });
        return topology;
    }

    /**
     * A cluster standby's copy of the topology held in {@code store}, kept current by {@link #reload()} and taken over
     * by {@link #lead()} when the standby is elected. Its store refuses writes until then, so nothing is written
     * while it follows (not even the completion of a pending network deletion, which {@link #lead()} does).
     */
    public static Topology follow(StateStore store) {
        return new Topology(store);
    }

    /** Reads the whole topology from the store again and replaces this copy with it (a follower's refresh). */
    public void reload() {
        TopologyState fresh = new TopologyState();
        StoredState stored = store.load();
        lock.lock();
        try {
            restoreInto(fresh, stored);
            state = fresh;
            version++;
            snapshot = null;
        } finally {
            lock.unlock();
        }
    }

    /** A follower becomes the leader's topology: what {@link #open} does after loading. */
    public void lead() {
        change(() -> {
            state.networks().forEach(n -> completePendingDeletion(state.requireNetwork(n.name())));
            return null;
        });
    }

    /** An empty topology that forgets everything when dropped: for tests and throw-away runs. */
    public static Topology inMemory() {
        return new Topology(new InMemoryStateStore());
    }

    private void restore(StoredState stored) {
        restoreInto(state, stored);
    }

    private static void restoreInto(TopologyState state, StoredState stored) {
        stored.networks().forEach(state::addNetwork);
        stored.endpoints().forEach(state::addEndpoint);
        stored.routers().forEach(state::putRouter);
        // Connection states and tunnel health describe a previous process; this one has seen nothing yet.
        stored.hosts().forEach(host -> state.putHost(host.withOvsdb(ConnectionState.DISCONNECTED)
                .withOpenflow(ConnectionState.DISCONNECTED).withTunnel(TunnelHealth.UNCHECKED)));
        log.info("Topology restored: {} networks, {} endpoints, {} hosts", stored.networks().size(),
                stored.endpoints().size(), stored.hosts().size());
    }

    // ---- networks

    public Network createNetwork(NetworkRequest request) {
        return change(() -> {
            Network network = NetworkPlanner.plan(request, state);
            store.putNetwork(network);
            state.addNetwork(network);
            committed(new NetworkAdded(network));
            return network;
        });
    }

    /** Deletes an empty network; refused with CONFLICT while it has endpoints. Returns the deleted network. */
    public Network deleteNetwork(String name) {
        return change(() -> {
            NetworkState network = state.requireNetwork(name);
            int remaining = network.endpointCount();
            if (remaining > 0) {
                throw TopologyException.conflict("network '" + name + "' still has " + endpoints(remaining)
                        + " (" + hostsOf(network) + "); delete them first");
            }
            removeNetworkNow(network);
            return network.network();
        });
    }

    /**
     * Deletes the network now if it has no endpoints; otherwise marks it for deletion ({@link Network#deletion}): it
     * takes no new endpoint and is deleted with its last one. For clients that cannot be refused, such as Docker,
     * whose {@code docker network rm} removes its own copy whatever the driver answers. Asking again changes nothing.
     *
     * @param requestedBy who asked, shown to users, e.g. "docker network rm on node2"
     */
    public NetworkDeletion deleteNetworkWhenEmpty(String name, String requestedBy) {
        Objects.requireNonNull(requestedBy, "requestedBy");
        return change(() -> {
            NetworkState network = state.requireNetwork(name);
            int remaining = network.endpointCount();
            if (remaining == 0) {
                removeNetworkNow(network);
                return new NetworkDeletion(network.network(), 0);
            }
            Network before = network.network();
            if (before.deletion().isEmpty()) {
                Network marked = before.withDeletion(Optional.of(requestedBy));
                store.putNetwork(marked);
                state.replaceNetwork(marked);
                committed(new NetworkUpdated(marked, before));
                log.info("network {} will be deleted with its last endpoint ({} left): {}", name, remaining,
                        requestedBy);
            }
            return new NetworkDeletion(network.network(), remaining);
        });
    }

    /** What {@link #deleteNetworkWhenEmpty} did: deleted the network, or left it marked with endpoints remaining. */
    public record NetworkDeletion(Network network, int remainingEndpoints) {
        public boolean deferred() {
            return remainingEndpoints > 0;
        }
    }

    /** Detaches the network from its router first: a router never names a network that is gone. */
    private void removeNetworkNow(NetworkState network) {
        String name = network.network().name();
        state.routerOf(name).ifPresent(router -> putRouter(router.withoutNetwork(name), router));
        store.removeNetwork(network.network().name());
        state.removeNetwork(network.network().name());
        committed(new NetworkRemoved(network.network()));
    }

    private static String endpoints(int count) {
        return count + (count == 1 ? " endpoint" : " endpoints");
    }

    private static String hostsOf(NetworkState network) {
        return "on " + String.join(", ", network.endpoints().stream()
                .map(e -> e.binding().map(OvsBinding::host).orElse(e.host())).distinct().sorted().toList());
    }

    public Optional<Network> network(String name) {
        return locked(() -> state.network(name).map(NetworkState::network));
    }

    /** All networks, sorted by name. */
    public List<Network> networks() {
        return locked(state::networks);
    }

    // ---- endpoints

    /** Creates a {@link EndpointStatus#PENDING} endpoint with a new UUID, picking its IP and MAC unless given. */
    public Endpoint createEndpoint(String networkName, EndpointRequest request) {
        return change(() -> createEndpointLocked(networkName, request));
    }

    private Endpoint createEndpointLocked(String networkName, EndpointRequest request) {
        NetworkState network = state.requireNetwork(networkName);
        network.network().deletion().ifPresent(requestedBy -> {
            throw TopologyException.conflict("network '" + networkName + "' is being deleted (" + requestedBy
                    + "): it takes no new endpoints and goes when its last one leaves ("
                    + network.endpointCount() + " left, " + hostsOf(network) + ")");
        });
        Endpoint endpoint = EndpointPlanner.plan(newEndpointId(), request, network, state);
        store.putEndpoint(endpoint);
        state.addEndpoint(endpoint);
        committed(new EndpointAdded(endpoint));
        return endpoint;
    }

    /** At most this many endpoints in one {@link #createEndpoints} call: one call holds the topology lock throughout. */
    public static final int MAX_BATCH = 1000;

    /** One item of {@link #createEndpoints}: the endpoint created, or why it was not. */
    public record EndpointCreation(Optional<Endpoint> endpoint, Optional<RuntimeException> failure) {
        static EndpointCreation created(Endpoint endpoint) {
            return new EndpointCreation(Optional.of(endpoint), Optional.empty());
        }

        static EndpointCreation refused(RuntimeException failure) {
            return new EndpointCreation(Optional.empty(), Optional.of(failure));
        }
    }

    /**
     * Creates endpoints in one network, each as {@link #createEndpoint} would, in order, and returns one result per
     * request: an item that is refused (a {@link TopologyException}, or a store that cannot take the write) changes
     * nothing and does not stop the others. The whole batch shares one lock hold and one fsync, which is what makes it
     * cheap. NOT_FOUND for an unknown network; INVALID for more than {@link #MAX_BATCH} requests.
     */
    public List<EndpointCreation> createEndpoints(String networkName, List<EndpointRequest> requests) {
        if (requests.size() > MAX_BATCH) {
            throw TopologyException.invalid("at most " + MAX_BATCH + " endpoints in one batch, got "
                    + requests.size());
        }
        return change(() -> {
            state.requireNetwork(networkName);
            List<EndpointCreation> results = new ArrayList<>(requests.size());
            for (EndpointRequest request : requests) {
                try {
                    results.add(EndpointCreation.created(createEndpointLocked(networkName, request)));
                } catch (TopologyException | StateStoreException refused) {
                    results.add(EndpointCreation.refused(refused));
                }
            }
            return results;
        });
    }

    private String newEndpointId() {
        String id;
        do {
            id = UUID.randomUUID().toString();
        } while (state.hasEndpointId(id));
        return id;
    }

    /** Deletes the endpoint of {@code networkName} with that name or id; returns it. Frees its IP and MAC. */
    public Endpoint deleteEndpoint(String networkName, String endpointNameOrId) {
        return change(() -> {
            Endpoint endpoint = requireEndpointIn(networkName, endpointNameOrId);
            store.removeEndpoint(endpoint.id());
            state.removeEndpoint(endpoint);
            committed(new EndpointRemoved(endpoint));
            completePendingDeletion(state.requireNetwork(networkName));
            return endpoint;
        });
    }

    /** A network marked for deletion goes with its last endpoint (also on opening, after a crash in between). */
    private void completePendingDeletion(NetworkState network) {
        if (network.network().deletion().isPresent() && network.endpointCount() == 0) {
            log.info("network {} deleted with its last endpoint ({})", network.network().name(),
                    network.network().deletion().get());
            removeNetworkNow(network);
        }
    }

    private Endpoint requireEndpointIn(String networkName, String nameOrId) {
        return findEndpointIn(state.requireNetwork(networkName), nameOrId).orElseThrow(() -> TopologyException
                .notFound("endpoint '" + nameOrId + "' not found in network '" + networkName + "'"));
    }

    private Optional<Endpoint> findEndpointIn(NetworkState network, String nameOrId) {
        return network.endpointNamed(nameOrId).or(() -> state.endpoint(nameOrId)
                .filter(e -> e.network().equals(network.network().name())));
    }

    /** Endpoints of a network sorted by name; NOT_FOUND if the network does not exist. */
    public List<Endpoint> endpoints(String networkName) {
        return locked(() -> state.requireNetwork(networkName).endpoints().stream()
                .sorted(Comparator.comparing(Endpoint::name)).toList());
    }

    /** The endpoint of {@code networkName} with that name or id; empty if either does not exist. */
    public Optional<Endpoint> endpoint(String networkName, String endpointNameOrId) {
        return locked(() -> state.network(networkName).flatMap(n -> findEndpointIn(n, endpointNameOrId)));
    }

    public Optional<Endpoint> endpointById(String id) {
        return locked(() -> state.endpoint(id));
    }

    /** Sets the status; a no-op (no write, no event) if it already has it. NOT_FOUND for an unknown id. */
    public Endpoint setEndpointStatus(String id, EndpointStatus status) {
        Objects.requireNonNull(status, "status");
        return change(() -> {
            Endpoint current = state.requireEndpoint(id);
            if (current.status() == status) {
                return current;
            }
            Endpoint updated = current.withStatus(status);
            replace(updated);
            committed(new EndpointStatusChanged(updated, current.status()));
            return updated;
        });
    }

    /**
     * Replaces the endpoint's DNS aliases (more names its network's DNS answers for it, such as a container's name
     * and hostname); a no-op if they are the same. Each is 1 to 63 characters from a-z 0-9 _ . - (case is ignored),
     * at most {@link Endpoint#MAX_ALIASES}.
     */
    public Endpoint setEndpointAliases(String networkName, String endpointNameOrId, List<String> aliases) {
        Objects.requireNonNull(aliases, "aliases");
        if (aliases.size() > Endpoint.MAX_ALIASES) {
            throw TopologyException.invalid("at most " + Endpoint.MAX_ALIASES + " aliases, got " + aliases.size());
        }
        for (String alias : aliases) {
            if (alias == null || !ALIAS.matcher(alias).matches() || alias.endsWith(".")) {
                throw TopologyException.invalid("invalid alias '" + alias + "': use 1 to 63 characters from a-z 0-9 _ . -"
                        + " starting with a letter or digit");
            }
        }
        return change(() -> {
            Endpoint current = requireEndpointIn(networkName, endpointNameOrId);
            Endpoint updated = current.withAliases(aliases);
            if (updated.aliases().equals(current.aliases())) {
                return current;
            }
            store.putEndpoint(updated);
            state.replaceEndpoint(updated);
            committed(new TopologyEvent.EndpointAliasesChanged(updated, current.aliases()));
            return updated;
        });
    }

    /** Records where OVS reports the endpoint's interface; a no-op if it is already bound there. */
    public Endpoint bindEndpoint(String id, String host, int ofport) {
        if (host == null || host.isEmpty()) {
            throw TopologyException.invalid("host is required to bind an endpoint");
        }
        OvsBinding binding = new OvsBinding(host, ofport);
        return change(() -> {
            Endpoint current = state.requireEndpoint(id);
            if (current.binding().equals(Optional.of(binding))) {
                return current;
            }
            Endpoint updated = current.withBinding(Optional.of(binding));
            replace(updated);
            committed(new EndpointBound(updated, current.binding()));
            return updated;
        });
    }

    /** Forgets the endpoint's OVS binding (its interface went away); a no-op if it has none. */
    public Endpoint unbindEndpoint(String id) {
        return change(() -> {
            Endpoint current = state.requireEndpoint(id);
            if (current.binding().isEmpty()) {
                return current;
            }
            Endpoint updated = current.withBinding(Optional.empty());
            replace(updated);
            committed(new EndpointUnbound(updated, current.binding().get()));
            return updated;
        });
    }

    /** A change of what is observed of an endpoint (binding, status); see {@link StateStore#putEndpointObservation}. */
    private void replace(Endpoint endpoint) {
        store.putEndpointObservation(endpoint);
        state.replaceEndpoint(endpoint);
    }

    // ---- routers

    public Router createRouter(String name) {
        Names.requireValid("router name", name);
        return change(() -> {
            if (state.router(name).isPresent()) {
                throw TopologyException.conflict("router '" + name + "' already exists");
            }
            int id = state.lowestFreeRouterId().orElseThrow(() -> TopologyException.conflict(
                    "no router id is left: " + Router.MAX_ID + " routers exist"));
            Router router = new Router(name, id, List.of());
            store.putRouter(router);
            state.putRouter(router);
            committed(new RouterUpdated(router, Optional.empty()));
            return router;
        });
    }

    /** Deletes a router with no network attached; refused with CONFLICT otherwise. */
    public Router deleteRouter(String name) {
        return change(() -> {
            Router router = state.requireRouter(name);
            if (!router.networks().isEmpty()) {
                throw TopologyException.conflict("router '" + name + "' still routes " + String.join(", ",
                        router.networks()) + "; detach them first");
            }
            store.removeRouter(name);
            state.removeRouter(name);
            committed(new RouterRemoved(router));
            return router;
        });
    }

    /**
     * Attaches a network to a router: its endpoints then reach those of the router's other networks through their
     * gateways. Refused if the network is on another router, is being deleted, or its subnet overlaps a network
     * already on this router (an address must name one endpoint). Attaching it again changes nothing.
     */
    public Router attachNetwork(String routerName, String networkName) {
        return change(() -> {
            Router router = state.requireRouter(routerName);
            Network network = state.requireNetwork(networkName).network();
            if (router.routes(networkName)) {
                return router;
            }
            state.routerOf(networkName).ifPresent(other -> {
                throw TopologyException.conflict("network '" + networkName + "' is attached to router '"
                        + other.name() + "'; detach it there first");
            });
            network.deletion().ifPresent(by -> {
                throw TopologyException.conflict("network '" + networkName + "' is being deleted (" + by + ")");
            });
            for (String attached : router.networks()) {
                Network other = state.requireNetwork(attached).network();
                if (other.subnet().overlaps(network.subnet())) {
                    throw TopologyException.conflict("network '" + networkName + "' (" + network.subnet()
                            + ") overlaps network '" + attached + "' (" + other.subnet() + ") on router '"
                            + routerName + "': the networks of one router need distinct addresses");
                }
            }
            return putRouter(router.withNetwork(networkName), router);
        });
    }

    /** Detaches a network from a router; NOT_FOUND if it is not attached there. */
    public Router detachNetwork(String routerName, String networkName) {
        return change(() -> {
            Router router = state.requireRouter(routerName);
            if (!router.routes(networkName)) {
                throw TopologyException.notFound("network '" + networkName + "' is not attached to router '"
                        + routerName + "'");
            }
            return putRouter(router.withoutNetwork(networkName), router);
        });
    }

    private Router putRouter(Router updated, Router previous) {
        store.putRouter(updated);
        state.putRouter(updated);
        committed(new RouterUpdated(updated, Optional.of(previous)));
        return updated;
    }

    public Optional<Router> router(String name) {
        return locked(() -> state.router(name));
    }

    /** The router the network is attached to, if any. */
    public Optional<Router> routerOf(String network) {
        return locked(() -> state.routerOf(network));
    }

    /** All routers, sorted by name. */
    public List<Router> routers() {
        return locked(state::routers);
    }

    // ---- hosts

    /** Inserts or replaces a host as the southbound reports it; a no-op if nothing changed. */
    public Host upsertHost(Host host) {
        Objects.requireNonNull(host, "host");
        return updateHost(host.name(), current -> host);
    }

    /**
     * Atomically applies {@code change} to the named host, or to {@link Host#named} if it is not known yet, so that
     * the OVSDB and OpenFlow sides can each update their part without losing the other's. {@code change} runs under
     * the topology lock: keep it a quick, pure function. It must not rename the host.
     */
    public Host updateHost(String name, UnaryOperator<Host> change) {
        Objects.requireNonNull(change, "change");
        return change(() -> {
            Optional<Host> previous = state.host(name);
            Host updated = Objects.requireNonNull(change.apply(previous.orElseGet(() -> Host.named(name))), "host");
            if (!updated.name().equals(name)) {
                throw new IllegalArgumentException("host update renamed '" + name + "' to '" + updated.name() + "'");
            }
            if (previous.equals(Optional.of(updated))) {
                return updated;
            }
            store.putHost(updated);
            state.putHost(updated);
            committed(new HostUpdated(updated, previous));
            return updated;
        });
    }

    /** Removes a host the southbound no longer sees; returns it, or empty if unknown. Its endpoints stay. */
    public Optional<Host> removeHost(String name) {
        return change(() -> {
            Optional<Host> host = state.host(name);
            host.ifPresent(removed -> {
                store.removeHost(name);
                state.removeHost(name);
                committed(new HostRemoved(removed));
            });
            return host;
        });
    }

    public Optional<Host> host(String name) {
        return locked(() -> state.host(name));
    }

    /** All hosts, sorted by name. */
    public List<Host> hosts() {
        return locked(state::hosts);
    }

    /** Why the store cannot take writes right now, if it cannot (see {@link StateStore#writeProblem}). */
    public Optional<String> storeProblem() {
        return store.writeProblem();
    }

    // ---- whole-state views and events

    /** The whole topology at the latest commit. Cheap when nothing changed since the previous call. */
    public TopologySnapshot snapshot() {
        return locked(() -> {
            if (snapshot == null) {
                snapshot = state.snapshot(version);
            }
            return snapshot;
        });
    }

    /** Registers a listener for changes committed from now on. */
    public void addListener(TopologyListener listener) {
        events.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(TopologyListener listener) {
        events.removeListener(listener);
    }

    // ---- locking

    /**
     * Runs a change under the lock, waits outside it until the change is durable, then delivers the events it (and
     * any racing change) committed. A change made while the lock is held (from inside another change) is the outer
     * change's to wait for.
     */
    private <T> T change(Supplier<T> body) {
        if (lock.isHeldByCurrentThread()) {
            return body.get();
        }
        T result;
        long mark;
        lock.lock();
        try {
            result = body.get();
        } catch (RuntimeException refused) {
            // A refused change staged nothing, but events of racing changes may be waiting for a delivering thread.
            mark = store.writeMark();
            lock.unlock();
            settleAfterFailure(mark, refused);
            throw refused;
        }
        mark = store.writeMark();
        lock.unlock();
        store.awaitDurable(mark);
        events.deliverPending();
        return result;
    }

    private void settleAfterFailure(long mark, RuntimeException refused) {
        try {
            store.awaitDurable(mark);
            events.deliverPending();
        } catch (RuntimeException alsoFailed) {
            refused.addSuppressed(alsoFailed);
        }
    }

    /**
     * Reads under the lock, then waits until what it read is durable (normally at once: only a read racing a write's
     * fsync waits). Once the store has failed for good, reads still answer with what this process holds.
     */
    private <T> T locked(Supplier<T> body) {
        if (lock.isHeldByCurrentThread()) {
            return body.get();
        }
        T result;
        long mark;
        lock.lock();
        try {
            result = body.get();
            mark = store.writeMark();
        } finally {
            lock.unlock();
        }
        if (store.durableMark() < mark) {
            try {
                store.awaitDurable(mark);
            } catch (RuntimeException storeFailed) {
                log.debug("read after the store failed: {}", storeFailed.toString());
            }
        }
        return result;
    }

    /** Call under the lock, after the store write and the in-memory change succeeded. */
    private void committed(TopologyEvent event) {
        version++;
        snapshot = null;
        events.enqueue(event, store.writeMark());
    }
}
