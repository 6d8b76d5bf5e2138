package io.weft.topology;

import static io.weft.topology.TopologyTestSupport.HOST;
import static io.weft.topology.TopologyTestSupport.topologyWithHost;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 125;

    @Test
    void concurrentCreatesNeverShareAnAddressOrMac() throws Exception {
        Topology topology = topologyWithHost();
        topology.createNetwork(NetworkRequest.of("big", "10.200.0.0/16"));

        List<Endpoint> created = inParallel(thread -> {
            List<Endpoint> mine = new ArrayList<>();
            for (int i = 0; i < PER_THREAD; i++) {
                mine.add(topology.createEndpoint("big", EndpointRequest.of("t" + thread + "-" + i, HOST)));
            }
            return mine;
        });

        assertThat(created).hasSize(THREADS * PER_THREAD);
        assertThat(created).extracting(Endpoint::ip).doesNotHaveDuplicates();
        assertThat(created).extracting(Endpoint::mac).doesNotHaveDuplicates();
        assertThat(created).extracting(Endpoint::id).doesNotHaveDuplicates();
        assertThat(topology.endpoints("big")).containsExactlyInAnyOrderElementsOf(created);
        // Nothing was skipped: the 1000 addresses are exactly the lowest 1000 usable ones (.0.2 up).
        assertThat(created.stream().mapToInt(Endpoint::ip).max().orElseThrow())
                .isEqualTo(Ipv4.parse("10.200.0.0") + THREADS * PER_THREAD + 1);
    }

    @Test
    void concurrentNetworkCreatesNeverShareAVni() throws Exception {
        Topology topology = Topology.inMemory();

        List<Network> created = inParallel(thread -> {
            List<Network> mine = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                mine.add(topology.createNetwork(NetworkRequest.of("n" + thread + "-" + i, "10.0.0.0/24")));
            }
            return mine;
        });

        assertThat(created).extracting(Network::vni).doesNotHaveDuplicates()
                .allSatisfy(vni -> assertThat(vni).isBetween(256, 256 + THREADS * 20 - 1));
    }

    private interface Work<T> {
        List<T> run(int thread);
    }

    /** Runs {@code work} on {@link #THREADS} threads released at the same moment and gathers the results. */
    private static <T> List<T> inParallel(Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.run(thread);
                }));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
