package io.weft.bench.compare;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Time to ready for one system at one host count: endpoints one at a time after an untimed warm-up
 * (the JVM compiles its hot paths; OVN's daemons see the same extra endpoints), then flows per host,
 * controller memory and optionally a restart.
 */
final class SystemRun {
    /** Samples slower than this from the plug are logged one by one. */
    private static final double SLOW_MS = 20;

    private final SystemUnderTest system;
    private final int hostCount;
    private final int endpoints;
    private final int warmup;
    private final int networks;
    private final boolean restart;

    SystemRun(SystemUnderTest system, int hostCount, int endpoints, int warmup, int networks, boolean restart) {
        this.system = system;
        this.hostCount = hostCount;
        this.endpoints = endpoints;
        this.warmup = warmup;
        this.networks = networks;
        this.restart = restart;
    }

    SystemResult run() throws Exception {
        try (Testbed bed = Testbed.start(system, hostCount, networks)) {
            FlowTables.PerHost flowsBefore = FlowTables.count(bed.hosts());
            for (int i = 0; i < warmup; i++) {
                bed.addOne(i);
            }
            // The full collection comes first, so that the JVM's RSS is read just after one both times.
            OptionalLong heapBefore = system.liveHeapKb();
            long rssBefore = total(system.controllerRssKb());
            List<Double> apiToReady = new ArrayList<>();
            List<Double> plugToReady = new ArrayList<>();
            for (int i = warmup; i < warmup + endpoints; i++) {
                Testbed.Sample s = bed.addOne(i);
                if (s.plugToReadyMs() > SLOW_MS) {
                    // With a wall-clock time, to find the moment in the controller's log.
                    Testbed.log("%s: e%d on host%d: b->c %.1f ms, ready at %s", system.name(), i, bed.hostOf(i),
                            s.plugToReadyMs(), Instant.now());
                }
                apiToReady.add(s.apiToReadyMs());
                plugToReady.add(s.plugToReadyMs());
            }
            system.settle();
            FlowTables.PerHost flowsAfter = FlowTables.count(bed.hosts());
            OptionalLong heapAfter = system.liveHeapKb();
            Map<String, Long> rssAfter = system.controllerRssKb();
            Testbed.log("%s: %d endpoints ready; %.0f flows per host", system.name(), warmup + endpoints,
                    flowsAfter.meanFlows());
            RestartResult restartResult = null;
            if (restart) {
                restartResult = new RestartProbe(system, bed.hosts().get(0), bed.watch(0))
                        .run(networks, warmup + endpoints);
            }
            return new SystemResult(system.name(), hostCount, endpoints, warmup, new Latencies(apiToReady),
                    new Latencies(plugToReady), flowsBefore, flowsAfter, rssBefore, rssAfter, heapBefore, heapAfter,
                    restartResult);
        }
    }

    private static long total(Map<String, Long> rss) {
        return rss.values().stream().mapToLong(Long::longValue).sum();
    }
}
