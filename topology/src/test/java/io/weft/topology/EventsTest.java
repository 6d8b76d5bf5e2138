package io.weft.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.TopologyEvent.EndpointAdded;
import io.weft.topology.TopologyEvent.EndpointBound;
import io.weft.topology.TopologyEvent.EndpointRemoved;
import io.weft.topology.TopologyEvent.EndpointStatusChanged;
import io.weft.topology.TopologyEvent.EndpointUnbound;
import io.weft.topology.TopologyEvent.HostRemoved;
import io.weft.topology.TopologyEvent.HostUpdated;
import io.weft.topology.TopologyEvent.NetworkAdded;
import io.weft.topology.TopologyEvent.NetworkRemoved;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventsTest {
    private final Topology topology = Topology.inMemory();
    private final List<TopologyEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Test
    void deliversEveryChangeInOrderWithItsContent() {
        topology.addListener(events::add);

        Host host = topology.upsertHost(Host.named("node-a"));
        Host connected = topology.upsertHost(host.withOvsdb(ConnectionState.CONNECTED));
        Network network = topology.createNetwork(NetworkRequest.of("blue", "10.0.0.0/24"));
        Endpoint created = topology.createEndpoint("blue", EndpointRequest.of("web", "node-a"));
        Endpoint installed = topology.setEndpointStatus(created.id(), EndpointStatus.INSTALLED);
        Endpoint bound = topology.bindEndpoint(created.id(), "node-a", 5);
        Endpoint unbound = topology.unbindEndpoint(created.id());
        Endpoint deleted = topology.deleteEndpoint("blue", "web");
        topology.deleteNetwork("blue");
        topology.removeHost("node-a");

        assertThat(events).containsExactly(
                new HostUpdated(host, Optional.empty()),
                new HostUpdated(connected, Optional.of(host)),
                new NetworkAdded(network),
                new EndpointAdded(created),
                new EndpointStatusChanged(installed, EndpointStatus.PENDING),
                new EndpointBound(bound, Optional.empty()),
                new EndpointUnbound(unbound, new OvsBinding("node-a", 5)),
                new EndpointRemoved(deleted),
                new NetworkRemoved(network),
                new HostRemoved(connected));
        assertThat(deleted).isEqualTo(unbound);
    }

    @Test
    void refusedAndNoOpOperationsProduceNoEvents() {
        topology.upsertHost(Host.named("node-a"));
        topology.addListener(events::add);

        topology.upsertHost(Host.named("node-a"));
        topology.removeHost("ghost");
        try {
            topology.createNetwork(NetworkRequest.of("bad", "10.0.0.1/24"));
        } catch (TopologyException expected) {
            // refused, as intended
        }

        assertThat(events).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotStopOthers() {
        topology.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        topology.addListener(events::add);

        topology.upsertHost(Host.named("node-a"));

        assertThat(events).hasSize(1);
    }

    @Test
    void listenersMayChangeTheTopologyAndStillSeeCommitOrder() {
        topology.addListener(event -> {
            if (event instanceof NetworkAdded added && added.network().name().equals("first")) {
                topology.createNetwork(NetworkRequest.of("second", "10.1.0.0/24"));
            }
        });
        topology.addListener(events::add);

        topology.createNetwork(NetworkRequest.of("first", "10.0.0.0/24"));

        assertThat(events).extracting(e -> ((NetworkAdded) e).network().name()).containsExactly("first", "second");
    }

    @Test
    void concurrentChangesAreDeliveredInCommitOrder() throws Exception {
        topology.upsertHost(Host.named("node-a"));
        topology.createNetwork(NetworkRequest.of("blue", "10.0.0.0/16"));
        topology.addListener(events::add);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        topology.createEndpoint("blue", EndpointRequest.of("e" + thread + "-" + i, "node-a"));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Allocation is lowest-free under the lock, so commit order is exactly ascending IP order.
        assertThat(events).hasSize(400);
        assertThat(events).extracting(e -> ((EndpointAdded) e).endpoint().ip()).isSorted();
        assertThat(topology.snapshot().version()).isEqualTo(402);
    }
}
