package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.assertRefused;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refused operation must leave the whole topology, including allocators, exactly as it was. */
class FailedOperationsTest {
    private final Topology topology = topologyWithHost();
    private Endpoint web;

    @BeforeEach
    void populate() {
        topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24").withVni(300));
        web = topology.createEndpoint("blue", EndpointRequest.of("web", HOST));
        topology.bindEndpoint(web.id(), HOST, 4);
    }

    @Test
    void everyRefusalLeavesTheSnapshotUnchanged() {
        assertRefused(topology, ErrorKind.CONFLICT, "already exists",
                t -> t.createNetwork(NetworkRequest.of("blue", "10.0.0.0/24")));
        assertRefused(topology, ErrorKind.CONFLICT, "vni 300",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.0.0/24").withVni(300)));
        assertRefused(topology, ErrorKind.INVALID, "host bits",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.0.1/24")));
        assertRefused(topology, ErrorKind.INVALID, "a network request is required", t -> t.createNetwork(null));
        assertRefused(topology, ErrorKind.CONFLICT, "still has 1 endpoint (on host-1); delete them first", t -> t.deleteNetwork("blue"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "not found", t -> t.deleteNetwork("red"));
        assertRefused(topology, ErrorKind.CONFLICT, "already used by endpoint 'web'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.2")));
        assertRefused(topology, ErrorKind.CONFLICT, "already used by endpoint 'web'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withMac("02:42:0a:0a:0a:02")));
        assertRefused(topology, ErrorKind.CONFLICT, "already exists",
                t -> t.createEndpoint("blue", EndpointRequest.of("web", HOST)));
        assertRefused(topology, ErrorKind.INVALID, "unknown host",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", "ghost")));
        assertRefused(topology, ErrorKind.INVALID, "invalid ofport",
                t -> t.bindEndpoint(web.id(), HOST, 0xff01));
        assertRefused(topology, ErrorKind.NOT_FOUND, "not found", t -> t.deleteEndpoint("blue", "ghost"));
    }

    @Test
    void aRefusedRequestDoesNotConsumeAnAddressOrVni() {
        assertRefused(topology, ErrorKind.INVALID, "unknown host",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", "ghost")));
        assertRefused(topology, ErrorKind.INVALID, "invalid mtu",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.0.0/24").withMtu(1)));

        assertThat(Ipv4.format(topology.createEndpoint("blue", EndpointRequest.of("next", HOST)).ip()))
                .isEqualTo("10.10.10.3");
        assertThat(topology.createNetwork(NetworkRequest.of("red", "10.0.0.0/24")).vni()).isEqualTo(256);
    }
}
