package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostTest {
    private final Topology topology = Topology.inMemory();

    @Test
    void upsertsAndRemovesHosts() {
        Host host = Host.named("node-a").withTunnelIp(OptionalInt.of(Ipv4.parse("192.168.1.10")))
                .withOvsdb(ConnectionState.CONNECTED).withDatapathId(Optional.of("00000000000000AB"));

        assertThat(topology.upsertHost(host)).isEqualTo(host);
        assertThat(topology.host("node-a")).contains(host);
        assertThat(host.datapathId()).contains("00000000000000ab");

        Host notReady = host.withNotReadyReason(Optional.of("missing external_ids:weft-tunnel-ip"));
        topology.upsertHost(notReady);
        assertThat(topology.hosts()).containsExactly(notReady);

        assertThat(topology.removeHost("node-a")).contains(notReady);
        assertThat(topology.removeHost("node-a")).isEmpty();
        assertThat(topology.hosts()).isEmpty();
    }

    @Test
    void updateHostLetsEachSouthboundChangeItsOwnPart() {
        topology.updateHost("node-a", h -> h.withOvsdb(ConnectionState.CONNECTED));
        topology.updateHost("node-a", h -> h.withOpenflow(ConnectionState.CONNECTED));

        Host host = topology.host("node-a").orElseThrow();
        assertThat(host.ovsdb()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(host.openflow()).isEqualTo(ConnectionState.CONNECTED);
        assertThatThrownBy(() -> topology.updateHost("node-a", h -> Host.named("node-b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInvalidHostValues() {
        assertRefused(topology, ErrorKind.INVALID, "invalid datapath id '12'",
                t -> t.upsertHost(Host.named("node-a").withDatapathId(Optional.of("12"))));
        assertRefused(topology, ErrorKind.INVALID, "invalid host name 'a b'", t -> t.upsertHost(Host.named("a b")));
    }

    @Test
    void removingAHostKeepsItsEndpoints() {
        topology.upsertHost(Host.named("node-a"));
        topology.createNetwork(NetworkRequest.of("blue", "10.0.0.0/24"));
        Endpoint endpoint = topology.createEndpoint("blue", EndpointRequest.of("web", "node-a"));

        topology.removeHost("node-a");

        assertThat(topology.endpointById(endpoint.id())).contains(endpoint);
    }
}
