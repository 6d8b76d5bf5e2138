package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code installed} and the host-side mark, without switches: confirmations are fed by hand, as reconcilers would
 * report them. net1's endpoints wait for node1 and node2 unless a test says otherwise.
 */
class InstallTrackerTest {
    private final Topology topology = Topology.inMemory();
    /** Each mark, with the endpoint's status at the moment it was written. */
    private final List<String> marks = new ArrayList<>();
    private final Set<String> needed = new HashSet<>(Set.of("node1", "node2"));
    private final InstallTracker tracker = new InstallTracker(topology, (host, id) -> marks.add(host + " " + id + " "
            + topology.endpointById(id).orElseThrow().status()), network -> Set.copyOf(needed), OverlayObserver.NONE);
    private Endpoint e;

    @BeforeEach
    void setUp() {
        topology.upsertHost(Host.named("node1"));
        topology.upsertHost(Host.named("node2"));
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        e = topology.createEndpoint("net1", EndpointRequest.of("a", "node1"));
    }

    private EndpointStatus status() {
        return topology.endpointById(e.id()).orElseThrow().status();
    }

    @Test
    void installedOnceEveryNeededHostConfirmedTheChangeThatBoundIt() {
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 5);

        tracker.confirmed("node1", 5, Set.of("net1"));
        tracker.confirmed("node2", 4, Set.of("net1"));
        assertThat(marks).isEmpty();
        assertThat(status()).isEqualTo(EndpointStatus.PENDING);

        tracker.confirmed("node2", 5, Set.of("net1"));
        assertThat(marks).as("the mark is written before the status").containsExactly("node1 " + e.id() + " PENDING");
        assertThat(status()).isEqualTo(EndpointStatus.INSTALLED);
    }

    @Test
    void anUnboundEndpointWaitsForNothingAndStaysPending() {
        tracker.require(e, 1);
        tracker.confirmed("node1", 9, Set.of("net1"));
        tracker.confirmed("node2", 9, Set.of("net1"));

        assertThat(marks).isEmpty();
        assertThat(status()).isEqualTo(EndpointStatus.PENDING);
    }

    @Test
    void aNewBindingWaitsForItsOwnChangeAndIsMarkedWhereItIsNow() {
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 1);
        e = topology.bindEndpoint(e.id(), "node2", 7);
        tracker.require(e, 3);

        tracker.confirmed("node1", 2, Set.of("net1"));
        tracker.confirmed("node2", 2, Set.of("net1"));
        assertThat(marks).as("a confirmation older than the new binding").isEmpty();

        tracker.confirmed("node1", 3, Set.of("net1"));
        tracker.confirmed("node2", 3, Set.of("net1"));
        assertThat(marks).containsExactly("node2 " + e.id() + " PENDING");
    }

    @Test
    void askingAgainForTheSameBindingKeepsTheEarlierWait() {
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 1);
        tracker.require(e, 9);

        tracker.confirmed("node1", 1, Set.of("net1"));
        tracker.confirmed("node2", 1, Set.of("net1"));
        assertThat(marks).hasSize(1);
    }

    @Test
    void aRemovedEndpointIsNeverMarked() {
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 1);
        tracker.forget(e);
        topology.deleteEndpoint("net1", e.id());

        tracker.confirmed("node1", 5, Set.of("net1"));
        tracker.confirmed("node2", 5, Set.of("net1"));
        assertThat(marks).isEmpty();
    }

    @Test
    void aHostWhoseSwitchReconnectedMustConfirmAgain() {
        tracker.confirmed("node1", 10, Set.of());
        tracker.reset("node1");
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 5);

        tracker.confirmed("node2", 10, Set.of("net1"));
        assertThat(marks).isEmpty();
        tracker.confirmed("node1", 5, Set.of("net1"));
        assertThat(marks).hasSize(1);
    }

    @Test
    void theHostsNeededAreTheCallersToSayForExampleARoutersOtherHosts() {
        needed.add("node3"); // a host with a bound endpoint in another network of net1's router
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 1);
        tracker.confirmed("node1", 1, Set.of("net1"));
        tracker.confirmed("node2", 1, Set.of("net1"));
        assertThat(marks).isEmpty();

        tracker.confirmed("node3", 1, Set.of("net1"));
        assertThat(marks).hasSize(1);
    }

    @Test
    void aConfirmationChecksOnlyTheNetworksItNames() {
        e = topology.bindEndpoint(e.id(), "node1", 1);
        tracker.require(e, 1);
        tracker.confirmed("node1", 1, Set.of("net1"));
        tracker.confirmed("node2", 1, Set.of("other"));
        assertThat(marks).isEmpty();

        tracker.confirmed("node2", 1, Set.of("net1"));
        assertThat(marks).hasSize(1);
    }
}
