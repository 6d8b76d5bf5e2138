package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.assertRefused;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Topology topology = topologyWithHost();

    @Test
    void attachesNetworksWithDistinctSubnetsAndIdsFromOne() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("net2", "10.20.0.0/16"));
        List<TopologyEvent> events = new ArrayList<>();
        topology.addListener(events::add);

        Router r1 = topology.createRouter("r1");
        topology.attachNetwork("r1", "net2");
        Router attached = topology.attachNetwork("r1", "net1");

        assertThat(r1.id()).isEqualTo(1);
        assertThat(topology.createRouter("r2").id()).isEqualTo(2);
        assertThat(attached.networks()).containsExactly("net1", "net2");
        assertThat(topology.router("r1")).contains(attached);
        assertThat(topology.snapshot().routers()).containsOnlyKeys("r1", "r2");
        assertThat(events.get(0)).isEqualTo(new TopologyEvent.RouterUpdated(r1, Optional.empty()));
        assertThat(events.get(2)).isEqualTo(new TopologyEvent.RouterUpdated(attached,
                Optional.of(new Router("r1", 1, List.of("net2")))));
    }

    @Test
    void attachingAgainChangesNothing() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createRouter("r1");
        topology.attachNetwork("r1", "net1");
        TopologySnapshot before = topology.snapshot();

        topology.attachNetwork("r1", "net1");

        assertThat(topology.snapshot()).isEqualTo(before);
    }

    @Test
    void refusesOverlappingSubnetsOnOneRouterButNotOnTwo() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("copy", "10.10.0.0/16"));
        topology.createRouter("r1");
        topology.createRouter("r2");
        topology.attachNetwork("r1", "net1");

        assertRefused(topology, ErrorKind.CONFLICT, "network 'copy' (10.10.0.0/16) overlaps network 'net1'",
                t -> t.attachNetwork("r1", "copy"));
        topology.attachNetwork("r2", "copy");
        assertThat(topology.router("r2").orElseThrow().networks()).containsExactly("copy");
    }

    @Test
    void aNetworkIsOnOneRouterAtMost() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createRouter("r1");
        topology.createRouter("r2");
        topology.attachNetwork("r1", "net1");

        assertRefused(topology, ErrorKind.CONFLICT, "network 'net1' is attached to router 'r1'",
                t -> t.attachNetwork("r2", "net1"));
    }

    @Test
    void refusesUnknownNamesDuplicatesAndDeletingARouterInUse() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createRouter("r1");

        assertRefused(topology, ErrorKind.CONFLICT, "router 'r1' already exists", t -> t.createRouter("r1"));
        assertRefused(topology, ErrorKind.INVALID, "invalid router name", t -> t.createRouter("no/slash"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "router 'nope' not found", t -> t.attachNetwork("nope", "net1"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "network 'nope' not found", t -> t.attachNetwork("r1", "nope"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "network 'net1' is not attached to router 'r1'",
                t -> t.detachNetwork("r1", "net1"));
        topology.attachNetwork("r1", "net1");
        assertRefused(topology, ErrorKind.CONFLICT, "router 'r1' still routes net1; detach them first",
                t -> t.deleteRouter("r1"));

        topology.detachNetwork("r1", "net1");
        topology.deleteRouter("r1");
        assertThat(topology.routers()).isEmpty();
        assertThat(topology.createRouter("again").id()).as("the freed id is reused").isEqualTo(1);
    }

    @Test
    void aNetworkBeingDeletedCannotBeAttached() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createEndpoint("net1", EndpointRequest.of("a", HOST));
        topology.deleteNetworkWhenEmpty("net1", "docker network rm on node2");
        topology.createRouter("r1");

        assertRefused(topology, ErrorKind.CONFLICT, "network 'net1' is being deleted",
                t -> t.attachNetwork("r1", "net1"));
    }

    @Test
    void deletingANetworkDetachesItFirst() {
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("net2", "10.20.0.0/24"));
        topology.createRouter("r1");
        topology.attachNetwork("r1", "net1");
        topology.attachNetwork("r1", "net2");
        List<TopologyEvent> events = new ArrayList<>();
        topology.addListener(events::add);

        topology.deleteNetwork("net1");

        assertThat(topology.router("r1").orElseThrow().networks()).containsExactly("net2");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(TopologyEvent.RouterUpdated.class);
        assertThat(events.get(1)).isInstanceOf(TopologyEvent.NetworkRemoved.class);
    }
}
