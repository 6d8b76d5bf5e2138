package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.TopologySnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void everythingComesBackAfterReopening() {
        TopologySnapshot before;
        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            populate(Topology.open(store));
            before = Topology.open(store).snapshot();
        }
        assertThat(dir.resolve(MvStoreStateStore.FILE_NAME)).isRegularFile();

        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            TopologySnapshot after = Topology.open(store).snapshot();

            assertThat(after.networks()).isEqualTo(before.networks());
            assertThat(after.endpoints()).isEqualTo(before.endpoints());
            assertThat(after.hosts()).isEqualTo(before.hosts());
            Host host = after.host("node-a").orElseThrow();
            assertThat(host.tunnelIp()).hasValue(Ipv4.parse("192.168.1.10"));
            assertThat(host.datapathId()).contains("00000000000000ab");
            assertThat(host.notReadyReason()).contains("missing external_ids:weft-tunnel-ip");
            assertThat(host.ovsdb()).as("connections belong to the old process").isEqualTo(ConnectionState.DISCONNECTED);
        }
    }

    @Test
    void allocationContinuesWithoutDuplicatesAfterReopening() {
        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            populate(Topology.open(store));
        }
        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            Set<Integer> ipsBefore = topology.endpoints("blue").stream().map(Endpoint::ip).collect(Collectors.toSet());

            // populate() freed 10.10.10.3 (b) and holds .2, .4, .20 and the gateway .1.
            Endpoint refill = topology.createEndpoint("blue", EndpointRequest.of("refill", "node-a"));
            Endpoint next = topology.createEndpoint("blue", EndpointRequest.of("next", "node-a"));
            assertThat(Ipv4.format(refill.ip())).isEqualTo("10.10.10.3");
            assertThat(Ipv4.format(next.ip())).isEqualTo("10.10.10.5");
            assertThat(ipsBefore).doesNotContain(refill.ip(), next.ip());
            assertThat(topology.createNetwork(NetworkRequest.of("green", "10.30.0.0/24")).vni())
                    .as("256 and 257 are restored as taken").isEqualTo(258);
        }
    }

    @Test
    void aWriteThatReturnedSurvivesACrash() {
        MvStoreStateStore crashed = MvStoreStateStore.open(dir);
        Topology topology = Topology.open(crashed);
        topology.upsertHost(Host.named("node-a"));
        topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        Endpoint endpoint = topology.createEndpoint("blue", EndpointRequest.of("web", "node-a"));
        topology.setEndpointStatus(endpoint.id(), EndpointStatus.INSTALLED);
        crashed.closeAbruptly();

        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            assertThat(Topology.open(store).endpointById(endpoint.id()))
                    .contains(endpoint.withStatus(EndpointStatus.INSTALLED));
        }
    }

    @Test
    void concurrentDurableCreatesAreAllRestoredAndDistinct() throws Exception {
        List<Endpoint> created = new ArrayList<>();
        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            topology.upsertHost(Host.named("node-a"));
            topology.createNetwork(NetworkRequest.of("big", "10.0.0.0/16"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Endpoint>>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        List<Endpoint> mine = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            mine.add(topology.createEndpoint("big", EndpointRequest.of("t" + thread + "-" + i, "node-a")));
                        }
                        return mine;
                    }));
                }
                for (Future<List<Endpoint>> future : futures) {
                    created.addAll(future.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(created).extracting(Endpoint::ip).doesNotHaveDuplicates();

        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            Map<String, Endpoint> restored = Topology.open(store).snapshot().endpoints();
            assertThat(new HashSet<>(restored.values())).isEqualTo(new HashSet<>(created));
        }
    }

    @Test
    void refusesAFileInAnUnknownFormatAndReportsUnopenableStores() throws Exception {
        try (MvStoreStateStore store = MvStoreStateStore.open(dir)) {
            store.putHost(Host.named("node-a"));
        }
        try (org.h2.mvstore.MVStore raw = org.h2.mvstore.MVStore.open(dir.resolve(MvStoreStateStore.FILE_NAME)
                .toString())) {
            raw.<String, String>openMap("weft").put("format", "99");
            raw.commit();
        }
        assertThatThrownBy(() -> MvStoreStateStore.open(dir)).hasMessageContaining("format 99 is not supported");

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> MvStoreStateStore.open(notADirectory)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("cannot open state store");
    }

    /** Two networks, a host, and endpoints in every state; leaves a hole at 10.10.10.3. */
    private static void populate(Topology topology) {
        topology.upsertHost(Host.named("node-a").withTunnelIp(OptionalInt.of(Ipv4.parse("192.168.1.10")))
                .withOvsdb(ConnectionState.CONNECTED).withDatapathId(Optional.of("00000000000000AB"))
                .withNotReadyReason(Optional.of("missing external_ids:weft-tunnel-ip")));
        topology.upsertHost(Host.named("node-b"));
        topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("red", "10.20.0.0/16").withGateway("10.20.255.254").withMtu(9000));
        Endpoint a = topology.createEndpoint("blue", EndpointRequest.of("a", "node-a"));
        topology.createEndpoint("blue", EndpointRequest.of("b", "node-a"));
        topology.createEndpoint("blue", EndpointRequest.of("c", "node-b"));
        topology.createEndpoint("blue", EndpointRequest.of("fixed", "node-b").withIp("10.10.10.20")
                .withMac("0A:00:00:00:00:01"));
        topology.createEndpoint("red", EndpointRequest.of("a", "node-a"));
        topology.setEndpointStatus(a.id(), EndpointStatus.INSTALLED);
        topology.bindEndpoint(a.id(), "node-a", 12);
        topology.deleteEndpoint("blue", "b");
    }
}
