package io.weft.bench;

import io.weft.apps.overlay.OverlayApp;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.EndpointRequest;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The controller's live heap per endpoint as endpoints and hosts grow, in process: the real topology on a durable
 * journal, the real overlay (desired flows, reconcilers, install tracking) and one switch per host that confirms every
 * transaction at once and keeps nothing ({@link CountingSwitch}), so the heap measured is the controller's own. For
 * each number of hosts, endpoints are created in networks of {@code --network-size}, each on a host drawn at random
 * (so every network spans nearly every host: the case where per-host flow state grows with endpoints x hosts), and
 * the live heap is read after a full GC at each step.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Controller live heap per endpoint against endpoints x hosts, in process (modelled switches).")
final class MemoryBenchmark implements Callable<Integer> {
    @Option(names = "--hosts", split = ",", defaultValue = "30,100,1000",
            description = "Numbers of hosts, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> hostCounts;

    @Option(names = "--endpoints", split = ",", defaultValue = "10000,50000,100000",
            description = "Endpoint counts measured in each run, cumulative (default: ${DEFAULT-VALUE}).")
    List<Integer> endpointSteps;

    @Option(names = "--network-size", defaultValue = "1000",
            description = "Endpoints per network (default: ${DEFAULT-VALUE}; a /21 each).")
    int networkSize;

    @Option(names = "--histogram", description = "After each run, print the classes holding the most live heap.")
    boolean histogram;

    @Override
    public Integer call() throws Exception {
        if (networkSize < 1 || networkSize > 2000) {
            throw new IllegalArgumentException("--network-size must be 1..2000 (a /21 holds 2,045)");
        }
        System.out.printf(Locale.ROOT, "max heap %d MiB; networks of %d endpoints, each on a random host%n%n",
                Runtime.getRuntime().maxMemory() >> 20, networkSize);
        System.out.println("| hosts | endpoints | endpoints x hosts | live heap | growth per endpoint | flow ops sent |"
                + " create + install time |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int hosts : hostCounts) {
            run(hosts);
        }
        return 0;
    }

    private void run(int hostCount) throws Exception {
        Path dir = Files.createTempDirectory("weft-bench-memory");
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong ops = new AtomicLong();
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            Topology topology = Topology.open(store);
            SwitchRegistry switches = new SwitchRegistry();
            OverlayApp overlay = new OverlayApp(topology, switches, (host, id) -> { }, worker, Duration.ZERO);
            overlay.start();
            ModelledHosts.add(topology, switches, hostCount, ops);
            ModelledHosts.settle(overlay, ops);
            long baseline = liveHeap();
            Random random = new Random(42);
            int created = 0;
            long t0 = System.nanoTime();
            for (int step : endpointSteps) {
                while (created < step) {
                    int network = created / networkSize;
                    if (created % networkSize == 0) {
                        topology.createNetwork(NetworkRequest.of("net" + network,
                                "10." + (network / 32) + "." + (network % 32 * 8) + ".0/21"));
                    }
                    int count = Math.min(networkSize - created % networkSize, step - created);
                    List<EndpointRequest> batch = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        batch.add(EndpointRequest.of("ep" + (created + i), "host" + random.nextInt(hostCount)));
                    }
                    topology.createEndpoints("net" + network, batch);
                    created += count;
                    ModelledHosts.settle(overlay, ops);
                }
                long nanos = System.nanoTime() - t0;
                long heap = liveHeap();
                System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %.1f MiB | %.2f KB | %,d | %.1f s |%n", hostCount,
                        created, (long) created * hostCount, heap / 1048576.0, (heap - baseline) / 1000.0 / created,
                        ops.get(), nanos / 1e9);
            }
            if (histogram) {
                printHistogram();
            }
            overlay.stop();
        } finally {
            worker.shutdownNow();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The top of the JVM's live class histogram (jcmd GC.class_histogram), through its diagnostic MBean. */
    private static void printHistogram() throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        text.lines().limit(25).forEach(System.out::println);
    }

    /** Heap in use after full collections (G1 runs a full GC on System.gc()), settled over a few rounds. */
    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
