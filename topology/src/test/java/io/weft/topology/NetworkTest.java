package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.assertRefused;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkTest {
    private final Topology topology = topologyWithHost();

    @Test
    void appliesDefaults() {
        Network network = topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));

        assertThat(network.name()).isEqualTo("blue");
        assertThat(network.subnet()).isEqualTo(Cidr.parse("10.10.10.0/24"));
        assertThat(Ipv4.format(network.gateway())).isEqualTo("10.10.10.1");
        assertThat(network.vni()).isEqualTo(256);
        assertThat(network.mtu()).isEqualTo(1450);
        assertThat(topology.network("blue")).contains(network);
        assertThat(topology.networks()).containsExactly(network);
    }

    @Test
    void keepsGivenGatewayVniAndMtu() {
        Network network = topology.createNetwork(
                NetworkRequest.of("blue", "10.10.10.0/24").withGateway("10.10.10.254").withVni(42).withMtu(9000));

        assertThat(Ipv4.format(network.gateway())).isEqualTo("10.10.10.254");
        assertThat(network.vni()).isEqualTo(42);
        assertThat(network.mtu()).isEqualTo(9000);
    }

    @Test
    void allocatesVnisFrom256AndReusesTheLowestFreed() {
        assertThat(create("a").vni()).isEqualTo(256);
        assertThat(create("b").vni()).isEqualTo(257);
        assertThat(create("c").vni()).isEqualTo(258);
        topology.deleteNetwork("b");
        assertThat(create("d").vni()).isEqualTo(257);
        assertThat(create("e").vni()).isEqualTo(259);
    }

    @Test
    void automaticVnisSkipExplicitlyTakenOnes() {
        topology.createNetwork(NetworkRequest.of("explicit", "10.0.0.0/24").withVni(256));
        assertThat(create("auto").vni()).isEqualTo(257);
    }

    @Test
    void refusesTakenVni() {
        topology.createNetwork(NetworkRequest.of("blue", "10.0.0.0/24").withVni(300));
        assertRefused(topology, ErrorKind.CONFLICT, "vni 300 is already used by network 'blue'",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.1.0/24").withVni(300)));
    }

    @Test
    void refusesVniOutOfRange() {
        assertRefused(topology, ErrorKind.INVALID, "invalid vni 0",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.1.0/24").withVni(0)));
        assertRefused(topology, ErrorKind.INVALID, "invalid vni 16777216: expected 1..16777215",
                t -> t.createNetwork(NetworkRequest.of("red", "10.0.1.0/24").withVni(16_777_216)));
        assertThat(topology.createNetwork(NetworkRequest.of("max", "10.0.1.0/24").withVni(16_777_215)).vni())
                .isEqualTo(16_777_215);
    }

    @Test
    void refusesBadSubnets() {
        assertRefused(topology, ErrorKind.INVALID, "10.10.10.1/24 has host bits set",
                t -> t.createNetwork(NetworkRequest.of("x", "10.10.10.1/24")));
        assertRefused(topology, ErrorKind.INVALID, "prefix length must be 8..30",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/7")));
        assertRefused(topology, ErrorKind.INVALID, "prefix length must be 8..30",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/31")));
        assertRefused(topology, ErrorKind.INVALID, "invalid subnet: '10.0.0/24' is not a CIDR prefix",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0/24")));
        assertRefused(topology, ErrorKind.INVALID, "subnet is required",
                t -> t.createNetwork(NetworkRequest.of("x", null)));
    }

    @Test
    void refusesBadGateways() {
        assertRefused(topology, ErrorKind.INVALID, "invalid gateway '10.0.1.1': outside subnet 10.0.0.0/24",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withGateway("10.0.1.1")));
        assertRefused(topology, ErrorKind.INVALID, "network address",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withGateway("10.0.0.0")));
        assertRefused(topology, ErrorKind.INVALID, "broadcast address",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withGateway("10.0.0.255")));
        assertRefused(topology, ErrorKind.INVALID, "invalid gateway: 'gw' is not an IPv4 address",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withGateway("gw")));
    }

    @Test
    void refusesBadMtu() {
        assertRefused(topology, ErrorKind.INVALID, "invalid mtu 575: expected 576..9000",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withMtu(575)));
        assertRefused(topology, ErrorKind.INVALID, "invalid mtu 9001",
                t -> t.createNetwork(NetworkRequest.of("x", "10.0.0.0/24").withMtu(9001)));
    }

    @Test
    void validatesNames() {
        assertThat(create("a").name()).isEqualTo("a");
        assertThat(create("Net_1.prod-2").name()).isEqualTo("Net_1.prod-2");
        assertThat(create("n".repeat(64)).name()).hasSize(64);
        for (String bad : new String[] {"-lead", ".lead", "has space", "slash/", "n".repeat(65), "ümlaut"}) {
            assertRefused(topology, ErrorKind.INVALID, "invalid network name '" + bad + "'",
                    t -> t.createNetwork(NetworkRequest.of(bad, "10.9.0.0/24")));
        }
        assertRefused(topology, ErrorKind.INVALID, "network name is required",
                t -> t.createNetwork(NetworkRequest.of("", "10.9.0.0/24")));
    }

    @Test
    void refusesDuplicateNames() {
        create("blue");
        assertRefused(topology, ErrorKind.CONFLICT, "network 'blue' already exists",
                t -> t.createNetwork(NetworkRequest.of("blue", "10.99.0.0/24")));
    }

    @Test
    void allowsOverlappingSubnetsIsolatedByVni() {
        Network blue = topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        Network red = topology.createNetwork(NetworkRequest.of("red", "10.10.0.0/16"));
        Endpoint inBlue = topology.createEndpoint("blue", EndpointRequest.of("web", HOST).withIp("10.10.10.5"));
        Endpoint inRed = topology.createEndpoint("red", EndpointRequest.of("web", HOST).withIp("10.10.10.5"));

        assertThat(blue.vni()).isNotEqualTo(red.vni());
        assertThat(inBlue.ip()).isEqualTo(inRed.ip());
        assertThat(inBlue.mac()).isEqualTo(inRed.mac());
        assertThat(inBlue.id()).isNotEqualTo(inRed.id());
    }

    @Test
    void refusesToDeleteANetworkWithEndpoints() {
        create("blue");
        topology.createEndpoint("blue", EndpointRequest.of("a", HOST));
        topology.createEndpoint("blue", EndpointRequest.of("b", HOST));

        assertRefused(topology, ErrorKind.CONFLICT, "network 'blue' still has 2 endpoints",
                t -> t.deleteNetwork("blue"));
        assertThat(topology.endpoints("blue")).hasSize(2);

        topology.deleteEndpoint("blue", "a");
        topology.deleteEndpoint("blue", "b");
        assertThat(topology.deleteNetwork("blue").name()).isEqualTo("blue");
        assertThat(topology.network("blue")).isEmpty();
    }

    @Test
    void unknownNetworksAreNotFound() {
        assertRefused(topology, ErrorKind.NOT_FOUND, "network 'nope' not found", t -> t.deleteNetwork("nope"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "network 'nope' not found", t -> t.endpoints("nope"));
        assertRefused(topology, ErrorKind.NOT_FOUND, "network 'nope' not found",
                t -> t.createEndpoint("nope", EndpointRequest.of("a", HOST)));
        assertThat(topology.network("nope")).isEmpty();
    }

    private Network create(String name) {
        return topology.createNetwork(NetworkRequest.of(name, "10.0.0.0/24"));
    }

    @Test
    void aDeletionThatWaitsTakesNoNewEndpointsAndCompletesWithTheLastOne() {
        create("blue");
        topology.createEndpoint("blue", EndpointRequest.of("a", HOST));
        topology.createEndpoint("blue", EndpointRequest.of("b", HOST));

        Topology.NetworkDeletion deletion = topology.deleteNetworkWhenEmpty("blue", "docker network rm on node2");
        assertThat(deletion.deferred()).isTrue();
        assertThat(deletion.remainingEndpoints()).isEqualTo(2);
        assertThat(topology.network("blue").orElseThrow().deletion()).contains("docker network rm on node2");
        assertRefused(topology, ErrorKind.CONFLICT, "network 'blue' is being deleted (docker network rm on node2): it "
                + "takes no new endpoints and goes when its last one leaves (2 left, on host-1)",
                t -> t.createEndpoint("blue", EndpointRequest.of("c", HOST)));
        assertThat(topology.deleteNetworkWhenEmpty("blue", "someone else").network().deletion())
                .as("asking again changes nothing").contains("docker network rm on node2");

        topology.deleteEndpoint("blue", "a");
        assertThat(topology.network("blue")).isPresent();
        topology.deleteEndpoint("blue", "b");
        assertThat(topology.network("blue")).as("gone with its last endpoint").isEmpty();
        assertThat(create("green").vni()).as("its VNI is free again").isEqualTo(256);
    }

    @Test
    void anEmptyNetworkIsDeletedAtOnceEvenWhenTheDeletionCouldWait() {
        create("blue");
        Topology.NetworkDeletion deletion = topology.deleteNetworkWhenEmpty("blue", "docker network rm on node2");
        assertThat(deletion.deferred()).isFalse();
        assertThat(topology.network("blue")).isEmpty();
    }

    @Test
    void aPendingDeletionSurvivesARestartAndOneWhoseLastEndpointWentBeforeTheCrashCompletesOnOpening() {
        InMemoryStateStore store = new InMemoryStateStore();
        Topology before = Topology.open(store);
        before.upsertHost(Host.named(HOST));
        before.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        before.createNetwork(NetworkRequest.of("red", "10.20.0.0/24"));
        before.createEndpoint("blue", EndpointRequest.of("a", HOST));
        Endpoint redOnly = before.createEndpoint("red", EndpointRequest.of("r", HOST));
        before.deleteNetworkWhenEmpty("blue", "test");
        before.deleteNetworkWhenEmpty("red", "test");
        store.removeEndpoint(redOnly.id()); // a crash between the endpoint's removal and the network's

        Topology after = Topology.open(store);
        assertThat(after.network("blue").orElseThrow().deletion()).contains("test");
        assertThat(after.network("red")).isEmpty();
        assertThat(store.load().networks()).extracting(Network::name).containsExactly("blue");
    }
}
