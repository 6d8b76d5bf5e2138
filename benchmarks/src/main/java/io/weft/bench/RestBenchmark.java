package io.weft.bench;

import io.weft.apps.rest.RestServer;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Endpoint creations per second through the REST API on a durable store (every write fsynced), by one sequential
 * client and by parallel clients, against the floor of the same creations called directly on the topology in the
 * same run. Then the cost of one IP allocation in a /16 holding 10 and 60,000 endpoints, in memory so that the
 * fsync does not hide it.
 */
@Command(name = "rest", mixinStandardHelpOptions = true,
        description = "Endpoint creation rate through REST against direct topology calls, and IPAM cost by size.")
final class RestBenchmark implements Callable<Integer> {
    private static final String HOST = "node1";
    /**
     * Untimed creations per method before timing: JIT-compiles Jetty, Jackson and the topology paths. With 300 (until
     * 2026-12), C2 compilation took 40% of the CPU of the timed runs, and the figures moved with the run's length.
     */
    private static final int WARM_UP = 20_000;
    private static final int IPAM_SMALL = 10;
    private static final int IPAM_LARGE = 60_000;
    private static final int IPAM_BATCH = 1000;

    @Option(names = "--endpoints", defaultValue = "20000",
            description = "Endpoints created by each method (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--clients", defaultValue = "8", description = "Parallel REST clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--batch", defaultValue = "1000",
            description = "Endpoints per request of the bulk API (default: ${DEFAULT-VALUE}, its maximum).")
    int batch;

    /** One timed method: how many creations, how long in all, and each creation's latency. */
    private record Run(int count, long nanos, long[] latencies) {
        double perSecond() {
            return count / (nanos / 1e9);
        }

        double percentileMillis(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (endpoints < 1 || clients < 1 || endpoints > 65_000 || batch < 1 || batch > Topology.MAX_BATCH) {
            throw new IllegalArgumentException("--endpoints must be 1..65000 (one /16 each), --clients >= 1 and"
                    + " --batch 1.." + Topology.MAX_BATCH);
        }
        Path dir = Files.createTempDirectory("weft-bench-rest");
        try {
            durableRuns(dir);
        } finally {
            deleteRecursively(dir);
        }
        ipamCost();
        return 0;
    }

    private void durableRuns(Path dir) throws Exception {
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            addHost(topology);
            // A /16 per method, so each one allocates from an equally empty pool.
            String[] networks = {"warm-up-direct", "direct", "warm-up-seq", "rest-seq", "warm-up-par", "rest-par",
                "warm-up-bulk", "bulk"};
            for (int i = 0; i < networks.length; i++) {
                topology.createNetwork(NetworkRequest.of(networks[i], "10." + (i + 1) + ".0.0/16"));
            }
            try (RestServer rest = new RestServer(topology, h -> Optional.empty(), "127.0.0.1", 0)) {
                URI base = URI.create("http://127.0.0.1:" + rest.start() + "/api/v1/networks/");
                direct(topology, "warm-up-direct", "d", WARM_UP);
                overRest(base, "warm-up-seq", "s", WARM_UP, 1);
                overRest(base, "warm-up-par", "p", WARM_UP, clients);
                bulk(base, "warm-up-bulk", "b", WARM_UP, batch);

                Run direct = direct(topology, "direct", "ep", endpoints);
                Run sequential = overRest(base, "rest-seq", "ep", endpoints, 1);
                long parallelForcesBefore = store.forces();
                Run parallel = overRest(base, "rest-par", "ep", endpoints, clients);
                long parallelForces = store.forces() - parallelForcesBefore;
                long forcesBefore = store.forces();
                Run bulk = bulk(base, "bulk", "ep", endpoints, batch);
                long bulkForces = store.forces() - forcesBefore;
                System.out.printf(Locale.ROOT, "durable store (journal, group commit) in %s; %d endpoints per method"
                        + " after %d untimed warm-up creations per method%n", dir, endpoints, WARM_UP);
                System.out.println();
                System.out.println("| method | endpoints | creations/s | p50 latency | p99 latency | ratio to direct |");
                System.out.println("|---|---|---|---|---|---|");
                printRow("direct Topology.createEndpoint, 1 thread (floor)", direct, direct);
                printRow("REST, 1 sequential client", sequential, direct);
                printRow("REST, " + clients + " parallel clients", parallel, direct);
                printRow("REST bulk (endpoints:batch, " + batch + " per request), 1 client", bulk, direct);
                System.out.println();
                System.out.printf(Locale.ROOT, "fsyncs for %d endpoints: %d with %d parallel clients (group commit),"
                        + " %d in bulk; bulk latency is per request of up to %d endpoints%n", endpoints,
                        parallelForces, clients, bulkForces, batch);
            }
        }
    }

    private static void addHost(Topology topology) {
        topology.upsertHost(Host.named(HOST).withTunnelIp(OptionalInt.of(Ipv4.parse("192.0.2.1"))));
    }

