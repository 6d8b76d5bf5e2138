package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.NetworkRequest;
import io.weft.topology.ForwardingStateStore;
import io.weft.topology.Topology;
import io.weft.topology.TopologyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: writes staged together share one fsync, and nothing is told or acknowledged before it is durable. */
class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void writesStagedBeforeOneForceAreAllDurableAfterIt() {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            long before = store.writeMark();
            store.putNetwork(network("a", "10.1.0.0/24"));
            long afterA = store.writeMark();
            store.putNetwork(network("b", "10.2.0.0/24"));
            long afterB = store.writeMark();
            assertThat(afterA).isGreaterThan(before);
            assertThat(afterB).isGreaterThan(afterA);
            assertThat(store.durableMark()).as("staged, not yet forced").isLessThan(afterA);

            store.awaitDurable(afterB);
            assertThat(store.forces()).isEqualTo(1);
            assertThat(store.durableMark()).isGreaterThanOrEqualTo(afterB);
            store.awaitDurable(afterA);
            assertThat(store.forces()).as("a mark already covered costs no second force").isEqualTo(1);
        }
    }

    @Test
    void anObservationNeedsNoForce() {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            topology.upsertHost(Host.named("node1"));
            topology.createNetwork(NetworkRequest.of("net", "10.1.0.0/24"));
            Endpoint endpoint = topology.createEndpoint("net", EndpointRequest.of("e", "node1"));
            long forces = store.forces();
            topology.bindEndpoint(endpoint.id(), "node1", 7);
            assertThat(store.forces()).isEqualTo(forces);
        }
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            assertThat(store.load().endpoints()).singleElement()
                    .satisfies(e -> assertThat(e.binding()).isPresent());
        }
    }

    @Test
    void concurrentCreatorsShareForcesAndEveryAcknowledgedOneSurvives() throws Exception {
        int clients = 8;
        int perClient = 250;
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        long forces;
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            topology.upsertHost(Host.named("node1"));
            topology.createNetwork(NetworkRequest.of("net", "10.1.0.0/20"));
            long before = store.forces();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perClient; i++) {
                        acknowledged.add(topology.createEndpoint("net",
                                EndpointRequest.of("c" + client + "-" + i, "node1")).id());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            forces = store.forces() - before;
        }
        assertThat(acknowledged).hasSize(clients * perClient);
        assertThat(forces).as("8 writers waiting on each other's fsync share it").isLessThan(clients * perClient);
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            assertThat(store.load().endpoints()).extracting(Endpoint::id)
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    /** Every listener call and every read sees only what the real store has forced to the disk. */
    @Test
    void listenersHearOfAChangeOnlyOnceItIsDurable() throws Exception {
        try (JournalStateStore journal = JournalStateStore.open(dir)) {
            MarkRecordingStore store = new MarkRecordingStore(journal);
            Topology topology = Topology.open(store);
            topology.upsertHost(Host.named("node1"));
            topology.createNetwork(NetworkRequest.of("net", "10.1.0.0/20"));
            List<String> early = new CopyOnWriteArrayList<>();
            topology.addListener(event -> {
                if (event instanceof TopologyEvent.EndpointAdded added
                        && journal.durableMark() < store.markOf(added.endpoint().id())) {
                    early.add(added.endpoint().name());
                }
            });
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        Endpoint e = topology.createEndpoint("net", EndpointRequest.of("c" + client + "-" + i,
                                "node1"));
                        if (journal.durableMark() < store.markOf(e.id())) {
                            early.add("acknowledged " + e.name());
                        }
                        topology.endpoints("net").forEach(seen -> {
                            if (journal.durableMark() < store.markOf(seen.id())) {
                                early.add("read " + seen.name());
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(early).isEmpty();
        }
    }

    private static Network network(String name, String subnet) {
        return Topology.inMemory().createNetwork(NetworkRequest.of(name, subnet));
    }

    /** The real store, noting the write mark right after each endpoint was staged. */
    private static final class MarkRecordingStore extends ForwardingStateStore {
        private final Map<String, Long> marks = new ConcurrentHashMap<>();

        MarkRecordingStore(JournalStateStore store) {
            super(store);
        }

        long markOf(String endpointId) {
            return marks.get(endpointId);
        }

        @Override
        public void putEndpoint(Endpoint endpoint) {
            super.putEndpoint(endpoint);
            marks.put(endpoint.id(), writeMark());
        }
    }
}
