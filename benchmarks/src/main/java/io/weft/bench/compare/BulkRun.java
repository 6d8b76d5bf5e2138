package io.weft.bench.compare;

import java.util.List;

/** Bulk load for one system: every endpoint at once, then the time until all are ready and the flow rate. */
final class BulkRun {
    private final SystemUnderTest system;
    private final int hostCount;
    private final int networks;
    private final int endpoints;

    BulkRun(SystemUnderTest system, int hostCount, int networks, int endpoints) {
        this.system = system;
        this.hostCount = hostCount;
        this.networks = networks;
        this.endpoints = endpoints;
    }

    BulkResult run() throws Exception {
        try (Testbed bed = Testbed.start(system, hostCount, networks)) {
            FlowTables.PerHost before = FlowTables.count(bed.hosts());
            List<Testbed.Sample> samples = bed.addMany(0, endpoints, 3600);
            long start = samples.stream().mapToLong(Testbed.Sample::apiCall).min().orElseThrow();
            long firstPlugged = samples.stream().mapToLong(Testbed.Sample::plugged).min().orElseThrow();
            long lastReady = samples.stream().mapToLong(Testbed.Sample::ready).max().orElseThrow();
            system.settle();
            FlowTables.PerHost after = FlowTables.count(bed.hosts());
            long rss = system.controllerRssKb().values().stream().mapToLong(Long::longValue).sum();
            long added = Math.round((after.meanFlows() - before.meanFlows()) * hostCount);
            Testbed.log("%s: %d endpoints ready in %.1f s", system.name(), endpoints, (lastReady - start) / 1e9);
            return new BulkResult(system.name(), hostCount, networks, endpoints, (lastReady - start) / 1e9,
                    (lastReady - firstPlugged) / 1e9, added, after.meanFlows(), rss);
        }
    }
}
