package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.assertRefused;
import static io.weft.topology.TopologyTestSupport.ip;
import static io.weft.topology.TopologyTestSupport.mac;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointTest {
    private final Topology topology = topologyWithHost();

    @BeforeEach
    void createNetwork() {
        topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
    }

    @Test
    void newEndpointsArePendingWithAUuidAndDockerStyleAddresses() {
        Endpoint endpoint = create("web");

        assertThat(UUID.fromString(endpoint.id())).hasToString(endpoint.id());
        assertThat(endpoint.name()).isEqualTo("web");
        assertThat(endpoint.network()).isEqualTo("blue");
        assertThat(endpoint.host()).isEqualTo(HOST);
        assertThat(ip(endpoint)).isEqualTo("10.10.10.2");
        assertThat(mac(endpoint)).isEqualTo("02:42:0a:0a:0a:02");
        assertThat(endpoint.status()).isEqualTo(EndpointStatus.PENDING);
        assertThat(endpoint.binding()).isEmpty();
        assertThat(topology.endpointById(endpoint.id())).contains(endpoint);
        assertThat(topology.endpoint("blue", "web")).contains(endpoint);
        assertThat(topology.endpoint("blue", endpoint.id())).contains(endpoint);
    }

    @Test
    void allocatesTheLowestFreeAddressAndReusesFreedOnes() {
        assertThat(ip(create("a"))).isEqualTo("10.10.10.2");
        assertThat(ip(create("b"))).isEqualTo("10.10.10.3");
        assertThat(ip(create("c"))).isEqualTo("10.10.10.4");
        topology.deleteEndpoint("blue", "b");
        assertThat(ip(create("d"))).isEqualTo("10.10.10.3");
        assertThat(ip(create("e"))).isEqualTo("10.10.10.5");
    }

    @Test
    void skipsNetworkBroadcastAndGatewayEvenWhenTheGatewayIsNotFirst() {
        topology.createNetwork(NetworkRequest.of("tiny", "10.20.0.0/29").withGateway("10.20.0.3"));
        for (String expected : new String[] {"10.20.0.1", "10.20.0.2", "10.20.0.4", "10.20.0.5", "10.20.0.6"}) {
            assertThat(ip(topology.createEndpoint("tiny", EndpointRequest.of("e" + expected.charAt(8), HOST))))
                    .isEqualTo(expected);
        }
        assertRefused(topology, ErrorKind.CONFLICT, "network 'tiny' has no free address left in 10.20.0.0/29",
                t -> t.createEndpoint("tiny", EndpointRequest.of("full", HOST)));
    }

    @Test
    void givenAddressesAreReservedForAllocation() {
        assertThat(ip(topology.createEndpoint("blue", EndpointRequest.of("fixed", HOST).withIp("10.10.10.2"))))
                .isEqualTo("10.10.10.2");
        assertThat(ip(create("auto"))).isEqualTo("10.10.10.3");
    }

    @Test
    void refusesGivenAddressesOutsideTheSubnetOrReserved() {
        assertRefused(topology, ErrorKind.INVALID, "ip 10.10.11.5 is outside subnet 10.10.10.0/24 of network 'blue'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.11.5")));
        assertRefused(topology, ErrorKind.INVALID, "ip 10.10.10.0 is the network address",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.0")));
        assertRefused(topology, ErrorKind.INVALID, "ip 10.10.10.255 is the broadcast address",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.255")));
        assertRefused(topology, ErrorKind.INVALID, "ip 10.10.10.1 is the gateway of network 'blue'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.1")));
        assertRefused(topology, ErrorKind.INVALID, "invalid ip: '10.10.10' is not an IPv4 address",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10")));
    }

    @Test
    void refusesTakenAddress() {
        create("web");
        assertRefused(topology, ErrorKind.CONFLICT, "ip 10.10.10.2 is already used by endpoint 'web'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.2")));
    }

    @Test
    void normalisesGivenMacsAndRefusesDuplicatesWithinTheNetwork() {
        Endpoint endpoint = topology.createEndpoint("blue", EndpointRequest.of("a", HOST).withMac("0A:00:27:00:00:01"));
        assertThat(mac(endpoint)).isEqualTo("0a:00:27:00:00:01");

        assertRefused(topology, ErrorKind.CONFLICT, "mac 0a:00:27:00:00:01 is already used by endpoint 'a'",
                t -> t.createEndpoint("blue", EndpointRequest.of("b", HOST).withMac("0a:00:27:00:00:01")));

        topology.createNetwork(NetworkRequest.of("red", "10.30.0.0/24"));
        assertThat(mac(topology.createEndpoint("red", EndpointRequest.of("b", HOST).withMac("0a:00:27:00:00:01"))))
                .as("MACs only need to be unique within a network").isEqualTo("0a:00:27:00:00:01");
    }

    @Test
    void refusesMulticastZeroAndMalformedMacs() {
        assertRefused(topology, ErrorKind.INVALID, "invalid mac '01:00:5e:00:00:01': must be a unicast address",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withMac("01:00:5e:00:00:01")));
        assertRefused(topology, ErrorKind.INVALID, "all-zero",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withMac("00:00:00:00:00:00")));
        assertRefused(topology, ErrorKind.INVALID, "invalid mac: 'zz' is not a MAC address",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withMac("zz")));
    }

    @Test
    void automaticAddressesSkipOnesWhoseDerivedMacIsTaken() {
        topology.createEndpoint("blue", EndpointRequest.of("squatter", HOST).withIp("10.10.10.9")
                .withMac("02:42:0a:0a:0a:02"));
        Endpoint auto = create("auto");
        assertThat(ip(auto)).isEqualTo("10.10.10.3");
        assertThat(mac(auto)).isEqualTo("02:42:0a:0a:0a:03");

        assertRefused(topology, ErrorKind.CONFLICT, "derived from ip 10.10.10.2 is already used by endpoint 'squatter'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", HOST).withIp("10.10.10.2")));
    }

    @Test
    void refusesUnknownHostsAndDuplicateNames() {
        assertRefused(topology, ErrorKind.INVALID, "unknown host 'ghost'",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", "ghost")));
        assertRefused(topology, ErrorKind.INVALID, "host is required",
                t -> t.createEndpoint("blue", EndpointRequest.of("x", null)));
        assertRefused(topology, ErrorKind.INVALID, "invalid endpoint name 'bad name'",
                t -> t.createEndpoint("blue", EndpointRequest.of("bad name", HOST)));
        create("web");
        assertRefused(topology, ErrorKind.CONFLICT, "endpoint 'web' already exists in network 'blue'",
                t -> t.createEndpoint("blue", EndpointRequest.of("web", HOST)));
    }

    @Test
    void deletesByNameOrIdWithinTheNetwork() {
        Endpoint a = create("a");
        Endpoint b = create("b");
        topology.createNetwork(NetworkRequest.of("red", "10.30.0.0/24"));

        assertRefused(topology, ErrorKind.NOT_FOUND, "endpoint '" + a.id() + "' not found in network 'red'",
                t -> t.deleteEndpoint("red", a.id()));
        assertThat(topology.deleteEndpoint("blue", a.id())).isEqualTo(a);
        assertThat(topology.deleteEndpoint("blue", "b")).isEqualTo(b);
        assertThat(topology.endpoints("blue")).isEmpty();
        assertThat(topology.endpointById(a.id())).isEmpty();
        assertRefused(topology, ErrorKind.NOT_FOUND, "endpoint 'a' not found in network 'blue'",
                t -> t.deleteEndpoint("blue", "a"));
    }

    @Test
    void tracksStatusAndBinding() {
        Endpoint endpoint = create("web");

        Endpoint installed = topology.setEndpointStatus(endpoint.id(), EndpointStatus.INSTALLED);
        assertThat(installed.status()).isEqualTo(EndpointStatus.INSTALLED);

        Endpoint bound = topology.bindEndpoint(endpoint.id(), HOST, 7);
        assertThat(bound.binding()).contains(new OvsBinding(HOST, 7));
        assertThat(bound.status()).isEqualTo(EndpointStatus.INSTALLED);

        Endpoint unbound = topology.unbindEndpoint(endpoint.id());
        assertThat(unbound.binding()).isEmpty();
        assertThat(topology.endpointById(endpoint.id())).contains(unbound);
    }

    @Test
    void refusesBadBindingsAndUnknownIds() {
        Endpoint endpoint = create("web");
        assertRefused(topology, ErrorKind.INVALID, "invalid ofport 0", t -> t.bindEndpoint(endpoint.id(), HOST, 0));
        assertRefused(topology, ErrorKind.INVALID, "host is required", t -> t.bindEndpoint(endpoint.id(), "", 1));
        assertRefused(topology, ErrorKind.NOT_FOUND, "endpoint 'nope' not found", t -> t.bindEndpoint("nope", HOST, 1));
        assertRefused(topology, ErrorKind.NOT_FOUND, "endpoint 'nope' not found",
                t -> t.setEndpointStatus("nope", EndpointStatus.INSTALLED));
        assertRefused(topology, ErrorKind.NOT_FOUND, "endpoint 'nope' not found", t -> t.unbindEndpoint("nope"));
    }

    @Test
    void unchangedStatusOrBindingCommitsNothing() {
        Endpoint endpoint = topology.bindEndpoint(create("web").id(), HOST, 3);
        TopologySnapshot before = topology.snapshot();

        assertThat(topology.setEndpointStatus(endpoint.id(), EndpointStatus.PENDING)).isEqualTo(endpoint);
        assertThat(topology.bindEndpoint(endpoint.id(), HOST, 3)).isEqualTo(endpoint);
        assertThat(topology.snapshot().version()).isEqualTo(before.version());
        assertThat(topology.unbindEndpoint(topology.unbindEndpoint(endpoint.id()).id()).binding())
                .isEqualTo(Optional.empty());
        assertThat(topology.snapshot().version()).isEqualTo(before.version() + 1);
    }

    private Endpoint create(String name) {
        return topology.createEndpoint("blue", EndpointRequest.of(name, HOST));
    }
}
