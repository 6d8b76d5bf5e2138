package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointLifetime;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.TopologySnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.h2.mvstore.MVStore;
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

class JournalStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void everythingComesBackAfterReopening() {
        TopologySnapshot before;
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            populate(Topology.open(store));
            before = Topology.open(store).snapshot();
        }
        assertThat(dir.resolve(JournalStateStore.FILE_NAME)).isRegularFile();

        try (JournalStateStore store = JournalStateStore.open(dir)) {
            TopologySnapshot after = Topology.open(store).snapshot();

            assertThat(after.networks()).isEqualTo(before.networks());
            assertThat(after.endpoints()).isEqualTo(before.endpoints());
            assertThat(after.hosts()).isEqualTo(before.hosts());
            assertThat(after.routers()).isEqualTo(before.routers()).containsOnlyKeys("r1", "r2");
            assertThat(after.routers().get("r1").networks()).containsExactly("blue", "red");
            assertThat(after.endpoints().values()).filteredOn(e -> e.lifetime() == EndpointLifetime.PORT)
                    .extracting(Endpoint::name).containsExactly("cni");
            Host host = after.host("node-a").orElseThrow();
            assertThat(host.tunnelIp()).hasValue(Ipv4.parse("192.168.1.10"));
            assertThat(host.datapathId()).contains("00000000000000ab");
            assertThat(host.notReadyReason()).contains("missing external_ids:weft-tunnel-ip");
            assertThat(host.ovsdb()).as("connections belong to the old process").isEqualTo(ConnectionState.DISCONNECTED);
        }
    }

    @Test
    void allocationContinuesWithoutDuplicatesAfterReopening() {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            populate(Topology.open(store));
        }
        try (JournalStateStore store = JournalStateStore.open(dir)) {
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
        JournalStateStore crashed = JournalStateStore.open(dir);
        Topology topology = Topology.open(crashed);
        topology.upsertHost(Host.named("node-a"));
        topology.createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        Endpoint endpoint = topology.createEndpoint("blue", EndpointRequest.of("web", "node-a"));
        topology.setEndpointStatus(endpoint.id(), EndpointStatus.INSTALLED);
        // Nothing is written on close: the journal on disk is already what kill -9 would leave (the crash suite,
        // CrashConsistencyTest, kills a real process).
        crashed.close();

        try (JournalStateStore store = JournalStateStore.open(dir)) {
            assertThat(Topology.open(store).endpointById(endpoint.id()))
                    .contains(endpoint.withStatus(EndpointStatus.INSTALLED));
        }
    }

    @Test
    void concurrentDurableCreatesAreAllRestoredAndDistinct() throws Exception {
        List<Endpoint> created = new ArrayList<>();
        try (JournalStateStore store = JournalStateStore.open(dir)) {
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

        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Map<String, Endpoint> restored = Topology.open(store).snapshot().endpoints();
            assertThat(new HashSet<>(restored.values())).isEqualTo(new HashSet<>(created));
        }
    }

    @Test
    void refusesAFileInAnUnknownFormatAndReportsUnopenableStores() throws Exception {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            store.putHost(Host.named("node-a"));
        }
        Files.writeString(dir.resolve(JournalStateStore.FILE_NAME), "WEFT-JOURNAL 99\n");
        assertThatThrownBy(() -> JournalStateStore.open(dir)).hasMessageContaining("journal format 99 is not supported");

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> JournalStateStore.open(notADirectory)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("cannot open state store");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        try (JournalStateStore first = JournalStateStore.open(dir)) {
            assertThatThrownBy(() -> JournalStateStore.open(dir)).isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("in use by another controller");
        }
        JournalStateStore.open(dir).close();
    }

    @Test
    void compactionKeepsExactlyTheLiveRowsAndTheJournalBounded() {
        JournalSettings small = new JournalSettings(4096);
        TopologySnapshot before;
        long generation;
        try (JournalStateStore store = JournalStateStore.open(dir, small)) {
            Topology topology = Topology.open(store);
            populate(topology);
            for (int round = 0; round < 40; round++) {
                Endpoint e = topology.createEndpoint("red", EndpointRequest.of("churn-" + round, "node-a"));
                topology.bindEndpoint(e.id(), "node-a", 100 + round);
                topology.setEndpointStatus(e.id(), EndpointStatus.INSTALLED);
                if (round % 3 != 0) {
                    topology.deleteEndpoint("red", e.name());
                }
            }
            before = Topology.open(store).snapshot(); // as a restart sees it: connection states are not stored
            generation = store.generation();
            assertThat(generation).as("compacted at least once").isGreaterThan(2);
            assertThat(store.journalBytes()).isLessThan(4 * 4096 + 2 * 14 * 400);
        }
        try (JournalStateStore store = JournalStateStore.open(dir, small)) {
            TopologySnapshot after = Topology.open(store).snapshot();
            assertThat(after.networks()).isEqualTo(before.networks());
            assertThat(after.endpoints()).isEqualTo(before.endpoints());
            assertThat(after.hosts()).isEqualTo(before.hosts());
            assertThat(store.generation()).isEqualTo(generation);
        }
    }

    @Test
    void aTornLastWriteIsDroppedAndWritingGoesOnAfterIt() throws Exception {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology.open(store).createNetwork(NetworkRequest.of("blue", "10.10.10.0/24"));
        }
        Path file = dir.resolve(JournalStateStore.FILE_NAME);
        byte[] torn = JournalFormat.frame("{\"op\":\"PUT\",\"table\":\"networks\",\"key\":\"gre".getBytes()).array();
        Files.write(file, Arrays.copyOf(torn, torn.length - 5), StandardOpenOption.APPEND);

        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            assertThat(topology.networks()).extracting(n -> n.name()).containsExactly("blue");
            topology.createNetwork(NetworkRequest.of("green", "10.30.0.0/24"));
        }
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            assertThat(Topology.open(store).networks()).extracting(n -> n.name()).containsExactly("blue", "green");
        }
    }

    @Test
    void aJournalCutInsideItsSnapshotOrDamagedInTheMiddleIsRefusedAndLeftAsItIs() throws Exception {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            populate(Topology.open(store));
            store.compact(); // the file is one snapshot
        }
        Path file = dir.resolve(JournalStateStore.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> JournalStateStore.open(dir)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("is damaged: its snapshot section ends after")
                .hasMessageContaining("restore the file from a backup");
        assertThat(Files.size(file)).as("a refused file is not rewritten").isEqualTo(whole.length / 2);

        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x20;
        Files.write(file, flipped);
        assertThatThrownBy(() -> JournalStateStore.open(dir)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("with a valid frame after it");
    }

    @Test
    void aDataDirectoryOfTheOldMvStoreIsImportedOnce() throws Exception {
        TopologySnapshot expected;
        try (JournalStateStore reference = JournalStateStore.open(dir.resolve("reference"))) {
            Topology topology = Topology.open(reference);
            populate(topology);
            expected = Topology.open(reference).snapshot();
        }
        // An MVStore file as Weft 0.1 wrote it: maps of JSON rows by key, and the format marker.
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        try (JournalStateStore reference = JournalStateStore.open(dir.resolve("reference"))) {
            StoreTables rows = JournalReplay.of(dir.resolve("reference").resolve(JournalStateStore.FILE_NAME),
                    JournalReader.read(dir.resolve("reference").resolve(JournalStateStore.FILE_NAME))).tables();
            try (MVStore mv = new MVStore.Builder().fileName(old.resolve("weft.mv.db").toString()).open()) {
                mv.<String, String>openMap("weft").put("format", "1");
                for (String table : StoreTables.NAMES) {
                    rows.rows(table).forEach((key, row) -> mv.<String, String>openMap(table).put(key, row));
                }
                mv.commit();
            }
        }

        try (JournalStateStore store = JournalStateStore.open(old)) {
            TopologySnapshot imported = Topology.open(store).snapshot();
            assertThat(imported.networks()).isEqualTo(expected.networks());
            assertThat(imported.endpoints()).isEqualTo(expected.endpoints());
            assertThat(imported.hosts()).isEqualTo(expected.hosts());
        }
        assertThat(old.resolve("weft.mv.db")).doesNotExist();
        assertThat(old.resolve("weft.mv.db.imported")).isRegularFile();
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
        topology.createEndpoint("red", EndpointRequest.of("cni", "node-b").withLifetime(EndpointLifetime.PORT));
        topology.setEndpointStatus(a.id(), EndpointStatus.INSTALLED);
        topology.bindEndpoint(a.id(), "node-a", 12);
        topology.deleteEndpoint("blue", "b");
        topology.createRouter("r1");
        topology.createRouter("r2");
        topology.attachNetwork("r1", "red");
        topology.attachNetwork("r1", "blue");
    }
}
