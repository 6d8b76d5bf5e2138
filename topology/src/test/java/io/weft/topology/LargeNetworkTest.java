package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.ip;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** IPAM must not slow down as a network fills: 60,000 endpoints in a /16 is a normal size. */
class LargeNetworkTest {
    private static final int ENDPOINTS = 60_000;

    @Test
    void fillsASlash16WithSixtyThousandEndpoints() {
        Topology topology = topologyWithHost();
        Network network = topology.createNetwork(NetworkRequest.of("big", "172.16.0.0/16"));
        int base = network.subnet().networkAddress();

        BitSet seen = new BitSet();
        for (int i = 0; i < ENDPOINTS; i++) {
            Endpoint endpoint = topology.createEndpoint("big", EndpointRequest.of("e" + i, HOST));
            int offset = endpoint.ip() - base;
            assertThat(seen.get(offset)).as("duplicate %s", ip(endpoint)).isFalse();
            seen.set(offset);
        }
        // Lowest-free allocation fills .0.2 upwards without gaps.
        assertThat(seen.nextClearBit(2)).isEqualTo(ENDPOINTS + 2);

        // Frees in the middle are found again first.
        Endpoint middle = topology.endpoint("big", "e30000").orElseThrow();
        topology.deleteEndpoint("big", "e30000");
        assertThat(topology.createEndpoint("big", EndpointRequest.of("again", HOST)).ip()).isEqualTo(middle.ip());
        assertThat(topology.snapshot().endpointsIn("big")).hasSize(ENDPOINTS);
    }
}