    private static void printRow(String method, Run run, Run floor) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f ms | %.2f ms | %.2f |%n", method, run.count(),
                run.perSecond(), run.percentileMillis(0.50), run.percentileMillis(0.99),
                run.perSecond() / floor.perSecond());
    }

    /** The floor: the same creations with no HTTP, JSON or threads in between. */
    private static Run direct(Topology topology, String network, String prefix, int count) {
        long[] latencies = new long[count];
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            topology.createEndpoint(network, EndpointRequest.of(prefix + i, HOST));
            latencies[i] = System.nanoTime() - t;
        }
        return new Run(count, System.nanoTime() - t0, latencies);
    }

    /** {@code count} creations split over {@code clientCount} threads, each on its own keep-alive connection. */
    private static Run overRest(URI base, String network, String prefix, int count, int clientCount)
            throws Exception {
        String path = base.getPath() + network + "/endpoints";
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                int first = c;
                results.add(pool.submit(() -> {
                    try (KeepAliveHttp http = new KeepAliveHttp(base)) {
                        List<Long> mine = new ArrayList<>();
                        go.await();
                        for (int i = first; i < count; i += clientCount) {
                            long t = System.nanoTime();
                            create(http, path, prefix + i);
                            mine.add(System.nanoTime() - t);
                        }
                        return mine.stream().mapToLong(Long::longValue).toArray();
                    }
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            List<long[]> perClient = new ArrayList<>();
            for (Future<long[]> f : results) {
                perClient.add(f.get());
            }
            long nanos = System.nanoTime() - t0;
            return new Run(count, nanos, perClient.stream().flatMapToLong(Arrays::stream).toArray());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code count} creations in requests of {@code batch} to the bulk API, one client; latencies per request. */
    private static Run bulk(URI base, String network, String prefix, int count, int batch) throws IOException {
        String path = base.getPath() + network + "/endpoints:batch";
        List<Long> latencies = new ArrayList<>();
        try (KeepAliveHttp http = new KeepAliveHttp(base)) {
            long t0 = System.nanoTime();
            for (int first = 0; first < count; first += batch) {
                StringBuilder body = new StringBuilder("{\"endpoints\":[");
                for (int i = first; i < Math.min(count, first + batch); i++) {
                    body.append(i == first ? "" : ",").append("{\"name\":\"").append(prefix).append(i)
                            .append("\",\"host\":\"").append(HOST).append("\"}");
                }
                long t = System.nanoTime();
                KeepAliveHttp.Response response = http.post(path, body.append("]}").toString());
                latencies.add(System.nanoTime() - t);
                if (response.status() != 200 || !response.body().contains("\"failed\":0")) {
                    throw new IllegalStateException("POST " + path + ": " + response.status() + " "
                            + response.body().substring(0, Math.min(500, response.body().length())));
                }
            }
            return new Run(count, System.nanoTime() - t0, latencies.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static void create(KeepAliveHttp http, String path, String name) throws IOException {
        KeepAliveHttp.Response response = http.post(path, "{\"name\":\"" + name + "\",\"host\":\"" + HOST + "\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("POST " + path + " " + name + ": " + response.status() + " "
                    + response.body());
        }
    }

    /**
     * Allocation cost as the pool fills: the next {@value #IPAM_BATCH} creations in a /16 holding
     * {@value #IPAM_SMALL}, then {@value #IPAM_LARGE}. A lowest-free search that walked the endpoints would make
     * the second figure thousands of times the first.
     */
    private static void ipamCost() {
        Topology topology = Topology.inMemory();
        addHost(topology);
        topology.createNetwork(NetworkRequest.of("warm-up", "10.100.0.0/16"));
        topology.createNetwork(NetworkRequest.of("ipam", "10.101.0.0/16"));
        // Warm-up: compile the allocation path before the small pool is timed, or the small figure pays for the JIT.
        fill(topology, "warm-up", 0, 20_000);

        fill(topology, "ipam", 0, IPAM_SMALL);
        double small = microsPerCreation(topology, IPAM_SMALL);
        fill(topology, "ipam", IPAM_SMALL + IPAM_BATCH, IPAM_LARGE);
        double large = microsPerCreation(topology, IPAM_LARGE);
        System.out.println();
        System.out.printf(Locale.ROOT, "IPAM: in-memory topology, one /16 (65,533 usable addresses); mean of %d"
                + " creations each%n", IPAM_BATCH);
        System.out.println();
        System.out.println("| endpoints already in the /16 | us per creation (IP + MAC allocation included) | ratio |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| %,d | %.2f | 1.00 |%n", IPAM_SMALL, small);
        System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f |%n", IPAM_LARGE, large, large / small);
    }

    private static void fill(Topology topology, String network, int from, int to) {
        for (int i = from; i < to; i++) {
            topology.createEndpoint(network, EndpointRequest.of("ep" + i, HOST));
        }
    }

    private static double microsPerCreation(Topology topology, int existing) {
        // Collect the garbage of the fill now, so that a collection does not land in the timed batch.
        System.gc();
        long t0 = System.nanoTime();
        fill(topology, "ipam", existing, existing + IPAM_BATCH);
        return (System.nanoTime() - t0) / 1e3 / IPAM_BATCH;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
