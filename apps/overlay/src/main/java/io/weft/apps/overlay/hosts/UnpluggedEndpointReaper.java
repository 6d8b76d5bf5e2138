package io.weft.apps.overlay.hosts;

import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointLifetime;
import io.weft.topology.Topology;
import io.weft.topology.TopologyEvent;
import io.weft.topology.TopologyException;
import io.weft.topology.TopologyListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes endpoints of lifetime {@link EndpointLifetime#PORT} whose port has been gone for the grace period while
 * their host was connected: a CNI DEL that never came (host crash, runtime that lost the container, {@code ctr run
 * -d}) leaks nothing. "Gone" is what the host's OVSDB reports: an endpoint stays bound through a disconnection and
 * is unbound only by a connected host's report (or its resync after reconnecting), so a controller restart or a
 * host that is briefly unreachable removes nothing. An endpoint never plugged is gone from its creation.
 */
public final class UnpluggedEndpointReaper implements TopologyListener {
    private static final Logger LOG = LoggerFactory.getLogger(UnpluggedEndpointReaper.class);

    private final Topology topology;
    private final ScheduledExecutorService scheduler;
    private final Duration grace;
    private final Clock clock;
    /** Since when each port-lifetime endpoint has been unplugged: one entry per such endpoint at most. */
    private final Map<String, Instant> unpluggedSince = new ConcurrentHashMap<>();
    /** Endpoints with a check scheduled: one at most each, however often a host flaps their port. */
    private final Set<String> checkPending = ConcurrentHashMap.newKeySet();

    public UnpluggedEndpointReaper(Topology topology, ScheduledExecutorService scheduler, Duration grace, Clock clock) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the grace period must be positive");
        }
        this.topology = topology;
        this.scheduler = scheduler;
        this.grace = grace;
        this.clock = clock;
    }

    /** Subscribes, then starts the clock for every port-lifetime endpoint unplugged now. */
    public void start() {
        topology.addListener(this);
        for (Endpoint e : topology.snapshot().endpoints().values()) {
            if (e.lifetime() == EndpointLifetime.PORT && e.binding().isEmpty()) {
                unplugged(e.id());
            }
        }
    }

    public void stop() {
        topology.removeListener(this);
    }

    @Override
    public void onChange(TopologyEvent event) {
        if (event instanceof TopologyEvent.EndpointAdded added && added.endpoint().lifetime() == EndpointLifetime.PORT) {
            unplugged(added.endpoint().id());
        } else if (event instanceof TopologyEvent.EndpointUnbound unbound
                && unbound.endpoint().lifetime() == EndpointLifetime.PORT) {
            unplugged(unbound.endpoint().id());
        } else if (event instanceof TopologyEvent.EndpointBound bound) {
            unpluggedSince.remove(bound.endpoint().id());
        } else if (event instanceof TopologyEvent.EndpointRemoved removed) {
            unpluggedSince.remove(removed.endpoint().id());
        }
    }

    private void unplugged(String id) {
        unpluggedSince.put(id, clock.instant());
        checkIn(id, grace);
    }

    private void checkIn(String id, Duration delay) {
        if (checkPending.add(id)) {
            scheduler.schedule(() -> check(id), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on the scheduler: deletes the endpoint if it is still unplugged, for the whole grace, on a connected host. */
    void check(String id) {
        checkPending.remove(id);
        Instant since = unpluggedSince.get(id);
        Optional<Endpoint> endpoint = topology.endpointById(id);
        if (since == null || endpoint.isEmpty() || endpoint.get().binding().isPresent()) {
            unpluggedSince.remove(id);
            return;
        }
        Duration waited = Duration.between(since, clock.instant());
        Endpoint e = endpoint.get();
        boolean hostConnected = topology.host(e.host()).map(h -> h.ovsdb() == ConnectionState.CONNECTED).orElse(false);
        if (waited.compareTo(grace) < 0 || !hostConnected) {
            // replugged and unplugged again meanwhile, or its host cannot say: look again later
            checkIn(id, hostConnected ? grace.minus(waited) : grace);
            return;
        }
        try {
            topology.deleteEndpoint(e.network(), e.id());
            LOG.info("endpoint {} on {} removed: its port on {} has been gone for {} s (lifetime: port)", e.name(),
                    e.network(), e.host(), waited.toSeconds());
        } catch (TopologyException gone) {
            LOG.debug("endpoint {} already removed: {}", e.name(), gone.getMessage());
        }
        unpluggedSince.remove(id);
    }
}
