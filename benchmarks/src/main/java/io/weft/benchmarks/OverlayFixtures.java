package io.weft.benchmarks;

import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Topologies shaped like the scenarios: networks of 100 bound endpoints, each spread over
 * 10 hosts (10 endpoints per host per network), hosts reused round-robin.
 */
final class OverlayFixtures {
    static final int ENDPOINTS_PER_NETWORK = 100;
    static final int HOSTS_PER_NETWORK = 10;

    private OverlayFixtures() {
    }

    static Topology build(int hosts, int endpoints) {
        Topology t = Topology.inMemory();
        for (int h = 0; h < hosts; h++) {
            t.upsertHost(Host.named(host(h)).withTunnelIp(OptionalInt.of(0xc6120000 | (h + 1)))
                    .withOvsdb(ConnectionState.CONNECTED).withDatapathId(Optional.of(String.format("%016x", h + 1))));
        }
        int networks = (endpoints + ENDPOINTS_PER_NETWORK - 1) / ENDPOINTS_PER_NETWORK;
        int[] nextPort = new int[hosts];
        for (int n = 0; n < networks; n++) {
            t.createNetwork(NetworkRequest.of(network(n), "10." + (n / 256) + "." + (n % 256) + ".0/24"));
            for (int i = 0; i < ENDPOINTS_PER_NETWORK && n * ENDPOINTS_PER_NETWORK + i < endpoints; i++) {
                int h = (n * HOSTS_PER_NETWORK + i % HOSTS_PER_NETWORK) % hosts;
                Endpoint e = t.createEndpoint(network(n), EndpointRequest.of("e" + i, host(h)));
                t.bindEndpoint(e.id(), host(h), ++nextPort[h]);
            }
        }
        return t;
    }

    static String host(int h) {
        return "host" + h;
    }

    static String network(int n) {
        return "net" + n;
    }
}
