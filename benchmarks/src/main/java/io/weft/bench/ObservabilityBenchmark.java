package io.weft.bench;

import io.weft.apps.observability.FlowTables;
import io.weft.apps.observability.WeftMetrics;
import io.weft.apps.overlay.OverlayApp;
import io.weft.apps.overlay.trace.PipelineTracer;
import io.weft.apps.overlay.trace.TraceRequest;
import io.weft.apps.overlay.trace.TraceResult;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What seeing inside costs the controller at scale, in process: the real topology and overlay, one modelled switch per
 * host ({@link CountingSwitch}, which confirms at once), endpoints bound on random hosts. It times a whole
 * {@code /metrics} scrape (every gauge, the flow counts of every host from the overlay's worker, the JVM's), a
 * {@code weft trace} across two hosts, and {@code weft flows} of one host. The scrape is what Prometheus does every
 * 15 s: it must stay far below that, and it holds the overlay's worker for the flow counts.
 */
@Command(name = "observe", mixinStandardHelpOptions = true,
        description = "Time /metrics scrapes, weft trace and weft flows against hosts x endpoints, in process.")
final class ObservabilityBenchmark implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Option(names = "--endpoints", defaultValue = "30000", description = "Endpoints (default: ${DEFAULT-VALUE}).")
    int endpointCount;

    @Option(names = "--network-size", defaultValue = "1000", description = "Endpoints per network (default:"
            + " ${DEFAULT-VALUE}).")
    int networkSize;

    @Option(names = "--rounds", defaultValue = "30", description = "Timed rounds of each (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong ops = new AtomicLong();
        try {
            Topology topology = Topology.inMemory();
            SwitchRegistry switches = new SwitchRegistry();
            WeftMetrics metrics = new WeftMetrics(() -> true);
            OverlayApp overlay = new OverlayApp(topology, switches, (host, id) -> { }, worker, Duration.ZERO,
                    metrics);
            overlay.start();
            ModelledHosts.add(topology, switches, hostCount, ops);
            Random random = new Random(42);
            List<Endpoint> endpoints = new ArrayList<>();
            for (int created = 0; created < endpointCount; created += networkSize) {
                int network = created / networkSize;
                topology.createNetwork(NetworkRequest.of("net" + network,
                        "10." + (network / 32) + "." + (network % 32 * 8) + ".0/21"));
                List<EndpointRequest> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(networkSize, endpointCount - created); i++) {
                    batch.add(EndpointRequest.of("ep" + (created + i), "host" + random.nextInt(hostCount)));
                }
                topology.createEndpoints("net" + network, batch).forEach(c -> endpoints.add(c.endpoint()
                        .orElseThrow(() -> c.failure().orElseThrow())));
            }
            // Every endpoint bound to a port on its host, as OVS reports it when the container's port appears.
            // ofport numbers start at 1 on each host; the tunnel's own is 4789, which none of these reaches at 30k
            // endpoints on 100 hosts (about 300 each).
            int[] nextPort = new int[hostCount];
            for (Endpoint e : endpoints) {
                int h = Integer.parseInt(e.host().substring(4));
                topology.bindEndpoint(e.id(), e.host(), ++nextPort[h]);
            }
            ModelledHosts.settle(overlay, ops);
            metrics.watch(topology, () -> switches.all().size(), overlay::flowCounts);
            byte[] sample = metrics.scrape();
            long series = new String(sample, java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).count();
            long[] scrapes = time(rounds, metrics::scrape);
            Endpoint from = endpoints.get(0);
            Endpoint to = endpoints.stream().filter(e -> e.network().equals(from.network())
                    && !e.host().equals(from.host())).findFirst().orElseThrow();
            TraceRequest request = new TraceRequest(from.network(), from.name(), to.ip(), "tcp", Optional.of(80),
                    Optional.empty(), Optional.empty(), Optional.empty(), 64);
            TraceResult once = overlay.inspect(v -> new PipelineTracer(topology.snapshot(), v::desired, v::confirmed)
                    .trace(request)).get(1, TimeUnit.MINUTES);
            long[] traces = time(rounds, () -> overlay.inspect(v -> new PipelineTracer(topology.snapshot(),
                    v::desired, v::confirmed).trace(request)).get(1, TimeUnit.MINUTES));
            // How long a change waits behind a trace: the worker only takes the state; the flows are computed off it.
            long[] held = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<TraceResult> running = overlay.inspect(v -> new PipelineTracer(topology.snapshot(),
                        v::desired, v::confirmed).trace(request));
                long t0 = System.nanoTime();
                overlay.drained().get(1, TimeUnit.MINUTES);
                held[i] = System.nanoTime() - t0;
                running.get(1, TimeUnit.MINUTES);
            }
            Arrays.sort(held);
            long[] drainedAlone = time(rounds, () -> overlay.drained().get(1, TimeUnit.MINUTES));
            FlowTables tables = new FlowTables(overlay);
            long[] flows = time(rounds, () -> tables.tablesOf(from.host()));
            System.out.printf(Locale.ROOT, "%d hosts, %,d endpoints bound (networks of %d, random hosts)%n",
                    hostCount, endpointCount, networkSize);
            System.out.println("| what | p50 | p99 | notes |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| /metrics scrape | %.1f ms | %.1f ms | %,d bytes, %,d series |%n",
                    ms(scrapes, 50), ms(scrapes, 99), sample.length, series);
            System.out.printf(Locale.ROOT, "| weft trace (2 hosts) | %.1f ms | %.1f ms | verdict: %s |%n",
                    ms(traces, 50), ms(traces, 99), once.verdicts().get(0).detail());
            int hostFlows = ((FlowTables.View) tables.tablesOf(from.host()).orElseThrow()).tables().stream()
                    .mapToInt(t -> t.flows().size()).sum();
            System.out.printf(Locale.ROOT, "| weft flows (1 host) | %.1f ms | %.1f ms | %,d flows on the host |%n",
                    ms(flows, 50), ms(flows, 99), hostFlows);
            System.out.printf(Locale.ROOT, "| trace, then a change waits for the worker | %.1f ms | %.1f ms | idle worker:"
                    + " %.2f ms p50 |%n", ms(held, 50), ms(held, 99), ms(drainedAlone, 50));
            overlay.stop();
        } finally {
            worker.shutdownNow();
        }
        return 0;
    }

    private interface Timed {
        Object run() throws Exception;
    }

    /** Nanoseconds of each of {@code rounds} runs, after as many warm-up runs, sorted. */
    private static long[] time(int rounds, Timed what) throws Exception {
        for (int i = 0; i < rounds; i++) {
            what.run();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            what.run();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
