package io.weft.apps.overlay.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointLifetime;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which endpoints the reaper removes and when, on a real topology. The clock is the test's; the reaper's own
 * scheduled checks are a real minute away and never run here: the test makes each check itself, at the moment it names.
 */
class UnpluggedEndpointReaperTest {
    private static final Duration GRACE = Duration.ofSeconds(60);

    private final ScheduledExecutorService neverInTime = Executors.newSingleThreadScheduledExecutor();
    private final TestClock clock = new TestClock();
    private Topology topology;
    private UnpluggedEndpointReaper reaper;

    @BeforeEach
    void setUp() {
        topology = Topology.inMemory();
        topology.upsertHost(Host.named("node1").withOvsdb(ConnectionState.CONNECTED));
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        reaper = new UnpluggedEndpointReaper(topology, neverInTime, GRACE, clock);
        reaper.start();
    }

    @AfterEach
    void tearDown() {
        reaper.stop();
        neverInTime.shutdownNow();
    }

    private Endpoint create(String name, EndpointLifetime lifetime) {
        return topology.createEndpoint("net1", EndpointRequest.of(name, "node1").withLifetime(lifetime));
    }

    private boolean exists(Endpoint e) {
        return topology.endpointById(e.id()).isPresent();
    }

    @Test
    void aPortEndpointWhosePortIsGoneForTheGraceIsRemoved() {
        Endpoint e = create("cni-1", EndpointLifetime.PORT);
        topology.bindEndpoint(e.id(), "node1", 5);
        clock.advance(Duration.ofMinutes(5));
        topology.unbindEndpoint(e.id());
        clock.advance(GRACE.minusSeconds(1));
        reaper.check(e.id());
        assertThat(exists(e)).as("one second short of the grace").isTrue();
        clock.advance(Duration.ofSeconds(1));
        reaper.check(e.id());
        assertThat(exists(e)).isFalse();
    }

    @Test
    void aManagedEndpointStaysWithoutItsPort() {
        Endpoint e = create("docker-1", EndpointLifetime.MANAGED);
        topology.bindEndpoint(e.id(), "node1", 5);
        topology.unbindEndpoint(e.id());
        clock.advance(GRACE.multipliedBy(10));
        reaper.check(e.id());
        assertThat(exists(e)).isTrue();
    }

    @Test
    void aPortEndpointNeverPluggedIsRemovedAfterTheGrace() {
        Endpoint e = create("cni-2", EndpointLifetime.PORT);
        clock.advance(GRACE);
        reaper.check(e.id());
        assertThat(exists(e)).isFalse();
    }

    @Test
    void pluggingAgainKeepsItAndAnotherUnplugStartsTheGraceAgain() {
        Endpoint e = create("cni-3", EndpointLifetime.PORT);
        topology.bindEndpoint(e.id(), "node1", 5);
        topology.unbindEndpoint(e.id());
        clock.advance(Duration.ofSeconds(30));
        topology.bindEndpoint(e.id(), "node1", 6);
        clock.advance(Duration.ofSeconds(30));
        reaper.check(e.id());
        assertThat(exists(e)).as("plugged again").isTrue();
        topology.unbindEndpoint(e.id());
        clock.advance(Duration.ofSeconds(10));
        reaper.check(e.id());
        assertThat(exists(e)).as("unplugged again 10 s ago").isTrue();
        clock.advance(GRACE);
        reaper.check(e.id());
        assertThat(exists(e)).isFalse();
    }

    @Test
    void nothingIsRemovedWhileTheHostCannotSay() {
        Endpoint e = create("cni-4", EndpointLifetime.PORT);
        topology.bindEndpoint(e.id(), "node1", 5);
        topology.unbindEndpoint(e.id());
        topology.updateHost("node1", h -> h.withOvsdb(ConnectionState.DISCONNECTED));
        clock.advance(GRACE.multipliedBy(3));
        reaper.check(e.id());
        assertThat(exists(e)).as("host disconnected").isTrue();
        topology.updateHost("node1", h -> h.withOvsdb(ConnectionState.CONNECTED));
        reaper.check(e.id());
        assertThat(exists(e)).as("its host is back and the port is still gone").isFalse();
    }

    @Test
    void unpluggedPortEndpointsFoundAtStartAreTimedFromThen() {
        Endpoint e = create("cni-5", EndpointLifetime.PORT);
        reaper.stop();
        clock.advance(GRACE.multipliedBy(5));
        UnpluggedEndpointReaper restarted = new UnpluggedEndpointReaper(topology, neverInTime, GRACE, clock);
        restarted.start();
        try {
            clock.advance(GRACE.minusSeconds(1));
            restarted.check(e.id());
            assertThat(exists(e)).as("a restart gives the full grace again").isTrue();
            clock.advance(Duration.ofSeconds(1));
            restarted.check(e.id());
            assertThat(exists(e)).isFalse();
        } finally {
            restarted.stop();
        }
    }

    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
